// Tenants and accounts: creation (used by the demo seed and the harness API) and the demo tenant.

import { randomUUID } from 'node:crypto';
import { hashPassword } from '../auth/password.ts';
import { seedPbx } from '../pbx/seed.ts';
import type { Store } from './db.ts';
import type { Account, AccountKind, Tenant } from './types.ts';

export interface NewAccount {
  kind: AccountKind;
  loginId: string;
  extension?: string | null;
  password: string;
  mfa?: boolean;
  email?: string | null;
  locked?: boolean;
}

export interface NewTenant {
  id?: string;
  name?: string;
  clockOffsetMs?: number;
  mailCharset?: Tenant['mailCharset'];
  accounts: NewAccount[];
}

export class DuplicateLoginError extends Error {}

export async function createTenant(store: Store, spec: NewTenant, scryptN: number, createdAt: Date): Promise<{ tenant: Tenant; accounts: Account[] }> {
  const tenant: Tenant = {
    id: spec.id ?? randomUUID(),
    name: spec.name ?? 'お客さま',
    clockOffsetMs: spec.clockOffsetMs ?? 0,
    cutoverAppliedAt: null,
    createdAt: createdAt.toISOString(),
    ...(spec.mailCharset ? { mailCharset: spec.mailCharset } : {}),
  };
  const hashes = await Promise.all(spec.accounts.map((a) => hashPassword(a.password, scryptN)));
  const accounts: Account[] = spec.accounts.map((a, i) => ({
    id: randomUUID(),
    tenantId: tenant.id,
    kind: a.kind,
    loginId: a.loginId,
    extension: a.kind === 'terminal' ? (a.extension ?? null) : null,
    passwordHash: hashes[i],
    mfa: a.mfa ?? false,
    email: a.email ?? null,
    registrationOffered: false,
    failedLogins: 0,
    locked: a.locked ?? false,
  }));
  await store.update((d) => {
    const taken = new Set(d.accounts.map((a) => a.loginId));
    const seen = new Set<string>();
    for (const a of accounts) {
      if (taken.has(a.loginId) || seen.has(a.loginId)) throw new DuplicateLoginError(`login ID already in use: ${a.loginId}`);
      seen.add(a.loginId);
    }
    if (d.tenants.some((t) => t.id === tenant.id)) throw new DuplicateLoginError(`tenant already exists: ${tenant.id}`);
    d.tenants.push(tenant);
    d.accounts.push(...accounts);
    seedPbx(d, tenant.id, accounts);
  });
  return { tenant, accounts };
}

/** The demo tenant: the notice's five terminal users 22001–22005 (MFA OFF, no address) and one administrator. */
export const DEMO = {
  tenantId: 'demo',
  admin: { loginId: 'admin', password: 'Admin2026pbx' },
  terminalPassword: 'Pass2026pbx',
  terminals: ['22001', '22002', '22003', '22004', '22005'],
};

export async function seedDemo(store: Store, scryptN: number, at: Date): Promise<boolean> {
  if (store.data.tenants.some((t) => t.id === DEMO.tenantId)) {
    // A demo tenant stored before the PBX screens existed gets their data once.
    if (!(store.data.pbxExtensions ?? []).some((e) => e.tenantId === DEMO.tenantId)) {
      await store.update((d) => seedPbx(d, DEMO.tenantId, d.accounts.filter((a) => a.tenantId === DEMO.tenantId)));
    }
    return false;
  }
  await createTenant(
    store,
    {
      id: DEMO.tenantId,
      name: 'デモ株式会社',
      accounts: [
        { kind: 'admin', loginId: DEMO.admin.loginId, password: DEMO.admin.password, mfa: false },
        ...DEMO.terminals.map((n) => ({ kind: 'terminal' as const, loginId: n, extension: n, password: DEMO.terminalPassword, mfa: false })),
      ],
    },
    scryptN,
    at,
  );
  return true;
}
