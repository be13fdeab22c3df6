import { expect, type Locator, type Page } from '@playwright/test';

/** ワンタイムパスワード入力 */
export class OtpPage {
  readonly heading: Locator;
  readonly code: Locator;
  readonly send: Locator;
  readonly resend: Locator;
  readonly error: Locator;
  readonly notice: Locator;

  constructor(readonly page: Page) {
    this.heading = page.getByRole('heading', { name: 'ワンタイムパスワード入力' });
    this.code = page.getByLabel('ワンタイムパスワード', { exact: true });
    this.send = page.getByRole('button', { name: '送信', exact: true });
    this.resend = page.getByRole('button', { name: 'ワンタイムパスワード再送信' });
    this.error = page.getByRole('alert');
    this.notice = page.getByRole('status');
  }

  /** The screen, telling that the code went to `masked` (e.g. `y***i@ntt.com`). */
  async expectSentTo(masked: string) {
    await expect(this.heading).toBeVisible();
    await expect(this.page.getByText(`「${masked}」にワンタイムパスワードを送信しました。`)).toBeVisible();
    await expect(this.page.getByText('有効期限内にメールで通知されたワンタイムパスワードを入力してください。')).toBeVisible();
  }

  async enter(code: string) {
    await this.code.fill(code);
    await this.send.click();
  }
}
