// /pbx (behind login): 内線設定 for the administrator (every extension of its tenant) and for a terminal user
// (its own extension only); 着信グループ設定, 外線着信設定 and the other 初期設定 items for the administrator only.
// A terminal user gets 403 on the rest and on another extension's settings. Every lookup is within the tenant.

import { randomUUID } from 'node:crypto';
import { Router, type Request, type RequestHandler, type Response } from 'express';
import { csrfToken, forbiddenPage, type Who } from '../auth/session.ts';
import type { Store } from '../store/db.ts';
import type { Tenants } from '../tenants.ts';
import { html, type Html } from '../views/html.ts';
import { extensionsOf, findExtension, formOf, mayOpen, readForm, saveExtension, validate, visibleExtensions } from './extensions.ts';
import { deleteGroup, findGroup, groupForm, groupsOf, readGroupForm, saveGroup, validateGroup } from './groups.ts';
import { addNumber, EMPTY_INCOMING, findNumber, parseIncoming, saveRoute, searchIncoming, validateNewNumber, validateRoute } from './incoming.ts';
import {
  addNumberView,
  extensionFormView,
  extensionListView,
  extensionResultView,
  groupDeleteView,
  groupEditView,
  groupListView,
  groupView,
  incomingView,
  ipVoiceView,
  routeView,
  simpleView,
  EXTENSIONS,
  GROUPS,
  INCOMING,
  type Frame,
} from './views.ts';

declare module 'express-session' {
  interface SessionData {
    /** `tenantId:内線番号` of the last change, whose result page may be shown. */
    pbxChanged: string;
    /** The message of the last action on a /pbx list, shown once. */
    pbxNotice: string[];
  }
}

export interface PbxDeps {
  store: Store;
  tenants: Tenants;
}

const who = (res: Response) => res.locals.who as Who;

export const send = (res: Response, body: Html, status = 200) => res.status(status).set('Cache-Control', 'no-store').type('html').send(body.toString());

export const forbidden = (res: Response) => res.status(403).set('Cache-Control', 'no-store').type('html').send(forbiddenPage());

/** Only the ユーザ管理者 passes (after requireLogin); a terminal user gets 403. */
export const adminOnly: RequestHandler = (_req, res, next) => (who(res).account.kind === 'admin' ? next() : forbidden(res));

export function frameOf(tenants: Tenants, req: Request, res: Response, extra: Partial<Frame> = {}): Frame {
  const { tenant, account } = who(res);
  return { account, phase: tenants.phase(tenant), csrf: csrfToken(req), ...extra };
}

const notFound = (res: Response) => res.status(404).type('html').send('<!doctype html><html lang="ja"><meta charset="utf-8"><title>404</title><h1>ページが見つかりません</h1><a href="/top">トップ</a></html>');

/** The 初期設定 items that are not part of the notice's changes: a simple page each (none is a dead link). */
const OTHER_PBX_PAGES: Record<string, string> = {
  '/multiline': 'マルチライン設定',
  '/call-settings': '通話/動作設定',
  '/outgoing': '外線発信設定',
  '/caller-ids': '通知番号登録',
  '/restrictions': '発信規制先設定',
  '/hold-music': '保留音設定',
};

export const OUT_OF_SCOPE = 'この画面は2026年6月29日の変更の対象外です。';

export function pbxRouter({ store, tenants }: PbxDeps): Router {
  const r = Router();
  const frame = (req: Request, res: Response, extra: Partial<Frame> = {}) => frameOf(tenants, req, res, extra);
  const param = (req: Request, name: string) => String(req.params[name] ?? '');
  const takeNotice = (req: Request) => {
    const n = req.session.pbxNotice ?? [];
    req.session.pbxNotice = undefined;
    return n;
  };

  // ---------- 内線設定 (administrator: every extension; terminal user: its own) ----------

  r.get('/extensions', (req, res) => {
    send(res, extensionListView(frame(req, res, { notices: takeNotice(req) }), visibleExtensions(store, who(res).account)));
  });

  /** The extension of the URL, if this person may open it: 404 for an administrator when unknown, 403 for a terminal user otherwise. */
  const extensionFor = (req: Request, res: Response) => {
    const { tenant, account } = who(res);
    const ext = findExtension(store, tenant.id, param(req, 'number'));
    if (ext && mayOpen(account, ext)) return ext;
    if (account.kind === 'admin') notFound(res);
    else forbidden(res);
    return undefined;
  };
  const numbersOf = (tenantId: string) => (store.data.pbxNumbers ?? []).filter((n) => n.tenantId === tenantId).map((n) => n.number).sort();

  r.get('/extensions/:number/edit', (req, res) => {
    const ext = extensionFor(req, res);
    if (!ext) return;
    send(res, extensionFormView(frame(req, res), ext, formOf(ext), numbersOf(ext.tenantId)));
  });

  r.post('/extensions/:number', async (req, res) => {
    const ext = extensionFor(req, res);
    if (!ext) return;
    const { tenant, account } = who(res);
    const form = readForm(req.body, ext, account);
    const numbers = numbersOf(tenant.id);
    const checked = validate(form, numbers);
    if (!checked.ok) return send(res, extensionFormView(frame(req, res, { errors: checked.errors }), ext, form, numbers), 400);
    await saveExtension(store, tenant.id, ext.number, checked.value);
    req.session.pbxChanged = `${tenant.id}:${ext.number}`;
    res.redirect(303, `${EXTENSIONS}/${ext.number}/done`);
  });

  r.get('/extensions/:number/done', (req, res) => {
    const ext = extensionFor(req, res);
    if (!ext) return;
    // The result page follows a change; opened otherwise, it is the form.
    if (req.session.pbxChanged !== `${ext.tenantId}:${ext.number}`) return res.redirect(303, `${EXTENSIONS}/${ext.number}/edit`);
    send(res, extensionResultView(frame(req, res), ext));
  });

  // Everything below is the administrator's.
  r.use(adminOnly);

  // ---------- 着信グループ設定 ----------

  r.get('/groups', (req, res) => {
    send(res, groupListView(frame(req, res, { notices: takeNotice(req) }), groupsOf(store, who(res).tenant.id)));
  });

  const groupFor = (req: Request, res: Response) => {
    const g = findGroup(store, who(res).tenant.id, param(req, 'id'));
    if (!g) notFound(res);
    return g;
  };

  r.get('/groups/:id', (req, res) => {
    const g = groupFor(req, res);
    if (g) send(res, groupView(frame(req, res, { notices: takeNotice(req) }), g));
  });

  r.get('/groups/:id/edit', (req, res) => {
    const g = groupFor(req, res);
    if (g) send(res, groupEditView(frame(req, res), g, groupForm(g)));
  });

  r.post('/groups/:id', async (req, res) => {
    const g = groupFor(req, res);
    if (!g) return;
    const form = readGroupForm(req.body);
    const checked = validateGroup(store, g.tenantId, form);
    if (!checked.ok) return send(res, groupEditView(frame(req, res, { errors: checked.errors }), g, form), 400);
    await saveGroup(store, g.tenantId, g.id, checked.name, checked.members);
    req.session.pbxNotice = ['着信グループの設定を変更しました。'];
    res.redirect(303, `${GROUPS}/${g.no}`);
  });

  r.get('/groups/:id/delete', (req, res) => {
    const g = groupFor(req, res);
    if (g) send(res, groupDeleteView(frame(req, res), g));
  });

  r.post('/groups/:id/delete', async (req, res) => {
    const g = groupFor(req, res);
    if (!g) return;
    await deleteGroup(store, g.tenantId, g.id);
    req.session.pbxNotice = [`グループ番号${g.no}の着信グループを削除しました。`];
    res.redirect(303, GROUPS);
  });

  // ---------- 外線着信設定 ----------

  r.get('/incoming', (req, res) => {
    const { tenant } = who(res);
    const phase = tenants.phase(tenant);
    const { query, errors } = parseIncoming((n) => req.query[n], phase);
    const list = errors.length ? undefined : searchIncoming(store, tenant.id, query);
    send(res, incomingView(frame(req, res, { errors, notices: takeNotice(req) }), query, list), errors.length ? 400 : 200);
  });

  /** The list's conditions an action came from (hidden field `q`), as a query string; bad ones fall back to the plain list. */
  const backTo = (req: Request, res: Response) => {
    const raw = (req.body as Record<string, unknown> | undefined)?.q;
    if (typeof raw !== 'string' || raw.length > 300 || !raw.startsWith('?')) return '';
    const params = new URLSearchParams(raw.slice(1));
    const { errors } = parseIncoming((n) => params.get(n) ?? undefined, tenants.phase(who(res).tenant));
    return errors.length ? '' : raw;
  };

  const listWith = (req: Request, res: Response, errors: string[], status: number) => {
    const { tenant } = who(res);
    const raw = backTo(req, res);
    const params = new URLSearchParams(raw.slice(1));
    const { query } = parseIncoming((n) => params.get(n) ?? undefined, tenants.phase(tenant));
    send(res, incomingView(frame(req, res, { errors }), raw ? query : EMPTY_INCOMING, searchIncoming(store, tenant.id, raw ? query : EMPTY_INCOMING)), status);
  };

  r.post('/incoming/route/form', (req, res) => {
    const { tenant } = who(res);
    const v = (req.body as Record<string, unknown> | undefined)?.ids;
    const ids = (Array.isArray(v) ? v : [v]).filter((x): x is string => typeof x === 'string' && x.length > 0);
    if (ids.length !== 1) return listWith(req, res, ['設定する外線番号を1つ選んでください。'], 400);
    const n = findNumber(store, tenant.id, ids[0]);
    if (!n) return listWith(req, res, ['選んだ外線番号が見つかりません。一覧を表示し直してください。'], 404);
    send(res, routeView(frame(req, res), backTo(req, res), n, { extension: n.extension ?? '', kind: n.kind }));
  });

  r.post('/incoming/route', async (req, res) => {
    const { tenant } = who(res);
    const id = (req.body as Record<string, unknown> | undefined)?.id;
    const n = typeof id === 'string' ? findNumber(store, tenant.id, id) : undefined;
    if (!n) return listWith(req, res, ['選んだ外線番号が見つかりません。一覧を表示し直してください。'], 404);
    const checked = validateRoute(store, tenant.id, req.body);
    if (!checked.ok) return send(res, routeView(frame(req, res, { errors: checked.errors }), backTo(req, res), n, checked), 400);
    await saveRoute(store, tenant.id, n.id, checked.extension, checked.kind);
    req.session.pbxNotice = [`外線番号 ${n.number} の着信を設定しました。`];
    res.redirect(303, `${INCOMING}${backTo(req, res)}`);
  });

  r.get('/incoming/add', (req, res) => send(res, addNumberView(frame(req, res), '')));

  r.post('/incoming/add', async (req, res) => {
    const { tenant } = who(res);
    const typed = typeof (req.body as Record<string, unknown> | undefined)?.number === 'string' ? String((req.body as Record<string, unknown>).number).trim() : '';
    const checked = validateNewNumber(store, tenant.id, typed);
    if (!checked.ok) return send(res, addNumberView(frame(req, res, { errors: [checked.error] }), typed.slice(0, 20)), 400);
    await addNumber(store, tenant.id, checked.number, randomUUID());
    req.session.pbxNotice = [`外線番号 ${checked.number} を追加しました。「設定」ボタンから着信させる内線番号と紐づけてください。`];
    res.redirect(303, `${INCOMING}?number=${checked.number}`);
  });

  r.get('/incoming/ipvoice', (req, res) => send(res, ipVoiceView(frame(req, res))));

  // ---------- the other 初期設定 items ----------

  for (const [path, title] of Object.entries(OTHER_PBX_PAGES)) {
    r.get(path, (req, res) => send(res, simpleView(frame(req, res), `/pbx${path}`, title, html`<p>${OUT_OF_SCOPE}</p>`)));
  }

  r.use((_req, res) => notFound(res));
  return r;
}

/** The 利用状況/運用確認 and 管理情報 items outside the notice's changes (administrator only). */
export function menuPagesRouter({ store, tenants }: PbxDeps, loggedIn: RequestHandler[]): Router {
  const r = Router();
  const page = (path: string, title: string, body: (req: Request, res: Response) => Html) =>
    r.get(path, ...loggedIn, adminOnly, (req, res) => send(res, simpleView(frameOf(tenants, req, res), path, title, body(req, res))));
  page('/usage/call-log', '通話ログ', () => html`<p>${OUT_OF_SCOPE}</p><p>表示できる通話ログはありません。</p>`);
  page('/usage/traffic', 'トラフィックレポート', () => html`<p>${OUT_OF_SCOPE}</p><p>表示できるトラフィックレポートはありません。</p>`);
  page('/admin/pbx-info', 'PBX設定情報確認', (_req, res) => {
    const id = who(res).tenant.id;
    return html`<p>${OUT_OF_SCOPE}</p>
<table aria-label="PBX設定情報"><tbody>
<tr><th scope="row">内線数</th><td>${extensionsOf(store, id).length}</td></tr>
<tr><th scope="row">着信グループ数</th><td>${groupsOf(store, id).length}</td></tr>
<tr><th scope="row">外線番号数</th><td>${(store.data.pbxNumbers ?? []).filter((n) => n.tenantId === id).length}</td></tr>
</tbody></table>`;
  });
  page('/admin/status', 'ステータス参照', () => html`<p>${OUT_OF_SCOPE}</p><p>表示できるステータスはありません。</p>`);
  return r;
}
