// What the benchmarks share: distributions of timings, the rows of the figures' table, a cookie-keeping
// HTTP client that posts forms with the page's CSRF token, and tenants written straight into the store.

import { randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import type { Store } from '../../server/store/db.ts';
import type { Account, Tenant } from '../../server/store/types.ts';
import type { Clock } from '../../server/calendar.ts';

/** A distribution of timings (ms). */
export interface Dist {
  n: number;
  p50: number;
  p99: number;
  min: number;
  max: number;
  mean: number;
}

/** Nearest-rank percentile of sorted values. */
function rank(sorted: number[], p: number): number {
  if (!sorted.length) return Number.NaN;
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[i];
}

export function dist(samples: number[]): Dist {
  if (!samples.length) throw new Error('no samples: nothing was measured');
  const s = [...samples].sort((a, b) => a - b);
  const mean = s.reduce((a, b) => a + b, 0) / s.length;
  return { n: s.length, p50: rank(s, 50), p99: rank(s, 99), min: s[0], max: s[s.length - 1], mean };
}

/** One line of the table: a figure, what was seen, its target, and whether it is met (null: no target). */
export interface FigureRow {
  figure: string;
  value: string;
  target: string;
  met: boolean | null;
}

export const ms = (n: number, digits = 1) => `${n.toFixed(digits)} ms`;
export const fmtDist = (d: Dist, digits = 1) => `p50 ${d.p50.toFixed(digits)} / p99 ${d.p99.toFixed(digits)} ms (n=${d.n})`;

/** Listens on a free loopback port; the URL and a close that ends open connections. */
export async function listen(server: Server): Promise<{ url: string; close(): Promise<void> }> {
  await new Promise<void>((resolve, reject) => {
    server.once('listening', resolve);
    server.once('error', reject);
    server.listen(0, '127.0.0.1');
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** A browser-like HTTP client: keeps cookies, reads the CSRF token of the last page, posts forms. */
export class FormClient {
  private readonly cookies = new Map<string, string>();
  lastHtml = '';
  constructor(readonly base: string) {}

  private keep(res: Response): void {
    for (const c of res.headers.getSetCookie()) {
      const [pair] = c.split(';');
      const i = pair.indexOf('=');
      const value = pair.slice(i + 1);
      if (value === '' || /expires=Thu, 01 Jan 1970/i.test(c)) this.cookies.delete(pair.slice(0, i));
      else this.cookies.set(pair.slice(0, i), value);
    }
  }

  private headers(extra: Record<string, string> = {}): Record<string, string> {
    const cookie = [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
    return { ...(cookie ? { cookie } : {}), ...extra };
  }

  /** GET; the body is read (a page is rendered and transferred before the answer counts as received). */
  async get(path: string): Promise<{ status: number; location: string | null; html: string }> {
    const res = await fetch(this.base + path, { headers: this.headers(), redirect: 'manual' });
    this.keep(res);
    const html = await res.text();
    if ((res.headers.get('content-type') ?? '').includes('html')) this.lastHtml = html;
    return { status: res.status, location: res.headers.get('location'), html };
  }

  csrf(): string {
    const m = /name="_csrf" value="([^"]+)"/.exec(this.lastHtml);
    if (!m) throw new Error('no CSRF token on the last page');
    return m[1];
  }

  async post(path: string, fields: Record<string, string>): Promise<{ status: number; location: string | null; html: string }> {
    const res = await fetch(this.base + path, {
      method: 'POST',
      headers: this.headers({ 'content-type': 'application/x-www-form-urlencoded' }),
      body: new URLSearchParams({ _csrf: this.csrf(), ...fields }),
      redirect: 'manual',
    });
    this.keep(res);
    const html = await res.text();
    if ((res.headers.get('content-type') ?? '').includes('html')) this.lastHtml = html;
    return { status: res.status, location: res.headers.get('location'), html };
  }

  /** GET /login then POST the credentials; the POST alone is timed by the caller through `timed`. */
  async login(loginId: string, password: string, timed?: (ms: number) => void) {
    await this.get('/login');
    const t0 = performance.now();
    const res = await this.post('/login', { loginId, password });
    timed?.(performance.now() - t0);
    return res;
  }
}

export interface BulkAccount {
  kind: Account['kind'];
  loginId: string;
  extension?: string | null;
  mfa?: boolean;
  email?: string | null;
}

/**
 * A tenant written straight into the store with every account sharing one precomputed password hash:
 * hashing thousands of passwords with scrypt would take minutes and is not what is measured.
 */
export async function bulkTenant(store: Store, clock: Clock, spec: { at: Date; name?: string; passwordHash: string; accounts: BulkAccount[] }): Promise<{ tenant: Tenant; accounts: Account[] }> {
  const now = clock.now();
  const tenant: Tenant = {
    id: randomUUID(),
    name: spec.name ?? 'ベンチマーク株式会社',
    clockOffsetMs: spec.at.getTime() - now.getTime(),
    cutoverAppliedAt: null,
    createdAt: now.toISOString(),
  };
  const accounts: Account[] = spec.accounts.map((a) => ({
    id: randomUUID(),
    tenantId: tenant.id,
    kind: a.kind,
    loginId: a.loginId,
    extension: a.kind === 'terminal' ? (a.extension ?? null) : null,
    passwordHash: spec.passwordHash,
    mfa: a.mfa ?? false,
    email: a.email ?? null,
    registrationOffered: false,
    failedLogins: 0,
    locked: false,
  }));
  await store.update((d) => {
    d.tenants.push(tenant);
    d.accounts.push(...accounts);
  });
  return { tenant, accounts };
}
