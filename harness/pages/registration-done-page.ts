import { expect, type Locator, type Page } from '@playwright/test';

/** メールアドレス登録結果: 「メールアドレスを登録しました。」 and トップ画面へ */
export class RegistrationDonePage {
  readonly message: Locator;
  readonly toTop: Locator;

  constructor(readonly page: Page) {
    this.message = page.getByText('メールアドレスを登録しました。');
    this.toTop = page.getByRole('button', { name: 'トップ画面へ' });
  }

  async expectShown() {
    await expect(this.message).toBeVisible();
    await expect(this.toTop).toBeVisible();
  }
}
