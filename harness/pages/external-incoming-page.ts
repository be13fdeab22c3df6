import { expect, type Locator, type Page } from '@playwright/test';

/** 外線着信設定: 検索条件入力 (外線番号; from the cutover also 内線番号), the count, the pages, 詳細表示 / 簡易表示, the list. */
export class ExternalIncomingPage {
  readonly heading: Locator;
  readonly intro: Locator;
  readonly number: Locator;
  /** The 内線番号 fields (from the cutover). */
  readonly extensionGroup: Locator;
  readonly site: Locator;
  readonly terminal: Locator;
  readonly officeLink: Locator;
  readonly perPage: Locator;
  readonly search: Locator;
  readonly count: Locator;
  readonly pageIndicators: Locator;
  readonly nextPage: Locator;
  readonly detailView: Locator;
  readonly simpleView: Locator;
  readonly table: Locator;
  readonly rows: Locator;
  readonly error: Locator;

  constructor(readonly page: Page) {
    this.heading = page.getByRole('heading', { level: 1, name: /外線着信設定$/ });
    this.intro = page.getByText('外線着信に使用する外線番号を登録し、一覧を表示します。', { exact: true });
    const form = page.getByRole('search', { name: '検索条件入力' });
    this.number = form.getByLabel('外線番号', { exact: true });
    this.extensionGroup = form.getByRole('group', { name: '内線番号' });
    this.site = this.extensionGroup.getByLabel('拠点番号', { exact: true });
    this.terminal = this.extensionGroup.getByLabel('端末番号', { exact: true });
    this.officeLink = this.extensionGroup.getByLabel('オフィスリンク内線番号', { exact: true });
    this.perPage = form.getByLabel('表示件数');
    this.search = form.getByRole('button', { name: '検索', exact: true });
    this.count = page.getByText(/^\d+件が該当します。$/);
    this.pageIndicators = page.getByText(/^\d+\/\d+ページ$/);
    this.nextPage = page.getByRole('link', { name: '次へ' }).first();
    this.detailView = page.getByRole('link', { name: '詳細表示' });
    this.simpleView = page.getByRole('link', { name: '簡易表示' });
    this.table = page.getByRole('table', { name: '外線番号一覧' });
    this.rows = this.table.getByRole('row').filter({ has: page.getByRole('cell') });
    this.error = page.getByRole('alert');
  }

  async searchFor(c: { number?: string; site?: string; terminal?: string; officeLink?: string; perPage?: '10件' | '50件' | '100件' }) {
    if (c.number !== undefined) await this.number.fill(c.number);
    if (c.site !== undefined) await this.site.fill(c.site);
    if (c.terminal !== undefined) await this.terminal.fill(c.terminal);
    if (c.officeLink !== undefined) await this.officeLink.fill(c.officeLink);
    if (c.perPage) await this.perPage.selectOption({ label: c.perPage });
    await this.search.click();
  }

  /** The 外線番号 of the rows shown (the second column in both views). */
  numbersShown(): Promise<string[]> {
    return this.rows.locator('td:nth-child(2)').allTextContents();
  }

  /** Every 外線番号 found, page by page through 次へ (the count checked on each page). */
  async allNumbers(expectedTotal: number): Promise<string[]> {
    const all: string[] = [];
    for (;;) {
      await expect(this.count).toHaveText(`${expectedTotal}件が該当します。`);
      const [p, q] = ((await this.pageIndicators.first().textContent()) ?? '').replace('ページ', '').split('/').map(Number);
      await expect(this.rows.first()).toBeVisible();
      all.push(...(await this.numbersShown()));
      if (p >= q) return all;
      await this.nextPage.click();
      await expect(this.pageIndicators.first()).toHaveText(`${p + 1}/${q}ページ`);
    }
  }
}
