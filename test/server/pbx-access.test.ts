// Who reaches the PBX screens over HTTP: the administrator every screen of its own tenant; a terminal user only
// 内線設定 of its own extension (403 for the rest, for another extension, and for the administrator's fields);
// nothing of one tenant is seen or changed from another; every form needs its CSRF token.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FormClient } from './client.ts';
import { startTestPortal, type TestPortal } from './helpers.ts';
import { BEFORE, postForm, tenant } from './auth-tenant.ts';

async function withPortal(fn: (p: TestPortal) => Promise<void>) {
  const portal = await startTestPortal({ HARNESS_API: '1' });
  try {
    await fn(portal);
  } finally {
    await portal.close();
  }
}

/** A tenant before the cutover (MFA OFF: no OTP) with two terminal users (22001, 22002) and an administrator, each logged in. */
async function people(portal: TestPortal) {
  const t = await tenant(portal, BEFORE, [{}, {}, { kind: 'admin' }]);
  const login = async (loginId: string) => {
    const c = new FormClient(portal.url);
    const res = await c.login(loginId, t.password);
    assert.equal(res.headers.get('location'), '/top', `${loginId} logs in`);
    return c;
  };
  return { ...t, terminal: await login(t.ids[0]), admin: await login(t.ids[2]) };
}

const extension = (portal: TestPortal, tenantId: string, number: string) => portal.store.data.pbxExtensions!.find((e) => e.tenantId === tenantId && e.number === number)!;

/** A complete 内線設定 form with the values of `number` and some changes. */
function formFor(portal: TestPortal, tenantId: string, number: string, changes: Record<string, string> = {}): [string, string][] {
  const e = extension(portal, tenantId, number);
  const base: Record<string, string> = {
    memo: e.memo, deviceType: e.deviceType, outgoingNumber: e.outgoingNumber ?? '', callerId: e.callerId ?? '', pickup: e.pickup ? 'on' : 'off',
    absentAction: e.absentAction ? '設定' : '設定しない', forwardTo: e.forwardTo, unconditional: e.forward.unconditional, busy: e.forward.busy,
    absent: e.forward.absent, noAnswer: e.forward.noAnswer, ringSeconds: e.ringSeconds === null ? '' : String(e.ringSeconds),
    voicemailPassword: e.voicemailPassword, restriction: e.restriction ?? '', ipPhoneAddress: e.ipPhoneAddress, deviceMemo: e.deviceMemo,
  };
  return Object.entries({ ...base, ...changes });
}

const ADMIN_PAGES = [
  '/pbx/groups', '/pbx/groups/1', '/pbx/groups/1/edit', '/pbx/groups/1/delete', '/pbx/incoming', '/pbx/incoming/add', '/pbx/incoming/ipvoice',
  '/pbx/multiline', '/pbx/call-settings', '/pbx/outgoing', '/pbx/caller-ids', '/pbx/restrictions', '/pbx/hold-music',
  '/usage/call-log', '/usage/traffic', '/admin/pbx-info', '/admin/status',
];

test('a terminal user gets 403 on every administrator page of the PBX and on their forms', () =>
  withPortal(async (portal) => {
    const t = await people(portal);
    for (const path of ADMIN_PAGES) {
      const res = await t.terminal.get(path);
      assert.equal(res.status, 403, path);
      assert.match(await res.text(), /アクセス権限がありません/);
    }
    await t.terminal.get('/pbx/extensions');
    const token = t.terminal.csrf();
    const before = JSON.stringify(portal.store.data.pbxGroups!.filter((g) => g.tenantId === t.id));
    for (const [path, fields] of [
      ['/pbx/groups/1', [['name', 'x'], ['members', '22001']]],
      ['/pbx/groups/1/delete', []],
      ['/pbx/incoming/add', [['number', '0399990000']]],
      ['/pbx/incoming/route', [['id', 'x'], ['extension', '22001'], ['kind', '個別']]],
    ] as [string, [string, string][]][]) {
      const res = await postForm(t.terminal, path, [['_csrf', token], ...fields], { csrf: false });
      assert.equal(res.status, 403, path);
    }
    assert.equal(JSON.stringify(portal.store.data.pbxGroups!.filter((g) => g.tenantId === t.id)), before, 'nothing changed');
    for (const path of ADMIN_PAGES) assert.equal((await t.admin.get(path)).status, 200, `the administrator reaches ${path}`);
  }));

test('a terminal user sees and changes only its own extension; another extension is 403 and stays as it was', () =>
  withPortal(async (portal) => {
    const t = await people(portal);
    const list = await t.terminal.get('/pbx/extensions');
    assert.equal(list.status, 200);
    const listed = [...t.terminal.lastHtml.matchAll(/<tr><td>(\d+)<\/td>/g)].map((m) => m[1]);
    assert.deepEqual(listed, ['22001']);

    for (const other of ['22002', '20200', '99999']) {
      assert.equal((await t.terminal.get(`/pbx/extensions/${other}/edit`)).status, 403, `${other}/edit`);
      assert.equal((await t.terminal.get(`/pbx/extensions/${other}/done`)).status, 403, `${other}/done`);
    }
    await t.terminal.get('/pbx/extensions/22001/edit');
    const token = t.terminal.csrf();
    const res = await postForm(t.terminal, '/pbx/extensions/22002', [['_csrf', token], ...formFor(portal, t.id, '22002', { memo: 'not mine' })], { csrf: false });
    assert.equal(res.status, 403);
    assert.equal(extension(portal, t.id, '22002').memo, '', '22002 unchanged');

    const own = await postForm(t.terminal, '/pbx/extensions/22001', [['_csrf', token], ...formFor(portal, t.id, '22001', { memo: '自席' })], { csrf: false });
    assert.equal(own.status, 303);
    assert.equal(own.headers.get('location'), '/pbx/extensions/22001/done');
    assert.equal(extension(portal, t.id, '22001').memo, '自席');
    const done = await t.terminal.get('/pbx/extensions/22001/done');
    assert.equal(done.status, 200);
    assert.match(t.terminal.lastHtml, /以下の内線情報の変更が完了しました。/);
  }));

test('a terminal user\'s form cannot change the administrator\'s fields (端末種別, 外線発信番号, 通知番号, 発信規制)', () =>
  withPortal(async (portal) => {
    const t = await people(portal);
    await t.terminal.get('/pbx/extensions/22001/edit');
    const html = t.terminal.lastHtml;
    for (const name of ['deviceType', 'outgoingNumber', 'callerId', 'restriction']) assert.doesNotMatch(html, new RegExp(`name="${name}"`), `${name} is not a field`);
    const res = await postForm(t.terminal, '/pbx/extensions/22001', formFor(portal, t.id, '22001', {
      deviceType: 'スマートフォン', outgoingNumber: '0312345600', callerId: '0312345600', restriction: '国際発信規制', memo: 'ok',
    }));
    assert.equal(res.status, 303);
    const e = extension(portal, t.id, '22001');
    assert.deepEqual([e.memo, e.deviceType, e.outgoingNumber, e.callerId, e.restriction], ['ok', 'IP電話機', null, null, null]);

    await t.admin.get('/pbx/extensions/22001/edit');
    const byAdmin = await postForm(t.admin, '/pbx/extensions/22001', formFor(portal, t.id, '22001', { deviceType: 'スマートフォン', restriction: '国際発信規制' }));
    assert.equal(byAdmin.status, 303);
    assert.deepEqual([extension(portal, t.id, '22001').deviceType, extension(portal, t.id, '22001').restriction], ['スマートフォン', '国際発信規制']);
  }));

test('not logged in: every PBX page goes to login; no form is taken without its CSRF token', () =>
  withPortal(async (portal) => {
    const anonymous = new FormClient(portal.url);
    for (const path of ['/pbx/extensions', '/pbx/extensions/20200/edit', ...ADMIN_PAGES]) {
      const res = await anonymous.get(path);
      assert.equal(res.status, 303, path);
      assert.equal(res.headers.get('location'), '/login', path);
    }
    const t = await people(portal);
    await t.admin.get('/pbx/extensions/20200/edit');
    const noToken = await postForm(t.admin, '/pbx/extensions/20200', formFor(portal, t.id, '20200', { memo: 'csrf' }), { csrf: false });
    assert.equal(noToken.status, 403);
    assert.equal(extension(portal, t.id, '20200').memo, '');
    const groupNoToken = await postForm(t.admin, '/pbx/groups/1/delete', [], { csrf: false });
    assert.equal(groupNoToken.status, 403);
    assert.equal(portal.store.data.pbxGroups!.filter((g) => g.tenantId === t.id).length, 2);
  }));

test('tenants are apart: each has its own copy of the notice\'s data; a change in one is not seen in another', () =>
  withPortal(async (portal) => {
    const a = await people(portal);
    const b = await people(portal);
    await a.admin.get('/pbx/extensions/20200/edit');
    assert.equal((await postForm(a.admin, '/pbx/extensions/20200', formFor(portal, a.id, '20200', { memo: 'Aの内線' }))).status, 303);
    await a.admin.get('/pbx/groups/2/delete');
    assert.equal((await postForm(a.admin, '/pbx/groups/2/delete', [])).status, 303);
    await a.admin.get('/pbx/incoming/add');
    assert.equal((await postForm(a.admin, '/pbx/incoming/add', [['number', '0399990000']])).status, 303);

    await b.admin.get('/pbx/extensions');
    assert.doesNotMatch(b.admin.lastHtml, /Aの内線/);
    assert.equal((await b.admin.get('/pbx/groups/2')).status, 200, 'B still has its group 2');
    assert.equal((await a.admin.get('/pbx/groups/2')).status, 404, 'A deleted its group 2');
    await b.admin.get('/pbx/incoming?number=0399990000');
    assert.match(b.admin.lastHtml, /0件が該当します。/);
    await a.admin.get('/pbx/incoming?number=0399990000');
    assert.match(a.admin.lastHtml, /1件が該当します。/);

    // A number of another tenant cannot be chosen for 設定 by its id.
    const idOfB = portal.store.data.pbxNumbers!.find((n) => n.tenantId === b.id)!.id;
    await a.admin.get('/pbx/incoming');
    const res = await postForm(a.admin, '/pbx/incoming/route', [['id', idOfB], ['extension', '20200'], ['kind', '代表']]);
    assert.equal(res.status, 404);
    assert.notEqual(portal.store.data.pbxNumbers!.find((n) => n.id === idOfB)!.kind, '代表');

    // A terminal user of A is not a user of B's extension 22001 either.
    assert.equal((await a.terminal.get('/pbx/extensions/22001/edit')).status, 200);
    assert.equal(extension(portal, b.id, '22001').tenantId, b.id);
  }));

test('deleting a tenant through the harness API removes its PBX data', () =>
  withPortal(async (portal) => {
    const t = await tenant(portal, BEFORE, [{}]);
    assert.ok(portal.store.data.pbxNumbers!.some((n) => n.tenantId === t.id));
    const res = await fetch(`${portal.url}/__harness/tenants/${t.id}`, { method: 'DELETE' });
    assert.equal(res.status, 204);
    for (const list of [portal.store.data.pbxExtensions!, portal.store.data.pbxGroups!, portal.store.data.pbxNumbers!]) assert.equal(list.some((x) => x.tenantId === t.id), false);
  }));
