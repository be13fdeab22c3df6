// Test control, mounted only when HARNESS_API=1, and then answering only on loopback:
// create a tenant with given accounts at a given instant, read it, move its clock, delete it.

import express, { Router, type Request, type Response } from 'express';
import { parseInstant, type Clock } from './calendar.ts';
import type { Config } from './config.ts';
import { dropPbx } from './pbx/seed.ts';
import type { Store } from './store/db.ts';
import { createTenant, DuplicateLoginError, type NewAccount } from './store/seed.ts';
import type { Tenants } from './tenants.ts';

class BadRequest extends Error {}

const LOOPBACK = /^(127\.\d+\.\d+\.\d+|::1|::ffff:127\.\d+\.\d+\.\d+)$/;

/**
 * The request comes from loopback and was not forwarded for anyone else: a proxy on this host (TLS in
 * front of the portal) names the client in X-Forwarded-For or Forwarded, and every address named there
 * must be loopback too, whether the portal trusts the proxy or not.
 */
function fromThisHost(req: Request): boolean {
  if (!LOOPBACK.test(req.socket.remoteAddress ?? '')) return false;
  const forwarded = [
    ...String(req.headers['x-forwarded-for'] ?? '').split(','),
    ...[...String(req.headers.forwarded ?? '').matchAll(/for=\s*"?\[?([^\]";,\s]*)/gi)].map((m) => m[1]),
  ].map((a) => a.trim());
  return forwarded.every((a) => a === '' || LOOPBACK.test(a));
}

function str(v: unknown, what: string, { optional = false, max = 254 } = {}): string | undefined {
  if (v === undefined || v === null) {
    if (optional) return undefined;
    throw new BadRequest(`${what} is required`);
  }
  if (typeof v !== 'string' || v.length > max) throw new BadRequest(`${what} must be a string of at most ${max} characters`);
  return v;
}

function parseAccount(v: unknown, i: number): NewAccount {
  if (!v || typeof v !== 'object') throw new BadRequest(`accounts[${i}] must be an object`);
  const a = v as Record<string, unknown>;
  const kind = a.kind;
  if (kind !== 'terminal' && kind !== 'admin') throw new BadRequest(`accounts[${i}].kind must be "terminal" or "admin"`);
  const loginId = str(a.loginId, `accounts[${i}].loginId`, { max: 64 })!;
  if (!/^[\x21-\x7e]{1,64}$/.test(loginId)) throw new BadRequest(`accounts[${i}].loginId must be 1–64 printable ASCII characters`);
  const extension = str(a.extension, `accounts[${i}].extension`, { optional: true, max: 11 });
  if (extension !== undefined && !/^\d{2,11}$/.test(extension)) throw new BadRequest(`accounts[${i}].extension must be 2–11 digits`);
  if (kind === 'terminal' && extension === undefined) throw new BadRequest(`accounts[${i}].extension is required for a terminal user`);
  const password = str(a.password, `accounts[${i}].password`, { max: 128 })!;
  if (a.mfa !== undefined && typeof a.mfa !== 'boolean') throw new BadRequest(`accounts[${i}].mfa must be true or false`);
  if (a.locked !== undefined && typeof a.locked !== 'boolean') throw new BadRequest(`accounts[${i}].locked must be true or false`);
  const email = str(a.email, `accounts[${i}].email`, { optional: true });
  return { kind, loginId, extension: extension ?? null, password, mfa: a.mfa as boolean | undefined, email: email ?? null, locked: a.locked as boolean | undefined };
}

export function harnessApi({ store, tenants, clock, config }: { store: Store; tenants: Tenants; clock: Clock; config: Config }): Router {
  const r = Router();
  r.use((req, res, next) => (fromThisHost(req) ? next() : res.status(404).end()));
  r.use(express.json({ limit: '1mb' }));

  const describe = (id: string) => {
    const t = tenants.get(id);
    if (!t) return undefined;
    return {
      tenantId: t.id,
      name: t.name,
      now: tenants.now(t).toISOString(),
      phase: tenants.phase(t),
      mailCharset: t.mailCharset ?? config.mailCharset,
      accounts: tenants.accounts(id).map((a) => ({
        kind: a.kind,
        loginId: a.loginId,
        extension: a.extension,
        mfa: a.mfa,
        email: a.email,
        locked: a.locked,
        failedLogins: a.failedLogins,
      })),
    };
  };

  const handle = (fn: (req: Request, res: Response) => Promise<unknown>) => async (req: Request, res: Response) => {
    try {
      await fn(req, res);
    } catch (e) {
      if (e instanceof BadRequest || e instanceof DuplicateLoginError) return res.status(400).json({ error: e.message });
      if (e instanceof Error && /not a date/.test(e.message)) return res.status(400).json({ error: e.message });
      throw e;
    }
  };

  r.post('/tenants', handle(async (req, res) => {
    const body = (req.body ?? {}) as Record<string, unknown>;
    if (!Array.isArray(body.accounts)) throw new BadRequest('accounts must be an array');
    if (body.accounts.length > 20_000) throw new BadRequest('accounts: at most 20000');
    const accounts = body.accounts.map(parseAccount);
    const at = body.at === undefined ? clock.now() : parseInstant(str(body.at, 'at')!);
    const mailCharset = body.mailCharset;
    if (mailCharset !== undefined && mailCharset !== 'utf-8' && mailCharset !== 'iso-2022-jp') throw new BadRequest('mailCharset must be "utf-8" or "iso-2022-jp"');
    const { tenant } = await createTenant(
      store,
      { name: str(body.name, 'name', { optional: true, max: 100 }), clockOffsetMs: at.getTime() - clock.now().getTime(), mailCharset, accounts },
      config.scryptN,
      clock.now(),
    );
    await tenants.settle(tenant.id);
    res.status(201).json(describe(tenant.id));
  }));

  // The tenant an account belongs to (npm run repro --at: set the date of that user's customer).
  r.get('/accounts/:loginId', (req, res) => {
    const account = store.data.accounts.find((a) => a.loginId === req.params.loginId);
    const d = account && describe(account.tenantId);
    return d ? res.json(d) : res.status(404).json({ error: `no account ${req.params.loginId}` });
  });

  r.get('/tenants/:id', (req, res) => {
    const d = describe(req.params.id);
    return d ? res.json(d) : res.status(404).json({ error: `no tenant ${req.params.id}` });
  });

  r.post('/tenants/:id/clock', handle(async (req, res) => {
    const t = tenants.get(req.params.id as string);
    if (!t) return res.status(404).json({ error: `no tenant ${req.params.id}` });
    const body = (req.body ?? {}) as Record<string, unknown>;
    if (body.at !== undefined) await tenants.setClock(t.id, parseInstant(str(body.at, 'at')!));
    else if (typeof body.advanceMs === 'number' && Number.isFinite(body.advanceMs)) await tenants.setClock(t.id, new Date(tenants.now(t).getTime() + body.advanceMs));
    else throw new BadRequest('give "at" (an ISO instant) or "advanceMs" (a number)');
    res.json(describe(t.id));
  }));

  r.delete('/tenants/:id', handle(async (req, res) => {
    const id = req.params.id as string;
    await store.update((d) => {
      const gone = new Set(d.accounts.filter((a) => a.tenantId === id).map((a) => a.id));
      d.tenants = d.tenants.filter((t) => t.id !== id);
      d.accounts = d.accounts.filter((a) => a.tenantId !== id);
      d.otps = d.otps.filter((o) => !gone.has(o.accountId));
      if (d.imports) d.imports = d.imports.filter((r) => r.tenantId !== id);
      dropPbx(d, id);
    });
    res.status(204).end();
  }));

  r.use((req, res) => res.status(404).json({ error: `no harness route ${req.method} ${req.path}` }));
  return r;
}
