import { expect, type Locator, type Page } from '@playwright/test';

/** トップ */
export class TopPage {
  readonly heading: Locator;
  readonly menu: Locator;
  readonly logout: Locator;

  constructor(readonly page: Page) {
    this.heading = page.getByRole('heading', { level: 1, name: /トップ$/ });
    this.menu = page.getByRole('navigation', { name: 'メニュー' });
    this.logout = page.getByRole('button', { name: 'ログアウト' });
  }

  async expectShown() {
    await expect(this.heading).toBeVisible();
  }
}
