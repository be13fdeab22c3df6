// Client of the reference portal's harness API (/__harness): tenants with their own accounts and clock.

import type { Phase } from '../server/calendar.ts';

export interface AccountSpec {
  kind: 'terminal' | 'admin';
  loginId: string;
  extension?: string;
  password: string;
  mfa?: boolean;
  email?: string | null;
  locked?: boolean;
}

export interface TenantState {
  tenantId: string;
  name: string;
  now: string;
  phase: Phase;
  mailCharset: 'utf-8' | 'iso-2022-jp';
  accounts: { kind: 'terminal' | 'admin'; loginId: string; extension: string | null; mfa: boolean; email: string | null; locked: boolean; failedLogins: number }[];
}

export class HarnessClient {
  constructor(private readonly portalUrl: string) {}

  private async call<T>(method: string, path: string, body?: unknown): Promise<T> {
    const res = await fetch(`${this.portalUrl}/__harness${path}`, {
      method,
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    if (res.status === 204) return undefined as T;
    const text = await res.text();
    if (!res.ok) throw new Error(`harness API ${method} ${path}: ${res.status} ${text}`);
    return JSON.parse(text) as T;
  }

  createTenant(spec: { at?: Date; name?: string; mailCharset?: 'utf-8' | 'iso-2022-jp'; accounts: AccountSpec[] }): Promise<TenantState> {
    return this.call('POST', '/tenants', { ...spec, at: spec.at?.toISOString() });
  }
  tenant(id: string): Promise<TenantState> {
    return this.call('GET', `/tenants/${encodeURIComponent(id)}`);
  }
  /** The tenant of the account with this login ID. */
  tenantOfLogin(loginId: string): Promise<TenantState> {
    return this.call('GET', `/accounts/${encodeURIComponent(loginId)}`);
  }
  setClock(id: string, at: Date): Promise<TenantState> {
    return this.call('POST', `/tenants/${encodeURIComponent(id)}/clock`, { at: at.toISOString() });
  }
  advanceClock(id: string, ms: number): Promise<TenantState> {
    return this.call('POST', `/tenants/${encodeURIComponent(id)}/clock`, { advanceMs: ms });
  }
  deleteTenant(id: string): Promise<void> {
    return this.call('DELETE', `/tenants/${encodeURIComponent(id)}`);
  }
}
