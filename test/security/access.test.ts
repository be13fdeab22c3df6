// CSRF on every state-changing route, authorization (administrator pages, another extension, another
// tenant, the screens between password and OTP), the harness API's reach and input limits at the edge.
// Routes are read from the app's router stack, so a route added later is covered without a change here.
// Each test names the OWASP ASVS 4.0.3 requirement it covers.

import { networkInterfaces } from 'node:os';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { MENU } from '../../server/menu/items.ts';
import { FormClient } from '../server/client.ts';
import { AddressClient, AFTER, BEFORE, loggedIn, PASSWORD, portalRoutes, tenant, withPortal, type Portal, type Route } from './support.ts';

const STATE_CHANGING = new Set(['POST', 'PUT', 'PATCH', 'DELETE', 'ALL']);

/** A request with the client's cookies, as a browser would send it, not following redirects. */
function send(c: FormClient, method: string, path: string, body?: BodyInit, headers: Record<string, string> = {}) {
  const cookie = [...c.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  return fetch(c.base + path, { method: method === 'ALL' ? 'POST' : method, body, headers: { ...(cookie ? { cookie } : {}), ...headers }, redirect: 'manual' });
}

const form = (fields: Record<string, string>) => ({ body: new URLSearchParams(fields), headers: { 'content-type': 'application/x-www-form-urlencoded' } });

/** A multipart form as an upload sends it: the token (if any) and a file. */
function multipart(csrf?: string) {
  const f = new FormData();
  if (csrf !== undefined) f.append('_csrf', csrf);
  f.append('file', new Blob(['ログインID,内線番号\r\n'], { type: 'text/csv' }), 'accounts.csv');
  return f;
}

test('ASVS 4.2.2, 3.5.3: every state-changing route refuses a missing, wrong or foreign CSRF token (form and multipart) and changes nothing', () =>
  withPortal({ HARNESS_API: '1' }, async (p) => {
    const t = await tenant(p, BEFORE, [{ kind: 'admin' }, {}]);
    const admin = await loggedIn(p, t.ids[0]);
    const token = admin.csrf();
    const stranger = new FormClient(p.url);
    await stranger.get('/login');
    const foreign = stranger.csrf();
    assert.notEqual(foreign, token);
    const changing = portalRoutes(p.app).filter((r) => STATE_CHANGING.has(r.method));
    assert.ok(changing.length >= 8, `state-changing routes found: ${changing.map((r) => r.declared).join(' ')}`);
    const fields = { loginId: t.ids[1], password: PASSWORD, ids: t.account(t.ids[1]).id, otp: '123456', email: 'x@example.test', confirm: 'x@example.test' };
    for (const r of changing) {
      const before = JSON.stringify(p.store.data);
      const tries: [string, () => Promise<Response>][] = [
        ['no token', () => send(admin, r.method, r.path, form(fields).body, form(fields).headers)],
        ['a wrong token', () => send(admin, r.method, r.path, form({ ...fields, _csrf: 'x'.repeat(token.length) }).body, form(fields).headers)],
        ["another session's token", () => send(admin, r.method, r.path, form({ ...fields, _csrf: foreign }).body, form(fields).headers)],
        ['multipart, no token', () => send(admin, r.method, r.path, multipart())],
        ['multipart, a wrong token', () => send(admin, r.method, r.path, multipart('x'.repeat(token.length)))],
      ];
      for (const [what, attempt] of tries) {
        const res = await attempt();
        assert.equal(res.status, 403, `${r.method} ${r.declared} with ${what}: ${res.status} ${res.headers.get('location') ?? ''}`);
        assert.match(await res.text(), /画面の有効期限が切れました。もう一度操作してください。/, `${r.method} ${r.declared} with ${what}: the reason is shown`);
      }
      assert.equal(JSON.stringify(p.store.data), before, `${r.method} ${r.declared}: nothing changed`);
      assert.equal((await admin.get('/top')).status, 200, `${r.method} ${r.declared}: the session is intact`);
    }
    // the same token is accepted (the refusals above were for the token)
    await admin.get('/accounts');
    assert.equal((await admin.post('/accounts/unlock', { ids: t.account(t.ids[1]).id })).status, 303);
  }));

test('ASVS 4.2.2: no GET route changes anything (state changes only by a form post with its token)', () =>
  withPortal({}, async (p) => {
    const t = await tenant(p, BEFORE, [{ kind: 'admin' }, {}]);
    const admin = await loggedIn(p, t.ids[0]);
    const user = await loggedIn(p, t.ids[1]);
    const group = (p.store.data.pbxGroups ?? []).find((g) => g.tenantId === t.id);
    const real = (r: Route) => r.declared.replace(/:number/g, t.account(t.ids[1]).extension!).replace(/:id/g, group?.id ?? '1');
    const gets = portalRoutes(p.app).filter((r) => r.method === 'GET' && !r.declared.includes('*'));
    assert.ok(gets.length >= 10);
    for (const r of gets) {
      for (const c of [admin, user]) {
        const before = JSON.stringify(p.store.data);
        const res = await c.get(real(r));
        assert.ok(res.status < 500, `GET ${real(r)}: ${res.status}`);
        assert.equal(JSON.stringify(p.store.data), before, `GET ${real(r)} changed the store`);
      }
    }
  }));

/** Paths a terminal user may open: the login's screens, and the menu items meant for terminal users (and below them). */
function terminalMay(r: Route): boolean {
  const own = MENU.flatMap((g) => g.items).filter((i) => i.for.includes('terminal')).map((i) => i.path);
  const auth = ['/', '/login', '/logout', '/mfa'];
  return [...auth, ...own].some((path) => r.declared === path || (path !== '/' && r.declared.startsWith(`${path}/`)));
}

test('ASVS 4.1.1, 4.1.3: a terminal user gets 403 on every administrator page and action (menu and every route outside its own)', () =>
  withPortal({}, async (p) => {
    const t = await tenant(p, BEFORE, [{ kind: 'admin' }, {}]);
    const admin = await loggedIn(p, t.ids[0]);
    const user = await loggedIn(p, t.ids[1]);
    const token = user.csrf();
    const adminOnly = [
      ...MENU.flatMap((g) => g.items).filter((i) => !i.for.includes('terminal')).map((i): Route => ({ method: 'GET', path: i.path, declared: i.path })),
      ...portalRoutes(p.app).filter((r) => !terminalMay(r)),
    ];
    assert.ok(adminOnly.some((r) => r.declared === '/accounts'));
    for (const r of adminOnly) {
      const before = JSON.stringify(p.store.data);
      const res = r.method === 'GET' ? await user.get(r.path) : await send(user, r.method, r.path, form({ _csrf: token, ids: t.account(t.ids[1]).id, mfa: 'OFF' }).body, form({}).headers);
      if (res.status === 404 && r.method === 'GET' && (await admin.get(r.path)).status === 404) continue; // a menu item with no page of its own yet
      assert.equal(res.status, 403, `a terminal user: ${r.method} ${r.declared} → ${res.status} ${res.headers.get('location') ?? ''}`);
      assert.match(await res.text(), /アクセス権限がありません/);
      assert.equal(JSON.stringify(p.store.data), before, `${r.method} ${r.declared} changed nothing`);
    }
    for (const path of ['/top', '/pbx/extensions']) assert.equal((await user.get(path)).status, 200, `${path} is the terminal user's`);
  }));

test("ASVS 4.2.1: a terminal user cannot open or change another extension's settings", () =>
  withPortal({}, async (p) => {
    const t = await tenant(p, BEFORE, [{}, {}]);
    const user = await loggedIn(p, t.ids[0]);
    const mine = t.account(t.ids[0]).extension!;
    const theirs = t.account(t.ids[1]).extension!;
    assert.equal((await user.get(`/pbx/extensions/${mine}/edit`)).status, 200, 'its own');
    assert.equal((await user.get(`/pbx/extensions/${theirs}/edit`)).status, 403);
    assert.equal((await user.get(`/pbx/extensions/${theirs}/done`)).status, 403);
    const list = await (await user.get('/pbx/extensions')).text();
    assert.equal(list.includes(`/pbx/extensions/${theirs}/edit`), false, 'the list shows only its own extension');
    await user.get(`/pbx/extensions/${mine}/edit`);
    const before = JSON.stringify(p.store.data);
    const res = await send(user, 'POST', `/pbx/extensions/${theirs}`, form({ _csrf: user.csrf(), memo: 'taken over' }).body, form({}).headers);
    assert.equal(res.status, 403);
    assert.equal(JSON.stringify(p.store.data), before);
  }));

test("ASVS 4.2.1: one tenant's administrator never sees or changes another tenant's accounts or PBX data", () =>
  withPortal({}, async (p) => {
    const a = await tenant(p, BEFORE, [{ kind: 'admin' }, {}]);
    const b = await tenant(p, BEFORE, [{ kind: 'admin' }, { locked: true, extension: '23999' }]);
    const admin = await loggedIn(p, a.ids[0]);
    const victim = b.account(b.ids[1]);
    const search = `/accounts?loginId=${encodeURIComponent(b.ids[1])}`;
    for (const path of ['/accounts', search, '/accounts/csv/download', '/pbx/extensions', '/pbx/groups', '/pbx/incoming']) {
      const body = await (await admin.get(path)).text();
      assert.equal(body.includes(victim.id), false, `${path} shows no account of the other tenant`);
      if (path !== search) {
        assert.equal(body.includes(b.ids[1]), false, `${path} shows no login ID of the other tenant`);
        assert.equal(body.includes('23999'), false, `${path} shows no extension of the other tenant`);
      }
    }
    assert.match(await (await admin.get(search)).text(), /0件|該当するアカウントはありません|見つかりません/, 'the search finds nothing');
    assert.equal((await admin.get('/pbx/extensions/23999/edit')).status, 404);
    const bGroup = (p.store.data.pbxGroups ?? []).find((g) => g.tenantId === b.id);
    if (bGroup) assert.equal((await admin.get(`/pbx/groups/${bGroup.id}`)).status, 404, "the other tenant's group");
    await admin.get('/accounts');
    const unlock = await admin.post('/accounts/unlock', { ids: victim.id });
    assert.equal(unlock.status, 404);
    await admin.get('/accounts');
    const mfa = await admin.post('/accounts/mfa', { ids: victim.id, mfa: 'ON' });
    assert.equal(mfa.status, 404);
    assert.equal(b.account(b.ids[1]).locked, true, 'still locked');
    assert.equal(b.account(b.ids[1]).mfa, false, 'MFA unchanged');
  }));

test('ASVS 4.1.1 (2.2.4): between password and OTP (or registration) no other page or action is reachable by typing its URL', () =>
  withPortal({}, async (p) => {
    const t = await tenant(p, AFTER, [{ mfa: true, email: 'step@example.test' }, {}, { kind: 'admin', mfa: true, email: 'adm@example.test' }]);
    const steps = [
      { id: t.ids[0], at: '/mfa/otp' },
      { id: t.ids[1], at: '/mfa/register' },
      { id: t.ids[2], at: '/mfa/otp' },
    ];
    const menu = MENU.flatMap((g) => g.items).map((i): Route => ({ method: 'GET', path: i.path, declared: i.path }));
    const everything = [...menu, ...portalRoutes(p.app)].filter((r) => !['/', '/login', '/logout'].includes(r.declared) && !r.declared.startsWith('/mfa'));
    for (const step of steps) {
      const c = new FormClient(p.url);
      assert.equal((await c.login(step.id, PASSWORD)).headers.get('location'), step.at);
      await c.get(step.at);
      const token = c.csrf();
      for (const r of [...everything, { method: 'GET', path: '/mfa/registered', declared: '/mfa/registered' }]) {
        const res = r.method === 'GET' ? await send(c, 'GET', r.path) : await send(c, r.method, r.path, form({ _csrf: token }).body, form({}).headers);
        assert.equal(res.status, 303, `${step.at} step: ${r.method} ${r.declared} → ${res.status}`);
        assert.ok([step.at, '/login'].includes(res.headers.get('location') ?? ''), `${step.at} step: ${r.method} ${r.declared} → ${res.headers.get('location')}`);
      }
    }
  }));

function outsideAddress(): string | undefined {
  return Object.values(networkInterfaces()).flat().find((i) => i && i.family === 'IPv4' && !i.internal)?.address;
}

test('ASVS 14.3.2: the harness API answers only with HARNESS_API=1, only on loopback, and a forwarded address is never taken for loopback', async (t) => {
  if (!outsideAddress()) t.diagnostic('this machine has no outside IPv4 interface: the direct outside request is not made (the forwarded ones are)');
  const body = JSON.stringify({ accounts: [] });
  const json = { 'content-type': 'application/json' };
  await withPortal({ HARNESS_API: '0' }, async (p) => {
    for (const [method, path] of [['POST', '/__harness/tenants'], ['GET', '/__harness/tenants/x'], ['POST', '/__harness/tenants/x/clock'], ['DELETE', '/__harness/tenants/x']]) {
      assert.equal((await fetch(p.url + path, { method, headers: json, body: method === 'GET' ? undefined : body })).status, 404, `off: ${method} ${path}`);
    }
  });
  for (const secure of ['0', '1']) {
    await withPortal({ HARNESS_API: '1', SECURE_COOKIES: secure }, async (p) => {
      assert.equal((await fetch(`${p.url}/__harness/tenants`, { method: 'POST', headers: json, body })).status, 201, 'on, from loopback');
      // a proxy on the same host forwarding someone from outside
      const forwarded = await fetch(`${p.url}/__harness/tenants`, { method: 'POST', headers: { ...json, 'x-forwarded-for': '203.0.113.9', 'x-forwarded-proto': 'https' }, body });
      assert.equal(forwarded.status, 404, `SECURE_COOKIES=${secure}: a request forwarded for 203.0.113.9`);
      const outside = outsideAddress();
      if (!outside) return;
      // from this machine's own outside address, claiming loopback in X-Forwarded-For
      for (const headers of [{}, { 'x-forwarded-for': '127.0.0.1' }] as Record<string, string>[]) {
        const c = new AddressClient(`http://${outside}:${p.port}`, outside);
        const res = await c.request('POST', '/__harness/tenants', body, { ...json, ...headers });
        assert.equal(res.status, 404, `SECURE_COOKIES=${secure}: from ${outside} ${JSON.stringify(headers)}`);
      }
    }, '0.0.0.0');
  }
});

test('ASVS 12.1.1, 13.1.3: oversized bodies and uploads are refused with a clear message, nothing applied', () =>
  withPortal({ MAX_BODY_KB: '64', MAX_UPLOAD_MB: '1' }, async (p) => {
    const t = await tenant(p, BEFORE, [{ kind: 'admin' }, {}]);
    const c = new FormClient(p.url);
    await c.get('/login');
    const big = await send(c, 'POST', '/login', new URLSearchParams({ _csrf: c.csrf(), loginId: t.ids[0], password: 'x'.repeat(70 * 1024) }), form({}).headers);
    assert.equal(big.status, 413);
    assert.match(await big.text(), /送信されたデータが大きすぎます。/);
    const many = new URLSearchParams({ _csrf: c.csrf() });
    for (let i = 0; i < 500; i++) many.append(`f${i}`, '1');
    const tooMany = await send(c, 'POST', '/login', many, form({}).headers);
    assert.equal(tooMany.status, 413, 'too many fields');

    const admin = await loggedIn(p, t.ids[0]);
    await admin.get('/accounts/csv');
    const upload = new FormData();
    upload.append('_csrf', admin.csrf());
    upload.append('file', new Blob([Buffer.alloc(1024 * 1024 + 1, 'a')], { type: 'text/csv' }), 'big.csv');
    const before = JSON.stringify(p.store.data.accounts);
    const res = await send(admin, 'POST', '/accounts/csv', upload);
    assert.equal(res.status, 413);
    assert.match(await res.text(), /ファイルのサイズが上限（[^）]+）を超えています。/);
    assert.equal(JSON.stringify(p.store.data.accounts), before);
  }));

test('ASVS 5.1.3: form fields are checked at the edge, each failure named on the same screen', () =>
  withPortal({}, async (p) => {
    const t = await tenant(p, AFTER, [{ mfa: true, email: 'edge@example.test' }, {}, { kind: 'admin' }]);
    const c = new FormClient(p.url);
    await c.login('', '');
    assert.match(c.lastHtml, /ログインIDとパスワードを入力してください。/);
    await c.login(t.ids[0], PASSWORD);
    await c.get('/mfa/otp');
    for (const otp of ['12345', '1234567', 'abcdef', '12 345', '']) {
      assert.equal((await c.post('/mfa/otp', { otp })).status, 400, JSON.stringify(otp));
      assert.match(c.lastHtml, /ワンタイムパスワードは6桁の数字で入力してください。/);
    }
    const r = new FormClient(p.url);
    await r.login(t.ids[1], PASSWORD);
    await r.get('/mfa/register');
    for (const email of ['no-at-sign', 'a@b', `${'a'.repeat(65)}@example.test`, 'a b@example.test', 'a@example.test\r\nBcc: x@example.test']) {
      assert.equal((await r.post('/mfa/register', { email, confirm: email })).status, 400, JSON.stringify(email));
      assert.match(r.lastHtml, /メールアドレスの形式が正しくありません。/);
    }
    assert.equal(p.sent.filter((m) => m.to !== 'edge@example.test').length, 0, 'no mail to a bad address');
    const admin = await loggedIn(p, t.ids[2]);
    for (const [q, message] of [['perPage=7', /表示件数は10件・50件・100件から選択してください。/], ['extension=12a', /内線番号は11桁以内の半角数字で入力してください。/]] as const) {
      assert.equal((await admin.get(`/accounts?${q}`)).status, 400, q);
      assert.match(admin.lastHtml, message);
    }
  }));
