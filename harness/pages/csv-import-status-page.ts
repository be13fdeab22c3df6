import { expect, type Locator, type Page } from '@playwright/test';

export type ImportResult = '適用' | '拒否' | '変更なし';

/** CSV取込ステータス (menu 利用状況/運用確認 → CSV取込ステータス): each import, newest first, with its rows. */
export class CsvImportStatusPage {
  readonly heading: Locator;
  readonly notice: Locator;
  /** The imports' sections, newest first. */
  readonly imports: Locator;
  /** The newest import's table: 行, ログインID, 結果, 理由. */
  readonly latest: Locator;
  readonly latestRows: Locator;

  constructor(readonly page: Page) {
    this.heading = page.getByRole('heading', { level: 1, name: /CSV取込ステータス$/ });
    this.notice = page.getByRole('status');
    this.imports = page.getByRole('main').getByRole('region');
    this.latest = page.getByRole('table', { name: /^取込結果/ }).first();
    this.latestRows = this.latest.getByRole('row').filter({ has: page.getByRole('cell') });
  }

  /** Opens the screen from the menu. */
  async open() {
    await this.page.getByRole('navigation', { name: 'メニュー' }).getByRole('link', { name: 'CSV取込ステータス' }).click();
    await expect(this.heading).toBeVisible();
  }

  async expectShown() {
    await expect(this.heading).toBeVisible();
  }

  /** The newest import's row of file line `line`. */
  row(line: number): Locator {
    return this.latestRows.filter({ has: this.page.locator('td:first-child', { hasText: new RegExp(`^${line}$`) }) });
  }

  /** Checks the outcome of one row of the newest import. */
  async expectRow(line: number, expected: { loginId: string; result: ImportResult; reason?: string | RegExp }) {
    const row = this.row(line);
    await expect(row, `line ${line}`).toHaveCount(1);
    const cells = row.getByRole('cell');
    await expect(cells.nth(1), `line ${line}: ログインID`).toHaveText(expected.loginId);
    await expect(cells.nth(2), `line ${line}: 結果`).toHaveText(expected.result);
    if (expected.reason !== undefined) await expect(cells.nth(3), `line ${line}: 理由`).toHaveText(expected.reason);
  }

  /** The newest import's facts (取込日時, ファイル名, 文字コード, 取込者, 結果) as shown. */
  fact(name: '取込日時' | 'ファイル名' | '文字コード' | '取込者' | '結果'): Locator {
    return this.imports.first().locator('dt', { hasText: name }).locator('xpath=following-sibling::dd[1]');
  }
}
