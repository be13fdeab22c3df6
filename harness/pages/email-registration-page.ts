import { expect, type Locator, type Page } from '@playwright/test';

/** メールアドレス登録 */
export class EmailRegistrationPage {
  readonly heading: Locator;
  readonly email: Locator;
  readonly confirm: Locator;
  readonly send: Locator;
  readonly error: Locator;

  constructor(readonly page: Page) {
    this.heading = page.getByRole('heading', { name: 'メールアドレス登録' });
    this.email = page.getByLabel('メールアドレス', { exact: true });
    this.confirm = page.getByLabel('確認用');
    this.send = page.getByRole('button', { name: '送信' });
    this.error = page.getByRole('alert');
  }

  async expectShown() {
    await expect(this.heading).toBeVisible();
    await expect(this.page.getByText('ワンタイムパスワードを通知するメールアドレスを入力してください。')).toBeVisible();
    await expect(this.page.getByText('確認用と同じメールアドレスを入力してください。')).toBeVisible();
  }

  async register(email: string, confirm = email) {
    await this.email.fill(email);
    await this.confirm.fill(confirm);
    await this.send.click();
  }
}
