import { expect, type Locator, type Page } from '@playwright/test';

/** The menu of SPEC §2, group by group, in order. */
export const MENU_GROUPS: readonly { group: string; items: readonly string[] }[] = [
  { group: '基本設定', items: ['トップ'] },
  { group: '初期設定', items: ['内線設定', 'マルチライン設定', '通話/動作設定', '着信グループ設定', '外線着信設定', '外線発信設定', '通知番号登録', '発信規制先設定', '保留音設定'] },
  { group: '利用状況/運用確認', items: ['通話ログ', 'トラフィックレポート', 'CSV取込ステータス'] },
  { group: '管理情報', items: ['PBX設定情報確認', '端末ユーザ管理', 'ステータス参照'] },
];

/** What a terminal user's menu holds (the rest is the administrator's). */
export const TERMINAL_MENU: readonly { group: string; items: readonly string[] }[] = [
  { group: '基本設定', items: ['トップ'] },
  { group: '初期設定', items: ['内線設定'] },
];

/**
 * The frame of every logged-in page: the header (`Arcstar Smart PBX`, `アカウント種別 …`, `お客さま`), the menu
 * (grouped by function from the cutover, one flat list before) and the page title with its breadcrumb.
 */
export class MenuPage {
  readonly header: Locator;
  readonly menu: Locator;
  /** The menu's group headings (none before the cutover). */
  readonly groupHeadings: Locator;
  /** Every menu link, in order. */
  readonly items: Locator;
  readonly title: Locator;
  readonly forbidden: Locator;

  constructor(readonly page: Page) {
    this.header = page.getByRole('banner');
    this.menu = page.getByRole('navigation', { name: 'メニュー' });
    this.groupHeadings = this.menu.getByRole('heading');
    this.items = this.menu.getByRole('link');
    this.title = page.getByRole('heading', { level: 1 });
    this.forbidden = page.getByRole('heading', { name: 'アクセス権限がありません' });
  }

  /** One group of the grouped menu. */
  group(name: string): Locator {
    return this.menu.getByRole('region', { name, exact: true });
  }

  /** The links of one group, in order. */
  groupItems(name: string): Locator {
    return this.group(name).getByRole('link');
  }

  item(name: string): Locator {
    return this.menu.getByRole('link', { name, exact: true });
  }

  /** Opens a menu item as a person does and waits for its page. */
  async open(name: string) {
    await this.item(name).click();
    await expect(this.title).toBeVisible();
  }

  /** The header of the notice: `Arcstar Smart PBX`, `アカウント種別 <kind>`, `お客さま`. */
  async expectHeader(kind: 'ユーザ管理者' | '端末ユーザ') {
    await expect(this.header.getByText('Arcstar Smart PBX', { exact: true })).toBeVisible();
    await expect(this.header.getByText(`アカウント種別 ${kind}`, { exact: true })).toBeVisible();
    await expect(this.header.getByText('お客さま', { exact: true })).toBeVisible();
  }

  /** The menu as it is from the cutover: these groups, each with these items, in order. */
  async expectGrouped(groups: readonly { group: string; items: readonly string[] }[]) {
    await expect(this.groupHeadings).toHaveText(groups.map((g) => g.group));
    for (const g of groups) await expect(this.groupItems(g.group)).toHaveText([...g.items]);
    await expect(this.items).toHaveText(groups.flatMap((g) => g.items));
  }

  /** The menu as it is before the cutover: the same items, one list, no group headings. */
  async expectFlat(groups: readonly { group: string; items: readonly string[] }[]) {
    await expect(this.groupHeadings).toHaveCount(0);
    await expect(this.menu.getByRole('list')).toHaveCount(1);
    await expect(this.items).toHaveText(groups.flatMap((g) => g.items));
  }
}
