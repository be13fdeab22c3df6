// アカウント管理: the terminal users of one tenant — search and paging, and the three actions on the
// selected rows (ロック解除, パスワード変更, 多要素認証変更). Every read and change is confined to the tenant.

import { hashPassword } from '../auth/password.ts';
import { passwordProblem } from '../auth/password-policy.ts';
import type { Phase } from '../calendar.ts';
import type { Store } from '../store/db.ts';
import type { Account } from '../store/types.ts';

export const PER_PAGE_CHOICES = [10, 50, 100] as const;
export type PerPage = (typeof PER_PAGE_CHOICES)[number];
export const DEFAULT_PER_PAGE: PerPage = 100;

export const MSG = {
  loginIdInvalid: 'ログインIDは64文字以内の半角英数字記号で入力してください。',
  extensionInvalid: '内線番号は11桁以内の半角数字で入力してください。',
  perPageInvalid: '表示件数は10件・50件・100件から選択してください。',
  noneSelected: 'アカウントを選択してください。',
  notFound: '選択されたアカウントが見つかりません。一覧を表示し直してから、もう一度選択してください。',
  onePasswordOnly: 'パスワード変更は、アカウントを1件だけ選択してください。',
  passwordEmpty: '新しいパスワードを入力してください。',
  confirmEmpty: '新しいパスワード（確認用）を入力してください。',
  passwordMismatch: '新しいパスワードと新しいパスワード（確認用）が一致しません。',
  mfaChoice: '多要素認証のONまたはOFFを選択してください。',
  mfaMandatory: '多要素認証は必須となったため、変更できません。端末ユーザの多要素認証は一律ONです。',
  unlocked: (n: number) => `${n}件のアカウントのロックを解除しました。`,
  passwordChanged: (loginId: string) => `ログインID「${loginId}」のパスワードを変更しました。`,
  mfaChanged: (n: number, on: boolean) => `${n}件のアカウントの多要素認証を${on ? 'ON' : 'OFF'}に変更しました。`,
} as const;

/** The search conditions of the list (検索条件入力) and the page shown. */
export interface Query {
  loginId: string;
  extension: string;
  perPage: PerPage;
  page: number;
}

export const EMPTY_QUERY: Query = { loginId: '', extension: '', perPage: DEFAULT_PER_PAGE, page: 1 };

/** Reads the conditions from a query string's values; a bad value is an error and the rest is kept. */
export function parseQuery(get: (name: string) => unknown): { query: Query; errors: string[] } {
  const text = (name: string) => {
    const v = get(name);
    return typeof v === 'string' ? v.trim() : '';
  };
  const errors: string[] = [];
  const loginId = text('loginId');
  const extension = text('extension');
  const perPageText = text('perPage');
  const pageText = text('page');
  if (loginId && !/^[\x21-\x7e]{1,64}$/.test(loginId)) errors.push(MSG.loginIdInvalid);
  if (extension && !/^\d{1,11}$/.test(extension)) errors.push(MSG.extensionInvalid);
  let perPage: PerPage = DEFAULT_PER_PAGE;
  if (perPageText) {
    const n = Number(perPageText);
    if ((PER_PAGE_CHOICES as readonly number[]).includes(n)) perPage = n as PerPage;
    else errors.push(MSG.perPageInvalid);
  }
  const page = /^\d{1,6}$/.test(pageText) && Number(pageText) >= 1 ? Number(pageText) : 1;
  return { query: { loginId: loginId.slice(0, 64), extension: extension.slice(0, 11), perPage, page }, errors };
}

/** The query string that shows the same list again (only the conditions that differ from the default). */
export function queryString(q: Query, page = q.page): string {
  const p = new URLSearchParams();
  if (q.loginId) p.set('loginId', q.loginId);
  if (q.extension) p.set('extension', q.extension);
  if (q.perPage !== DEFAULT_PER_PAGE) p.set('perPage', String(q.perPage));
  if (page !== 1) p.set('page', String(page));
  const s = p.toString();
  return s ? `?${s}` : '';
}

export interface ListPage {
  rows: Account[];
  total: number;
  page: number;
  pages: number;
}

// One collator for every sort: localeCompare with options builds a new one per call (slow on large lists).
const numeric = new Intl.Collator('en', { numeric: true });
const plain = new Intl.Collator('en');

/** The order of the account list: by 内線番号 (numerically), then ログインID. */
export const byExtension = (a: Account, b: Account) => numeric.compare(a.extension ?? '', b.extension ?? '') || plain.compare(a.loginId, b.loginId);

/** The tenant's terminal users: 端末ユーザ管理 lists only them. */
export function terminalUsers(store: Store, tenantId: string): Account[] {
  return store.data.accounts.filter((a) => a.tenantId === tenantId && a.kind === 'terminal');
}

/** Search (partial match on ログインID and 内線番号) and one page of the result; a page past the end shows the last. */
export function list(store: Store, tenantId: string, q: Query): ListPage {
  const found = terminalUsers(store, tenantId)
    .filter((a) => !q.loginId || a.loginId.includes(q.loginId))
    .filter((a) => !q.extension || (a.extension ?? '').includes(q.extension))
    .sort(byExtension);
  const pages = Math.max(1, Math.ceil(found.length / q.perPage));
  const page = Math.min(q.page, pages);
  return { rows: found.slice((page - 1) * q.perPage, page * q.perPage), total: found.length, page, pages };
}

export type Selection = { ok: true; accounts: Account[] } | { ok: false; error: string; status: number };

/** The selected rows, all of them terminal users of this tenant; anything else refuses the whole request. */
export function selected(store: Store, tenantId: string, ids: string[]): Selection {
  const unique = [...new Set(ids)];
  if (!unique.length) return { ok: false, error: MSG.noneSelected, status: 400 };
  const mine = new Map(terminalUsers(store, tenantId).map((a) => [a.id, a]));
  const accounts = unique.map((id) => mine.get(id));
  if (accounts.some((a) => !a)) return { ok: false, error: MSG.notFound, status: 404 };
  return { ok: true, accounts: (accounts as Account[]).sort(byExtension) };
}

/** ロック解除: the accounts may log in again, their failures in a row start from zero. */
export async function unlock(store: Store, tenantId: string, ids: string[]): Promise<number> {
  return store.update((d) => {
    let n = 0;
    for (const a of d.accounts) {
      if (a.tenantId === tenantId && a.kind === 'terminal' && ids.includes(a.id)) {
        a.locked = false;
        a.failedLogins = 0;
        n += 1;
      }
    }
    return n;
  });
}

/** Problems of a new password typed twice, in the order a person fixes them. */
export function newPasswordProblems(password: string, confirm: string, loginId: string): string[] {
  if (!password) return [MSG.passwordEmpty, ...(confirm ? [] : [MSG.confirmEmpty])];
  const rule = passwordProblem(password, loginId);
  if (rule) return [rule];
  if (!confirm) return [MSG.confirmEmpty];
  if (password !== confirm) return [MSG.passwordMismatch];
  return [];
}

/** パスワード変更: the new password replaces the old one, and sessions begun with the old one end. */
export async function changePassword(store: Store, tenantId: string, accountId: string, password: string, scryptN: number): Promise<boolean> {
  const hash = await hashPassword(password, scryptN);
  return store.update((d) => {
    const a = d.accounts.find((x) => x.id === accountId && x.tenantId === tenantId && x.kind === 'terminal');
    if (!a) return false;
    a.passwordHash = hash;
    a.passwordVersion = (a.passwordVersion ?? 0) + 1;
    d.otps = d.otps.filter((o) => o.accountId !== a.id);
    return true;
  });
}

/** 多要素認証変更 is possible only before the cutover; from then on every terminal user is ON. */
export function mfaChangeAllowed(phase: Phase): boolean {
  return phase !== 'after';
}

export type MfaChange = { ok: true; changed: number } | { ok: false; error: string };

/**
 * 多要素認証変更: sets the selected terminal users' MFA. The phase is checked again inside the write,
 * so a request that reaches the portal after the cutover changes nothing.
 */
export async function setMfa(store: Store, tenantId: string, ids: string[], on: boolean, phaseNow: () => Phase): Promise<MfaChange> {
  return store.update((d): MfaChange => {
    if (!mfaChangeAllowed(phaseNow())) return { ok: false, error: MSG.mfaMandatory };
    let changed = 0;
    for (const a of d.accounts) {
      if (a.tenantId === tenantId && a.kind === 'terminal' && ids.includes(a.id)) {
        a.mfa = on;
        changed += 1;
      }
    }
    return { ok: true, changed };
  });
}
