import { expect, type Locator, type Page } from '@playwright/test';

/** The columns of the account list, as the screen names them. */
export type AccountColumn = 'アカウント区分' | '内線番号' | 'ログインID' | 'パスワード' | '多要素認証' | 'メールアドレス';

/** アカウント管理 (管理情報 → 端末ユーザ管理): 検索条件入力, the list and the actions on the selected rows. */
export class AccountManagementPage {
  readonly heading: Locator;
  readonly intro: Locator;
  readonly loginId: Locator;
  readonly extension: Locator;
  readonly perPage: Locator;
  readonly search: Locator;
  /** `N件が該当します。` */
  readonly count: Locator;
  /** `P/Qページ`, above and below the list. */
  readonly pageIndicators: Locator;
  readonly nextPage: Locator;
  readonly previousPage: Locator;
  readonly table: Locator;
  readonly columnHeaders: Locator;
  /** The list's rows (without the header row). */
  readonly rows: Locator;
  readonly unlock: Locator;
  readonly changePassword: Locator;
  readonly changeMfa: Locator;
  readonly csvIntro: Locator;
  readonly csvImport: Locator;
  readonly error: Locator;
  readonly notice: Locator;

  constructor(readonly page: Page) {
    this.heading = page.getByRole('heading', { level: 1, name: /アカウント管理$/ });
    this.intro = page.getByText('アカウントの一覧を表示します。');
    this.loginId = page.getByLabel('ログインID', { exact: true });
    this.extension = page.getByLabel('内線番号', { exact: true });
    this.perPage = page.getByLabel('表示件数');
    this.search = page.getByRole('button', { name: '検索', exact: true });
    this.count = page.getByText(/^\d+件が該当します。$/);
    this.pageIndicators = page.getByText(/^\d+\/\d+ページ$/);
    this.nextPage = page.getByRole('link', { name: '次へ' }).first();
    this.previousPage = page.getByRole('link', { name: '前へ' }).first();
    this.table = page.getByRole('table').filter({ has: page.getByRole('columnheader', { name: 'アカウント区分' }) });
    this.columnHeaders = this.table.getByRole('columnheader');
    this.rows = this.table.getByRole('row').filter({ has: page.getByRole('cell') });
    this.unlock = page.getByRole('button', { name: 'ロック解除' });
    this.changePassword = page.getByRole('button', { name: 'パスワード変更' });
    this.changeMfa = page.getByRole('button', { name: '多要素認証変更' });
    this.csvIntro = page.getByText('アカウント情報の設定ファイルを取り込みます。');
    this.csvImport = page.getByRole('link', { name: 'CSV取込', exact: true });
    this.error = page.getByRole('alert');
    this.notice = page.getByRole('status');
  }

  /** Opens the screen as an administrator does: menu 端末ユーザ管理. */
  async open() {
    await this.page.getByRole('navigation', { name: 'メニュー' }).getByRole('link', { name: '端末ユーザ管理' }).click();
    await expect(this.heading).toBeVisible();
    await expect(this.intro).toBeVisible();
  }

  async searchFor(conditions: { loginId?: string; extension?: string; perPage?: '10件' | '50件' | '100件' }) {
    if (conditions.loginId !== undefined) await this.loginId.fill(conditions.loginId);
    if (conditions.extension !== undefined) await this.extension.fill(conditions.extension);
    if (conditions.perPage) await this.perPage.selectOption({ label: conditions.perPage });
    await this.search.click();
  }

  /** The row of the account with this ログインID. */
  row(loginId: string): Locator {
    return this.rows.filter({ has: this.page.getByRole('cell', { name: loginId, exact: true }) });
  }

  /** One cell of a row, found by the column's header. */
  async cell(loginId: string, column: AccountColumn): Promise<Locator> {
    await expect(this.columnHeaders.first()).toBeVisible();
    const headers = (await this.columnHeaders.allTextContents()).map((h) => h.trim());
    const index = headers.indexOf(column);
    if (index < 0) throw new Error(`no column ${column} in the list (columns: ${headers.join(', ')})`);
    return this.row(loginId).getByRole('cell').nth(index);
  }

  /** Checks what the row of `loginId` shows, column by column. */
  async expectRow(loginId: string, expected: Partial<Record<AccountColumn, string>>) {
    await expect(this.row(loginId)).toHaveCount(1);
    for (const [column, value] of Object.entries(expected) as [AccountColumn, string][]) {
      await expect(await this.cell(loginId, column), `${loginId}: ${column}`).toHaveText(value);
    }
  }

  async select(...loginIds: string[]) {
    for (const id of loginIds) await this.row(id).getByRole('checkbox').check();
  }
}
