// 着信グループ設定: the tenant's incoming groups, the change of one (グループ名, 子番号 in call order) and its deletion.

import type { Store } from '../store/db.ts';
import type { PbxGroup } from '../store/types.ts';
import { extensionsOf } from './extensions.ts';

export const GROUP_NAME_MAX = 20;
export const MEMBERS_MAX = 20;
export const MEMBERS_NOTE = '(順次呼出の場合は、呼出順となっています)';

export function groupsOf(store: Store, tenantId: string): PbxGroup[] {
  return (store.data.pbxGroups ?? []).filter((g) => g.tenantId === tenantId).sort((a, b) => a.no - b.no);
}

/** A group by its グループ番号 as written in a URL (`/pbx/groups/1`). */
export function findGroup(store: Store, tenantId: string, no: string): PbxGroup | undefined {
  if (!/^\d{1,6}$/.test(no)) return undefined;
  return (store.data.pbxGroups ?? []).find((g) => g.tenantId === tenantId && g.no === Number(no));
}

export interface GroupForm {
  name: string;
  /** 子番号, one per line, in call order. */
  members: string;
}

export const groupForm = (g: PbxGroup): GroupForm => ({ name: g.name, members: g.members.join('\n') });

export function readGroupForm(body: unknown): GroupForm {
  const b = (body ?? {}) as Record<string, unknown>;
  return {
    name: typeof b.name === 'string' ? b.name.trim() : '',
    members: typeof b.members === 'string' ? b.members : '',
  };
}

// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f]/;

/** Checks a group's form: the name, and 子番号 that are the tenant's extensions, each once, in the order typed. */
export function validateGroup(store: Store, tenantId: string, form: GroupForm): { ok: true; name: string; members: string[] } | { ok: false; errors: string[] } {
  const errors: string[] = [];
  if (form.name.length > GROUP_NAME_MAX) errors.push(`グループ名は${GROUP_NAME_MAX}文字以内で入力してください。`);
  else if (CONTROL.test(form.name)) errors.push('グループ名に使用できない文字が含まれています。');
  const members = form.members.split(/\r?\n/).map((l) => l.trim()).filter((l) => l !== '');
  const known = new Set(extensionsOf(store, tenantId).map((e) => e.number));
  if (members.length === 0) errors.push('子番号を1つ以上、呼出順に1行に1つずつ入力してください。');
  if (members.length > MEMBERS_MAX) errors.push(`子番号は${MEMBERS_MAX}個までです（${members.length}個入力されています）。`);
  const seen = new Set<string>();
  for (const [i, m] of members.entries()) {
    if (!/^\d{1,11}$/.test(m)) errors.push(`子番号の${i + 1}行目「${m.slice(0, 20)}」は内線番号（半角数字）ではありません。`);
    else if (!known.has(m)) errors.push(`子番号の${i + 1}行目「${m}」は、このお客さまの内線番号にありません。`);
    else if (seen.has(m)) errors.push(`子番号の${i + 1}行目「${m}」は重複しています。`);
    seen.add(m);
  }
  return errors.length ? { ok: false, errors } : { ok: true, name: form.name, members };
}

export function saveGroup(store: Store, tenantId: string, id: string, name: string, members: string[]): Promise<boolean> {
  return store.update((d) => {
    const g = (d.pbxGroups ?? []).find((x) => x.tenantId === tenantId && x.id === id);
    if (!g) return false;
    g.name = name;
    g.members = [...members];
    return true;
  });
}

export function deleteGroup(store: Store, tenantId: string, id: string): Promise<boolean> {
  return store.update((d) => {
    const before = d.pbxGroups?.length ?? 0;
    d.pbxGroups = (d.pbxGroups ?? []).filter((g) => !(g.tenantId === tenantId && g.id === id));
    return d.pbxGroups.length < before;
  });
}
