// The menu of SPEC §2: four groups and sixteen items, in order. Before the cutover the same items are one flat list.

import type { AccountKind } from '../store/types.ts';

export interface MenuItem {
  label: string;
  path: string;
  /** Who may use it: a terminal user sees only its own extension's pages. */
  for: readonly AccountKind[];
}

export interface MenuGroup {
  label: string;
  items: readonly MenuItem[];
}

const A: readonly AccountKind[] = ['admin'];
const ALL: readonly AccountKind[] = ['admin', 'terminal'];

export const MENU: readonly MenuGroup[] = [
  { label: '基本設定', items: [{ label: 'トップ', path: '/top', for: ALL }] },
  {
    label: '初期設定',
    items: [
      { label: '内線設定', path: '/pbx/extensions', for: ALL },
      { label: 'マルチライン設定', path: '/pbx/multiline', for: A },
      { label: '通話/動作設定', path: '/pbx/call-settings', for: A },
      { label: '着信グループ設定', path: '/pbx/groups', for: A },
      { label: '外線着信設定', path: '/pbx/incoming', for: A },
      { label: '外線発信設定', path: '/pbx/outgoing', for: A },
      { label: '通知番号登録', path: '/pbx/caller-ids', for: A },
      { label: '発信規制先設定', path: '/pbx/restrictions', for: A },
      { label: '保留音設定', path: '/pbx/hold-music', for: A },
    ],
  },
  {
    label: '利用状況/運用確認',
    items: [
      { label: '通話ログ', path: '/usage/call-log', for: A },
      { label: 'トラフィックレポート', path: '/usage/traffic', for: A },
      { label: 'CSV取込ステータス', path: '/accounts/csv/status', for: A },
    ],
  },
  {
    label: '管理情報',
    items: [
      { label: 'PBX設定情報確認', path: '/admin/pbx-info', for: A },
      { label: '端末ユーザ管理', path: '/accounts', for: A },
      { label: 'ステータス参照', path: '/admin/status', for: A },
    ],
  },
];

/** The group an item's page belongs to, for the breadcrumb (`初期設定/ 外線着信設定`). */
export function groupOf(path: string): MenuGroup | undefined {
  return MENU.find((g) => g.items.some((i) => i.path === path));
}
