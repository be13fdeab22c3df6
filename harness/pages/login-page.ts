import { expect, type Locator, type Page } from '@playwright/test';

/** ログイン */
export class LoginPage {
  readonly heading: Locator;
  readonly loginId: Locator;
  readonly password: Locator;
  readonly submit: Locator;
  readonly error: Locator;
  readonly notice: Locator;

  constructor(readonly page: Page) {
    this.heading = page.getByRole('heading', { name: 'ログイン' });
    this.loginId = page.getByLabel('ログインID');
    this.password = page.getByLabel('パスワード');
    this.submit = page.getByRole('button', { name: 'ログイン' });
    this.error = page.getByRole('alert');
    this.notice = page.getByRole('status');
  }

  async goto() {
    await this.page.goto('/login');
    await expect(this.heading).toBeVisible();
  }

  async login(loginId: string, password: string) {
    await this.loginId.fill(loginId);
    await this.password.fill(password);
    await this.submit.click();
  }
}
