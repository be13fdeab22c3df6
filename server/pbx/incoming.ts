// 外線着信設定: the search of the tenant's 外線番号 — by 外線番号 in every phase, and from the cutover also by
// 内線番号 (拠点番号, 端末番号, オフィスリンク内線番号) — its pages, and the 設定 of where one number rings.

import type { Phase } from '../calendar.ts';
import type { Store } from '../store/db.ts';
import type { PbxExtension, PbxNumber } from '../store/types.ts';
import { extensionsOf, findExtension } from './extensions.ts';

export const PER_PAGE_CHOICES = [10, 50, 100] as const;
export const INCOMING_KINDS: readonly PbxNumber['kind'][] = ['代表', '個別', 'VoIP-GW'];
export type View = 'detail' | 'simple';

export interface IncomingQuery {
  number: string;
  site: string;
  terminal: string;
  officeLink: string;
  perPage: number;
  page: number;
  view: View;
}

export const EMPTY_INCOMING: IncomingQuery = { number: '', site: '', terminal: '', officeLink: '', perPage: 100, page: 1, view: 'detail' };

/** Whether the search by 内線番号 exists (from the cutover). */
export const searchByExtension = (phase: Phase) => phase === 'after';

/**
 * Reads the conditions from the query string. Before the cutover the screen has no 内線番号 fields and the
 * portal ignores them, as the old site did.
 */
export function parseIncoming(get: (name: string) => unknown, phase: Phase): { query: IncomingQuery; errors: string[] } {
  const s = (name: string) => {
    const v = get(name);
    return typeof v === 'string' ? v.trim() : '';
  };
  const errors: string[] = [];
  const number = s('number').replace(/-/g, '');
  if (number !== '' && !/^\d{1,11}$/.test(number)) errors.push('外線番号は11桁以内の半角数字で入力してください（ハイフンは省いてかまいません）。');
  let site = '';
  let terminal = '';
  let officeLink = '';
  if (searchByExtension(phase)) {
    site = s('site');
    terminal = s('terminal');
    officeLink = s('officeLink');
    if (site !== '' && !/^\d{1,4}$/.test(site)) errors.push('内線番号の拠点番号は4桁以内の半角数字で入力してください。');
    if (terminal !== '' && !/^\d{1,6}$/.test(terminal)) errors.push('内線番号の端末番号は6桁以内の半角数字で入力してください。');
    if (officeLink !== '' && !/^\d{1,11}$/.test(officeLink)) errors.push('内線番号のオフィスリンク内線番号は11桁以内の半角数字で入力してください。');
  }
  const perPageRaw = s('perPage');
  const perPage = perPageRaw === '' ? 100 : Number(perPageRaw);
  if (!(PER_PAGE_CHOICES as readonly number[]).includes(perPage)) errors.push('表示件数は10件、50件、100件のいずれかを選んでください。');
  const pageRaw = s('page');
  const page = pageRaw === '' ? 1 : /^\d{1,6}$/.test(pageRaw) ? Number(pageRaw) : NaN;
  if (!(page >= 1)) errors.push('ページの指定が正しくありません。');
  const viewRaw = s('view');
  const view: View = viewRaw === 'simple' ? 'simple' : 'detail';
  if (viewRaw !== '' && viewRaw !== 'simple' && viewRaw !== 'detail') errors.push('表示の指定が正しくありません（詳細表示または簡易表示）。');
  return {
    query: { number, site, terminal, officeLink, perPage: errors.length ? 100 : perPage, page: errors.length ? 1 : page, view },
    errors,
  };
}

export function incomingQueryString(q: IncomingQuery, overrides: Partial<IncomingQuery> = {}): string {
  const all = { ...q, ...overrides };
  const p = new URLSearchParams();
  if (all.number) p.set('number', all.number);
  if (all.site) p.set('site', all.site);
  if (all.terminal) p.set('terminal', all.terminal);
  if (all.officeLink) p.set('officeLink', all.officeLink);
  p.set('perPage', String(all.perPage));
  if (all.page > 1) p.set('page', String(all.page));
  if (all.view !== 'detail') p.set('view', all.view);
  return `?${p}`;
}

/** A row of the list: the number with the extension it rings (if any). */
export interface IncomingRow {
  number: PbxNumber;
  extension: PbxExtension | undefined;
}

export interface IncomingPage {
  total: number;
  page: number;
  pages: number;
  rows: IncomingRow[];
}

/** The tenant's numbers matching `q`: 外線番号 by part, 拠点番号/端末番号/オフィスリンク内線番号 exactly, all given conditions together. */
export function searchIncoming(store: Store, tenantId: string, q: IncomingQuery): IncomingPage {
  const exts = new Map(extensionsOf(store, tenantId).map((e) => [e.number, e]));
  const byExtension = q.site !== '' || q.terminal !== '' || q.officeLink !== '';
  const all = (store.data.pbxNumbers ?? [])
    .filter((n) => n.tenantId === tenantId)
    .map((n) => ({ number: n, extension: n.extension ? exts.get(n.extension) : undefined }))
    .filter(({ number, extension }) => {
      if (q.number && !number.number.includes(q.number)) return false;
      if (!byExtension) return true;
      if (!extension) return false;
      if (q.site && extension.site !== q.site) return false;
      if (q.terminal && extension.terminal !== q.terminal) return false;
      if (q.officeLink && extension.officeLink !== q.officeLink) return false;
      return true;
    })
    .sort((a, b) => a.number.number.localeCompare(b.number.number));
  const pages = Math.max(1, Math.ceil(all.length / q.perPage));
  const page = Math.min(q.page, pages);
  return { total: all.length, page, pages, rows: all.slice((page - 1) * q.perPage, page * q.perPage) };
}

export function findNumber(store: Store, tenantId: string, id: string): PbxNumber | undefined {
  return (store.data.pbxNumbers ?? []).find((n) => n.tenantId === tenantId && n.id === id);
}

/** Checks the 設定 of one number: an extension of the tenant (or none) and a 着信 区分. */
export function validateRoute(store: Store, tenantId: string, body: unknown): { ok: true; extension: string | null; kind: PbxNumber['kind'] } | { ok: false; errors: string[]; extension: string; kind: string } {
  const b = (body ?? {}) as Record<string, unknown>;
  const extension = typeof b.extension === 'string' ? b.extension.trim() : '';
  const kind = typeof b.kind === 'string' ? b.kind : '';
  const errors: string[] = [];
  if (extension !== '' && !/^\d{1,11}$/.test(extension)) errors.push('着信させる内線番号は半角数字で入力してください。');
  else if (extension !== '' && !findExtension(store, tenantId, extension)) errors.push(`内線番号「${extension}」は、このお客さまの内線番号にありません。`);
  if (!(INCOMING_KINDS as readonly string[]).includes(kind)) errors.push('着信（代表/個別/VoIP-GW 区分）を選んでください。');
  if (errors.length) return { ok: false, errors, extension, kind };
  return { ok: true, extension: extension || null, kind: kind as PbxNumber['kind'] };
}

export function saveRoute(store: Store, tenantId: string, id: string, extension: string | null, kind: PbxNumber['kind']): Promise<boolean> {
  return store.update((d) => {
    const n = (d.pbxNumbers ?? []).find((x) => x.tenantId === tenantId && x.id === id);
    if (!n) return false;
    n.extension = extension;
    n.kind = kind;
    return true;
  });
}

/** Checks a new 外線番号: 0 then 9 or 10 digits (hyphens may be typed), not yet the tenant's. */
export function validateNewNumber(store: Store, tenantId: string, typed: string): { ok: true; number: string } | { ok: false; error: string } {
  const number = typed.replace(/-/g, '');
  if (number === '') return { ok: false, error: '外線番号を入力してください。' };
  if (!/^0\d{9,10}$/.test(number)) return { ok: false, error: '外線番号は0から始まる10桁または11桁の半角数字で入力してください。' };
  if ((store.data.pbxNumbers ?? []).some((n) => n.tenantId === tenantId && n.number === number)) return { ok: false, error: `外線番号「${number}」はすでに登録されています。` };
  return { ok: true, number };
}

export function addNumber(store: Store, tenantId: string, number: string, id: string): Promise<void> {
  return store.update((d) => {
    (d.pbxNumbers ??= []).push({ id, tenantId, number, extension: null, kind: '個別' });
  });
}
