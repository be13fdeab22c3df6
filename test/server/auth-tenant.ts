// Tenants for the auth and accounts integration tests, made through the harness API of a test portal.

import assert from 'node:assert/strict';
import type { FormClient } from './client.ts';
import type { TestPortal } from './helpers.ts';

export interface Seed {
  kind?: 'terminal' | 'admin';
  mfa?: boolean;
  email?: string | null;
  locked?: boolean;
}

let n = 0;
/** A tenant at `at` (JST) with the given accounts; returns their login IDs and the password they share. */
export async function tenant(portal: TestPortal, at: string, accounts: Seed[]) {
  const prefix = `t${++n}${Date.now().toString(36)}`;
  const password = 'Secret2026x';
  const list = accounts.map((a, i) => ({
    kind: a.kind ?? 'terminal',
    loginId: `${prefix}-${i}`,
    extension: (a.kind ?? 'terminal') === 'terminal' ? String(22001 + i) : undefined,
    password,
    mfa: a.mfa ?? false,
    email: a.email ?? null,
    locked: a.locked,
  }));
  const res = await fetch(`${portal.url}/__harness/tenants`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ at, accounts: list }),
  });
  assert.equal(res.status, 201, await res.clone().text());
  const state = (await res.json()) as { tenantId: string };
  const account = (loginId: string) => portal.store.data.accounts.find((a) => a.loginId === loginId)!;
  const moveClock = async (body: { at?: string; advanceMs?: number }) => {
    const r = await fetch(`${portal.url}/__harness/tenants/${state.tenantId}/clock`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    assert.equal(r.status, 200);
  };
  return { id: state.tenantId, ids: list.map((a) => a.loginId), password, account, moveClock };
}

export const BEFORE = '2026-06-08T10:00:00+09:00';
export const WINDOW = '2026-06-16T10:00:00+09:00';
export const AFTER = '2026-06-30T10:00:00+09:00';

/** Posts a form whose fields may repeat (the list's checkboxes), with the CSRF token of the client's last page. */
export async function postForm(c: FormClient, path: string, fields: [string, string][], { csrf = true } = {}): Promise<Response> {
  const body = new URLSearchParams([...(csrf ? [['_csrf', c.csrf()] as [string, string]] : []), ...fields]);
  const cookie = [...c.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  const res = await fetch(c.base + path, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...(cookie ? { cookie } : {}) },
    body,
    redirect: 'manual',
  });
  if ((res.headers.get('content-type') ?? '').includes('html')) c.lastHtml = await res.clone().text();
  return res;
}
