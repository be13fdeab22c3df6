// アカウント管理 (管理情報 → 端末ユーザ管理), for the ユーザ管理者 only (mounted behind requireLogin(…, 'admin')):
// the list, ロック解除, パスワード変更 and 多要素認証変更 on the selected rows. Each action answers with a redirect
// back to the same list and a message; a refused one shows the screen again with the reason and changes nothing.

import { Router, type Request, type Response } from 'express';
import { csrfToken, type Who } from '../auth/session.ts';
import type { Config } from '../config.ts';
import type { Store } from '../store/db.ts';
import type { Tenants } from '../tenants.ts';
import type { Html } from '../views/html.ts';
import {
  changePassword,
  EMPTY_QUERY,
  list,
  mfaChangeAllowed,
  MSG,
  newPasswordProblems,
  parseQuery,
  queryString,
  selected,
  setMfa,
  unlock,
  type Query,
} from './service.ts';
import { listView, mfaView, passwordView, PATH, type Frame } from './views.ts';

declare module 'express-session' {
  interface SessionData {
    /** The message of the last action, shown once on the list. */
    accountsNotice: string[];
  }
}

export interface AccountsDeps {
  store: Store;
  tenants: Tenants;
  config: Config;
  /** Told of each account ロック解除 unlocked (the login rate limit forgets its failures). */
  onUnlock?: (loginId: string) => void;
}

/** A form field's values (a field may come once or repeated). */
function values(req: Request, name: string): string[] {
  const v = (req.body as Record<string, unknown> | undefined)?.[name];
  const all = Array.isArray(v) ? v : [v];
  return all.filter((x): x is string => typeof x === 'string' && x.length > 0 && x.length <= 64);
}

/** The selected rows of the list: the checkboxes `ids`. */
const ids = (req: Request) => values(req, 'ids');

/** The list's conditions an action came from (hidden field `q`); bad ones fall back to the plain list. */
function returnQuery(req: Request): Query {
  const raw = (req.body as Record<string, unknown> | undefined)?.q;
  if (typeof raw !== 'string' || raw.length > 300) return EMPTY_QUERY;
  const params = new URLSearchParams(raw.startsWith('?') ? raw.slice(1) : raw);
  const { query, errors } = parseQuery((n) => params.get(n) ?? undefined);
  return errors.length ? EMPTY_QUERY : query;
}

export function accountsRouter({ store, tenants, config, onUnlock }: AccountsDeps): Router {
  const r = Router();

  const who = (res: Response) => res.locals.who as Who;
  const frame = (req: Request, res: Response, extra: Partial<Frame> = {}): Frame => {
    const { tenant, account } = who(res);
    return { account, phase: tenants.phase(tenant), csrf: csrfToken(req), ...extra };
  };
  const send = (res: Response, body: Html, status = 200) => res.status(status).set('Cache-Control', 'no-store').type('html').send(body.toString());

  /** The list for `q`, with the messages of a refused action. */
  const showList = (req: Request, res: Response, q: Query, errors: string[], status: number) => {
    const { tenant } = who(res);
    send(res, listView(frame(req, res, { errors }), q, list(store, tenant.id, q), mfaChangeAllowed(tenants.phase(tenant))), status);
  };
  const done = (req: Request, res: Response, q: Query, notice: string) => {
    req.session.accountsNotice = [notice];
    res.redirect(303, `${PATH}${queryString(q)}`);
  };

  r.get('/', (req, res) => {
    const { tenant } = who(res);
    const { query, errors } = parseQuery((n) => req.query[n]);
    const notices = req.session.accountsNotice ?? [];
    req.session.accountsNotice = undefined;
    const result = errors.length ? undefined : list(store, tenant.id, query);
    send(res, listView(frame(req, res, { errors, notices }), query, result, mfaChangeAllowed(tenants.phase(tenant))), errors.length ? 400 : 200);
  });

  r.post('/unlock', async (req, res) => {
    const { tenant } = who(res);
    const q = returnQuery(req);
    const sel = selected(store, tenant.id, ids(req));
    if (!sel.ok) return showList(req, res, q, [sel.error], sel.status);
    const n = await unlock(store, tenant.id, sel.accounts.map((a) => a.id));
    for (const a of sel.accounts) onUnlock?.(a.loginId);
    done(req, res, q, MSG.unlocked(n));
  });

  r.post('/password/form', (req, res) => {
    const { tenant } = who(res);
    const q = returnQuery(req);
    const sel = selected(store, tenant.id, ids(req));
    if (!sel.ok) return showList(req, res, q, [sel.error], sel.status);
    if (sel.accounts.length !== 1) return showList(req, res, q, [MSG.onePasswordOnly], 400);
    send(res, passwordView(frame(req, res), q, sel.accounts[0]));
  });

  r.post('/password', async (req, res) => {
    const { tenant } = who(res);
    const q = returnQuery(req);
    const sel = selected(store, tenant.id, values(req, 'id'));
    if (!sel.ok || sel.accounts.length !== 1) return showList(req, res, q, [sel.ok ? MSG.onePasswordOnly : sel.error], sel.ok ? 400 : sel.status);
    const target = sel.accounts[0];
    const body = (req.body ?? {}) as Record<string, unknown>;
    const password = typeof body.newPassword === 'string' ? body.newPassword : '';
    const confirm = typeof body.confirmPassword === 'string' ? body.confirmPassword : '';
    const problems = newPasswordProblems(password, confirm, target.loginId);
    if (problems.length) return send(res, passwordView(frame(req, res, { errors: problems }), q, target, { password, confirm }), 400);
    await changePassword(store, tenant.id, target.id, password, config.scryptN);
    done(req, res, q, MSG.passwordChanged(target.loginId));
  });

  r.post('/mfa/form', (req, res) => {
    const { tenant } = who(res);
    const q = returnQuery(req);
    if (!mfaChangeAllowed(tenants.phase(tenant))) return showList(req, res, q, [MSG.mfaMandatory], 403);
    const sel = selected(store, tenant.id, ids(req));
    if (!sel.ok) return showList(req, res, q, [sel.error], sel.status);
    send(res, mfaView(frame(req, res), q, sel.accounts));
  });

  r.post('/mfa', async (req, res) => {
    const { tenant } = who(res);
    const q = returnQuery(req);
    // Refused from the cutover on, whatever the form says (the button is disabled, the server decides).
    if (!mfaChangeAllowed(tenants.phase(tenant))) return showList(req, res, q, [MSG.mfaMandatory], 403);
    const sel = selected(store, tenant.id, ids(req));
    if (!sel.ok) return showList(req, res, q, [sel.error], sel.status);
    const choice = (req.body as Record<string, unknown> | undefined)?.mfa;
    if (choice !== 'ON' && choice !== 'OFF') return send(res, mfaView(frame(req, res, { errors: [MSG.mfaChoice] }), q, sel.accounts), 400);
    const result = await setMfa(store, tenant.id, sel.accounts.map((a) => a.id), choice === 'ON', () => tenants.phase(tenant));
    if (!result.ok) return showList(req, res, q, [result.error], 403);
    done(req, res, q, MSG.mfaChanged(result.changed, choice === 'ON'));
  });

  return r;
}
