import { expect, type Locator, type Page } from '@playwright/test';

export const MEMBERS_NOTE = '(順次呼出の場合は、呼出順となっています)';

/** 着信グループ設定: the list of groups, the settings of one (a table from the cutover), 変更, 削除, 戻る. */
export class IncomingGroupPage {
  readonly heading: Locator;
  readonly list: Locator;
  readonly listRows: Locator;
  readonly intro: Locator;
  /** A group's settings as a table (from the cutover). */
  readonly table: Locator;
  /** A group's settings as plain lines (before the cutover). */
  readonly lines: Locator;
  /** 子番号 in the table, in the order shown. */
  readonly members: Locator;
  readonly note: Locator;
  readonly change: Locator;
  readonly remove: Locator;
  readonly back: Locator;
  readonly name: Locator;
  readonly memberField: Locator;
  readonly submit: Locator;
  readonly confirmDelete: Locator;
  readonly error: Locator;
  readonly notice: Locator;

  constructor(readonly page: Page) {
    this.heading = page.getByRole('heading', { level: 1, name: /着信グループ設定$/ });
    this.list = page.getByRole('table', { name: '着信グループ一覧' });
    this.listRows = this.list.getByRole('row').filter({ has: page.getByRole('cell') });
    this.intro = page.getByText('着信グループ情報の設定情報を表示します。', { exact: true });
    this.table = page.getByRole('table', { name: '着信グループ情報' });
    this.lines = page.locator('main .lines');
    this.members = this.table.getByRole('listitem');
    this.note = page.getByText(MEMBERS_NOTE, { exact: true });
    this.change = page.getByRole('link', { name: '変更', exact: true });
    this.remove = page.getByRole('link', { name: '削除', exact: true });
    this.back = page.getByRole('link', { name: '戻る', exact: true });
    this.name = page.getByLabel(/^グループ名/);
    this.memberField = page.getByLabel(/^子番号/);
    this.submit = page.getByRole('button', { name: '変更', exact: true });
    this.confirmDelete = page.getByRole('button', { name: '削除する', exact: true });
    this.error = page.getByRole('alert');
    this.notice = page.getByRole('status');
  }

  /** Opens one group's settings from the list (its 設定表示 link). */
  async openGroup(no: number) {
    await this.page.getByRole('link', { name: `グループ番号${no}の設定表示`, exact: true }).click();
    await expect(this.intro).toBeVisible();
  }

  /** The value cell of a row of the table, by its label (leaf labels are unique in the table). */
  cell(label: string): Locator {
    return this.table.getByRole('row').filter({ has: this.page.getByRole('rowheader', { name: label, exact: true }) }).getByRole('cell');
  }

  /** The settings of the phase: a table from the cutover (子番号 an ordered list), plain lines before. */
  async expectSettings(phase: 'before' | 'window' | 'after', s: { kind: string; name: string; rep: [string, string, string]; members: readonly string[] }) {
    await expect(this.intro).toBeVisible();
    await expect(this.note).toBeVisible();
    if (phase === 'after') {
      await expect(this.lines).toHaveCount(0);
      await expect(this.cell('グループ種別')).toHaveText(s.kind);
      await expect(this.cell('グループ名')).toHaveText(s.name);
      await expect(this.cell('拠点番号')).toHaveText(s.rep[0]);
      await expect(this.cell('端末番号')).toHaveText(s.rep[1]);
      await expect(this.cell('オフィスリンク内線番号')).toHaveText(s.rep[2]);
      await expect(this.table.getByRole('rowheader', { name: /^子番号/ })).toContainText(MEMBERS_NOTE);
      await expect(this.members).toHaveText([...s.members]);
    } else {
      await expect(this.page.getByRole('table')).toHaveCount(0);
      const lines = this.lines.locator('p');
      await expect(lines).toHaveText([
        `グループ種別 ${s.kind}`, `グループ名 ${s.name}`, '代表番号',
        `拠点番号 ${s.rep[0]}`, `端末番号 ${s.rep[1]}`, `オフィスリンク内線番号 ${s.rep[2]}`,
        '子番号', MEMBERS_NOTE, ...s.members,
      ]);
    }
  }

  async edit(values: { name?: string; members?: readonly string[] }) {
    if (values.name !== undefined) await this.name.fill(values.name);
    if (values.members !== undefined) await this.memberField.fill(values.members.join('\n'));
    await this.submit.click();
  }
}
