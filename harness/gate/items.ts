// The change items of the notice, as the gate judges them: a tag each, and the phases in which the item
// must have been checked. A scenario carries its item's tag and the tags of the phases it runs in.

import { PHASES, type Phase } from '../../server/calendar.ts';

export interface ChangeItem {
  tag: `@${string}`;
  ja: string;
  en: string;
  /** The phases in which the item's behaviour is checked: a phase without a test here means NO-GO. */
  phases: readonly Phase[];
}

export const CHANGE_ITEMS: readonly ChangeItem[] = [
  { tag: '@mfa', ja: '多要素認証', en: 'MFA for terminal users', phases: PHASES },
  { tag: '@accounts', ja: 'アカウント管理', en: 'Account management', phases: PHASES },
  { tag: '@csv', ja: 'アカウント一括設定CSV', en: 'Account bulk-settings CSV', phases: PHASES },
  // The display changes at the cutover; the window still shows the old screens, so before and after are checked.
  { tag: '@menu', ja: 'メニュー', en: 'Menu grouped by function', phases: ['before', 'after'] },
  { tag: '@tables', ja: '内線設定・着信グループ設定の表', en: 'Extension and call-group settings as tables', phases: ['before', 'after'] },
  { tag: '@search', ja: '外線着信設定の内線番号検索', en: 'Incoming-line settings searchable by extension', phases: ['before', 'after'] },
];

export const PHASE_NAMES: Record<Phase, { ja: string; en: string }> = {
  before: { ja: '6月15日より前', en: 'before' },
  window: { ja: '6月15日～6月28日', en: 'window' },
  after: { ja: '6月29日以降', en: 'after' },
};

export { PHASES };
export type { Phase };
