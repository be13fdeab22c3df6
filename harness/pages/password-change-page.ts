import { expect, type Locator, type Page } from '@playwright/test';

/** パスワード変更 (from アカウント管理): a new password for the selected account, typed twice. */
export class PasswordChangePage {
  readonly heading: Locator;
  readonly newPassword: Locator;
  readonly confirm: Locator;
  readonly submit: Locator;
  readonly back: Locator;
  readonly error: Locator;

  constructor(readonly page: Page) {
    this.heading = page.getByRole('heading', { level: 1, name: /パスワード変更$/ });
    this.newPassword = page.getByLabel('新しいパスワード', { exact: true });
    this.confirm = page.getByLabel('新しいパスワード（確認用）');
    this.submit = page.getByRole('button', { name: '変更', exact: true });
    this.back = page.getByRole('link', { name: '戻る' });
    this.error = page.getByRole('alert');
  }

  async expectShownFor(loginId: string) {
    await expect(this.heading).toBeVisible();
    await expect(this.page.getByRole('cell', { name: loginId, exact: true })).toBeVisible();
  }

  async change(password: string, confirm = password) {
    await this.newPassword.fill(password);
    await this.confirm.fill(confirm);
    await this.submit.click();
  }
}
