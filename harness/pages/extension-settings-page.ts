import { expect, type Locator, type Page } from '@playwright/test';

/** A field of 内線設定's result page: its label path (`['転送/留守番電話設定', '転送動作', '無条件']`) and value. */
export type ResultField = readonly [path: readonly string[], value: string];

/** The values the change form takes, by the labels of the screen. */
export interface ExtensionChange {
  内線番号メモ欄?: string;
  端末種別?: string;
  外線発信番号?: string;
  通知番号?: string;
  指定ピックアップ?: 'on' | 'off';
  不在時動作?: '設定' | '設定しない';
  転送先電話番号?: string;
  無条件?: string;
  話中?: string;
  留守?: string;
  無応答?: string;
  '(着信)呼出時間'?: string;
  留守番電話パスワード?: string;
  発信規制?: string;
  'IP Phone送付先住所'?: string;
  端末メモ?: string;
}

const SELECTS = new Set(['端末種別', '外線発信番号', '通知番号', '指定ピックアップ', '不在時動作', '無条件', '話中', '留守', '無応答', '発信規制']);

/** 内線設定: the list of extensions, the change form of one, and the result page `以下の内線情報の変更が完了しました。`. */
export class ExtensionSettingsPage {
  readonly heading: Locator;
  readonly list: Locator;
  readonly listRows: Locator;
  readonly submit: Locator;
  readonly back: Locator;
  readonly error: Locator;
  readonly done: Locator;
  /** The result as a table (from the cutover). */
  readonly resultTable: Locator;
  /** The result as plain lines (before the cutover). */
  readonly resultLines: Locator;
  readonly main: Locator;

  constructor(readonly page: Page) {
    this.heading = page.getByRole('heading', { level: 1, name: /内線設定$/ });
    this.list = page.getByRole('table', { name: '内線一覧' });
    this.listRows = this.list.getByRole('row').filter({ has: page.getByRole('cell') });
    this.submit = page.getByRole('button', { name: '変更', exact: true });
    this.back = page.getByRole('link', { name: '戻る', exact: true });
    this.error = page.getByRole('alert');
    this.done = page.getByText('以下の内線情報の変更が完了しました。', { exact: true });
    this.resultTable = page.getByRole('table', { name: '内線情報' });
    this.resultLines = page.locator('main .lines');
    this.main = page.getByRole('main');
  }

  /** The list's 内線番号 column. */
  listedNumbers(): Locator {
    return this.listRows.locator('td:first-child');
  }

  /** Opens the change form of one extension from the list (its 設定変更 link). */
  async openSettings(number: string) {
    await this.page.getByRole('link', { name: `${number}の設定変更`, exact: true }).click();
    await expect(this.page.getByText(`内線番号 ${number} の設定を変更します。`)).toBeVisible();
  }

  /** A field of the change form by its label. */
  field(label: keyof ExtensionChange): Locator {
    if (label === '(着信)呼出時間') return this.page.getByLabel(/^\(着信\)呼出時間/);
    if (label === '留守番電話パスワード') return this.page.getByLabel(/^留守番電話パスワード/);
    return this.page.getByLabel(label, { exact: true });
  }

  async change(values: ExtensionChange) {
    for (const [label, value] of Object.entries(values) as [keyof ExtensionChange, string][]) {
      if (SELECTS.has(label)) await this.field(label).selectOption({ label: value });
      else await this.field(label).fill(value);
    }
    await this.submit.click();
  }

  /** The value cell of a field of the result table (labels of the leaf are unique in the table). */
  resultCell(path: readonly string[]): Locator {
    const leaf = path[path.length - 1];
    return this.resultTable.getByRole('row').filter({ has: this.page.getByRole('rowheader', { name: leaf, exact: true }) }).getByRole('cell');
  }

  /**
   * The result page of the phase, field by field: from the cutover a table of label and value rows,
   * before it the same values as plain lines (`拠点番号 20`).
   */
  async expectResult(phase: 'before' | 'window' | 'after', fields: readonly ResultField[]) {
    await expect(this.done).toBeVisible();
    if (phase === 'after') {
      await expect(this.resultTable).toBeVisible();
      await expect(this.resultLines).toHaveCount(0);
      for (const [path, value] of fields) await expect(this.resultCell(path), path.join(' > ')).toHaveText(value);
    } else {
      await expect(this.resultTable).toHaveCount(0);
      await expect(this.page.getByRole('table')).toHaveCount(0);
      for (const [path, value] of fields) await expect(this.resultLines.getByText(`${path[path.length - 1]} ${value}`, { exact: true }), path.join(' > ')).toHaveCount(1);
    }
  }
}
