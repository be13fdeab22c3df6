// Shared by the security tests: a portal with its Express app at hand (to list its routes), the mailed
// codes, tenants made in the store, and the routes of the app read from Express's router stack.

import assert from 'node:assert/strict';
import { request as httpRequest } from 'node:http';
import type { Express } from 'express';
import { createTenant, type NewAccount } from '../../server/store/seed.ts';
import { FormClient } from '../server/client.ts';
import { startTestPortal, type TestPortal } from '../server/helpers.ts';

/** The portal of the integration tests (test/server/helpers.ts), started the same way. */
export type Portal = TestPortal;
export const startPortal = startTestPortal;

export async function withPortal(env: Record<string, string>, fn: (p: Portal) => Promise<void>, host?: string): Promise<void> {
  const p = await startPortal(env, host);
  try {
    await fn(p);
  } finally {
    await p.close();
  }
}

export const PASSWORD = 'Secret2026x';
export const AFTER = '2026-06-30T10:00:00+09:00';
export const BEFORE = '2026-06-08T10:00:00+09:00';

let n = 0;
/** A tenant at `at` with the given accounts (terminal users get extensions 22001…); their login IDs. */
export async function tenant(p: Portal, at: string, accounts: Partial<NewAccount>[]) {
  const prefix = `sec${++n}${Date.now().toString(36)}`;
  const list: NewAccount[] = accounts.map((a, i) => ({
    kind: 'terminal',
    loginId: `${prefix}-${i}`,
    extension: (a.kind ?? 'terminal') === 'terminal' ? String(22001 + i) : null,
    password: PASSWORD,
    mfa: false,
    email: null,
    ...a,
  }));
  const { tenant: t } = await createTenant(p.store, { clockOffsetMs: Date.parse(at) - p.clock.now().getTime(), accounts: list }, p.config.scryptN, p.clock.now());
  const account = (loginId: string) => p.store.data.accounts.find((a) => a.loginId === loginId) ?? assert.fail(`no account ${loginId}`);
  return { id: t.id, ids: list.map((a) => a.loginId), account };
}

/** The last code mailed to `to`. */
export const lastCode = (p: Portal, to: string): string => [...p.sent].reverse().find((m) => m.to === to)?.code ?? assert.fail(`no mail to ${to}`);

/** A client logged in all the way (password, and the mailed code where one is asked). */
export async function loggedIn(p: Portal, loginId: string, email?: string): Promise<FormClient> {
  const c = new FormClient(p.url);
  const res = await c.login(loginId, PASSWORD);
  if (res.headers.get('location') === '/mfa/otp') {
    await c.get('/mfa/otp');
    const done = await c.post('/mfa/otp', { otp: lastCode(p, email ?? assert.fail('an OTP was asked: give the address')) });
    assert.equal(done.headers.get('location'), '/top');
  } else {
    assert.equal(res.headers.get('location'), '/top', `login of ${loginId}`);
  }
  await c.get('/top');
  return c;
}

// ---------------------------------------------------------------------------------------------
// The routes of the app, read from Express's router stack (so routes added later are covered too)

export interface Route {
  method: string;
  /** The path with sample values in place of parameters. */
  path: string;
  /** The path as declared. */
  declared: string;
}

interface Layer {
  route?: { path: string | string[]; methods: Record<string, boolean> };
  handle?: { stack?: Layer[] };
  rawPath?: unknown;
}

const join = (a: string, b: string) => (`${a}/${b}`.replace(/\/+/g, '/').replace(/(.)\/$/, '$1'));

/** `/x/:id{/:more}` → `/x/1`: parameters get a sample value, optional parts are left out. */
function sample(path: string): string {
  return path.replace(/\{[^}]*\}/g, '').replace(/:(\w+)/g, '1').replace(/\*(\w+)/g, 'x');
}

export function routes(app: Express): Route[] {
  const out: Route[] = [];
  const walk = (stack: Layer[], prefix: string) => {
    for (const layer of stack) {
      if (layer.route) {
        const paths = Array.isArray(layer.route.path) ? layer.route.path : [layer.route.path];
        for (const [m, on] of Object.entries(layer.route.methods)) {
          if (!on) continue;
          for (const p of paths) {
            if (typeof p !== 'string') continue;
            const declared = join(prefix, p);
            out.push({ method: m === '_all' ? 'ALL' : m.toUpperCase(), path: sample(declared), declared });
          }
        }
      } else if (layer.handle?.stack && typeof layer.rawPath === 'string') {
        walk(layer.handle.stack, join(prefix, layer.rawPath));
      }
    }
  };
  walk((app as unknown as { router: { stack: Layer[] } }).router.stack, '');
  const seen = new Set<string>();
  return out.filter((r) => !seen.has(`${r.method} ${r.declared}`) && seen.add(`${r.method} ${r.declared}`));
}

/** The portal's own routes (the harness API is test control, not the portal). */
export const portalRoutes = (app: Express) => routes(app).filter((r) => !r.declared.startsWith('/__harness'));

/**
 * A form client whose connections come from `localAddress` (any 127.x.y.z on loopback), to act as
 * people at different addresses. Keeps the cookies and the last page's CSRF token, as FormClient does.
 */
export class AddressClient {
  cookies = new Map<string, string>();
  lastHtml = '';
  constructor(readonly base: string, readonly localAddress: string) {}

  request(method: string, path: string, body?: string, headers: Record<string, string> = {}): Promise<{ status: number; location: string | null; text: string }> {
    const url = new URL(path, this.base);
    const cookie = [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
    return new Promise((resolve, reject) => {
      const req = httpRequest(
        { host: url.hostname, port: url.port, path: url.pathname + url.search, method, localAddress: this.localAddress, headers: { ...(cookie ? { cookie } : {}), ...headers } },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => {
            for (const c of res.headers['set-cookie'] ?? []) {
              const [pair] = c.split(';');
              const i = pair.indexOf('=');
              this.cookies.set(pair.slice(0, i), pair.slice(i + 1));
            }
            const text = Buffer.concat(chunks).toString('utf8');
            if (String(res.headers['content-type'] ?? '').includes('html')) this.lastHtml = text;
            resolve({ status: res.statusCode ?? 0, location: (res.headers.location as string | undefined) ?? null, text });
          });
        },
      );
      req.on('error', reject);
      req.end(body);
    });
  }

  async login(loginId: string, password: string) {
    await this.request('GET', '/login');
    const csrf = /name="_csrf" value="([^"]+)"/.exec(this.lastHtml)?.[1] ?? assert.fail('no CSRF token on the login page');
    return this.request('POST', '/login', new URLSearchParams({ _csrf: csrf, loginId, password }).toString(), { 'content-type': 'application/x-www-form-urlencoded' });
  }
}
