import { expect, type Locator, type Page } from '@playwright/test';

/** A file as the browser sends it (setInputFiles with a buffer). */
export interface CsvUpload {
  name: string;
  bytes: Buffer;
  mimeType?: string;
}

/** CSV取込 (アカウント管理 → CSV取込): the upload of the account CSV and the download of the accounts. */
export class CsvImportPage {
  readonly heading: Locator;
  readonly file: Locator;
  readonly submit: Locator;
  /** `CSVダウンロード` (Shift_JIS) and `CSVダウンロード（UTF-8）`. */
  readonly download: Locator;
  readonly downloadUtf8: Locator;
  readonly statusLink: Locator;
  readonly error: Locator;

  constructor(readonly page: Page) {
    this.heading = page.getByRole('heading', { level: 1, name: /CSV取込$/ });
    this.file = page.getByLabel('CSVファイル');
    this.submit = page.getByRole('button', { name: '取込', exact: true });
    this.download = page.getByRole('link', { name: 'CSVダウンロード', exact: true });
    this.downloadUtf8 = page.getByRole('link', { name: 'CSVダウンロード（UTF-8）', exact: true });
    this.statusLink = page.getByRole('main').getByRole('link', { name: 'CSV取込ステータス', exact: true });
    this.error = page.getByRole('alert');
  }

  /** Opens the screen as an administrator does: menu 端末ユーザ管理, then `CSV取込`. */
  async open() {
    await this.page.getByRole('navigation', { name: 'メニュー' }).getByRole('link', { name: '端末ユーザ管理' }).click();
    await this.page.getByRole('link', { name: 'CSV取込', exact: true }).click();
    await this.expectShown();
  }

  async expectShown() {
    await expect(this.heading).toBeVisible();
    await expect(this.file).toBeVisible();
    await expect(this.submit).toBeVisible();
  }

  /** Chooses the file and presses `取込`. */
  async upload(file: CsvUpload) {
    await this.file.setInputFiles({ name: file.name, mimeType: file.mimeType ?? 'text/csv', buffer: file.bytes });
    await this.submit.click();
  }

  /** Presses `CSVダウンロード` (or its UTF-8 twin) and returns the file the browser saved. */
  async downloadFile(encoding: 'cp932' | 'utf-8' = 'cp932'): Promise<{ name: string; bytes: Buffer }> {
    const [download] = await Promise.all([this.page.waitForEvent('download'), (encoding === 'utf-8' ? this.downloadUtf8 : this.download).click()]);
    const chunks: Buffer[] = [];
    for await (const chunk of await download.createReadStream()) chunks.push(chunk as Buffer);
    return { name: download.suggestedFilename(), bytes: Buffer.concat(chunks) };
  }
}
