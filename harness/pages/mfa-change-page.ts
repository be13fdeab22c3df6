import { expect, type Locator, type Page } from '@playwright/test';

/** 多要素認証変更 (from アカウント管理): ON or OFF for the selected accounts. */
export class MfaChangePage {
  readonly heading: Locator;
  readonly on: Locator;
  readonly off: Locator;
  readonly submit: Locator;
  readonly error: Locator;

  constructor(readonly page: Page) {
    this.heading = page.getByRole('heading', { level: 1, name: /多要素認証変更$/ });
    this.on = page.getByRole('radio', { name: 'ON', exact: true });
    this.off = page.getByRole('radio', { name: 'OFF', exact: true });
    this.submit = page.getByRole('button', { name: '変更', exact: true });
    this.error = page.getByRole('alert');
  }

  async expectShownFor(...loginIds: string[]) {
    await expect(this.heading).toBeVisible();
    for (const id of loginIds) await expect(this.page.getByRole('cell', { name: id, exact: true })).toBeVisible();
  }

  async set(mfa: 'ON' | 'OFF') {
    await (mfa === 'ON' ? this.on : this.off).check();
    await this.submit.click();
  }
}
