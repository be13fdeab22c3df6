// アカウント管理 over HTTP: what the list shows, the actions and their refusals, the cutover's rule that no
// request turns MFA OFF, and that an administrator sees and changes only its own tenant's accounts.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FormClient } from './client.ts';
import { startTestPortal, type TestPortal } from './helpers.ts';
import { AFTER, BEFORE, postForm, tenant, WINDOW, type Seed } from './auth-tenant.ts';

async function withPortal(fn: (p: TestPortal) => Promise<void>) {
  const portal = await startTestPortal({ HARNESS_API: '1' });
  try {
    await fn(portal);
  } finally {
    await portal.close();
  }
}

/** A tenant with an administrator (the last account) logged in on the list. */
async function adminOn(portal: TestPortal, at: string, terminals: Seed[]) {
  const t = await tenant(portal, at, [...terminals, { kind: 'admin' }]);
  const admin = new FormClient(portal.url);
  const res = await admin.login(t.ids[t.ids.length - 1], t.password);
  assert.equal(res.headers.get('location'), '/top');
  const list = await admin.get('/accounts');
  assert.equal(list.status, 200);
  const idOf = (loginId: string) => t.account(loginId).id;
  return { ...t, admin, idOf, terminals: t.ids.slice(0, -1) };
}

/** The rows of the list: each row's cells as text. */
function rows(html: string): string[][] {
  const body = /<tbody>([\s\S]*?)<\/tbody>/.exec(html)?.[1] ?? assert.fail('no list on the page');
  return [...body.matchAll(/<tr>([\s\S]*?)<\/tr>/g)].map((r) => [...r[1].matchAll(/<td>([\s\S]*?)<\/td>/g)].map((c) => c[1].replace(/<[^>]+>/g, '').trim()));
}

const alertOf = (html: string) => /<div class="errors" role="alert">([\s\S]*?)<\/div>/.exec(html)?.[1] ?? '';

test('the list shows the tenant\'s terminal users: 端末ユーザ★, 内線番号, ログインID, no password, ON/OFF, address or -', () =>
  withPortal(async (portal) => {
    const t = await adminOn(portal, BEFORE, [{ mfa: true, email: 'a@example.test' }, {}]);
    const html = t.admin.lastHtml;
    assert.match(html, /アカウントの一覧を表示します。/);
    assert.match(html, /検索条件入力/);
    assert.match(html, /<option value="100" selected>100件<\/option>/);
    assert.equal(html.match(/2件が該当します。/g)?.length, 1);
    assert.equal(html.match(/1\/1ページ/g)?.length, 2, 'above and below the list');
    assert.deepEqual(rows(html), [
      ['', '端末ユーザ★', '22001', t.terminals[0], '', 'ON', 'a@example.test'],
      ['', '端末ユーザ★', '22002', t.terminals[1], '', 'OFF', '-'],
    ]);
    assert.equal(rows(html).some((r) => r[3] === t.ids[2]), false, 'the administrator is not in the list');
    assert.equal(html.includes(t.password), false);
    assert.match(html, /アカウント情報の設定ファイルを取り込みます。[\s\S]*href="\/accounts\/csv">CSV取込</);
  }));

test('検索: ログインID and 内線番号 narrow the list, 表示件数 pages it; a bad condition gets a message', () =>
  withPortal(async (portal) => {
    const t = await adminOn(portal, AFTER, Array.from({ length: 12 }, () => ({})));
    await t.admin.get('/accounts?perPage=10');
    assert.match(t.admin.lastHtml, /12件が該当します。/);
    assert.equal(t.admin.lastHtml.match(/1\/2ページ/g)?.length, 2);
    assert.equal(rows(t.admin.lastHtml).length, 10);
    await t.admin.get('/accounts?perPage=10&page=2');
    assert.equal(t.admin.lastHtml.match(/2\/2ページ/g)?.length, 2);
    assert.deepEqual(rows(t.admin.lastHtml).map((r) => r[2]), ['22011', '22012']);
    await t.admin.get('/accounts?extension=2201');
    assert.deepEqual(rows(t.admin.lastHtml).map((r) => r[2]), ['22010', '22011', '22012']);
    await t.admin.get(`/accounts?loginId=${encodeURIComponent(t.terminals[4])}`);
    assert.deepEqual(rows(t.admin.lastHtml).map((r) => r[3]), [t.terminals[4]]);
    const bad = await t.admin.get('/accounts?extension=22%E3%81%82&perPage=7');
    assert.equal(bad.status, 400);
    assert.match(alertOf(t.admin.lastHtml), /内線番号は11桁以内の半角数字で入力してください。/);
    assert.match(alertOf(t.admin.lastHtml), /表示件数は10件・50件・100件から選択してください。/);
    assert.match(t.admin.lastHtml, /value="22あ"/, 'what was typed stays in the field');
  }));

test('only an administrator reaches アカウント管理: a terminal user gets 403, a stranger the login', () =>
  withPortal(async (portal) => {
    const t = await tenant(portal, BEFORE, [{}]);
    const user = new FormClient(portal.url);
    await user.login(t.ids[0], t.password);
    assert.equal((await user.get('/accounts')).status, 403);
    assert.equal((await user.get('/top')).status, 200);
    const csrf = user.csrf();
    const post = await postForm(user, '/accounts/unlock', [['_csrf', csrf], ['ids', t.account(t.ids[0]).id]], { csrf: false });
    assert.equal(post.status, 403);
    const stranger = new FormClient(portal.url);
    assert.equal((await stranger.get('/accounts')).headers.get('location'), '/login');
  }));

test('ロック解除 unlocks the selected accounts; nothing selected gets a message', () =>
  withPortal(async (portal) => {
    const t = await adminOn(portal, BEFORE, [{ locked: true }, { locked: true }, { locked: true }]);
    const none = await postForm(t.admin, '/accounts/unlock', []);
    assert.equal(none.status, 400);
    assert.match(alertOf(t.admin.lastHtml), /アカウントを選択してください。/);
    const res = await postForm(t.admin, '/accounts/unlock', [['ids', t.idOf(t.terminals[0])], ['ids', t.idOf(t.terminals[1])]]);
    assert.equal(res.status, 303);
    await t.admin.follow(res);
    assert.match(t.admin.lastHtml, /2件のアカウントのロックを解除しました。/);
    assert.deepEqual(t.terminals.map((id) => t.account(id).locked), [false, false, true]);
    assert.equal((await new FormClient(portal.url).login(t.terminals[0], t.password)).headers.get('location'), '/top');
  }));

test('ロック解除 also clears the login ID\'s failures counted by the per-account rate limit (ASVS 2.2.1), so the unlocked user is not left at 429', async () => {
  const portal = await startTestPortal({ HARNESS_API: '1', LOGIN_ACCOUNT_RATE_LIMIT: '6' });
  try {
    const t = await adminOn(portal, BEFORE, [{}]);
    const user = t.terminals[0];
    for (let i = 0; i < 6; i++) assert.equal((await new FormClient(portal.url).login(user, `Wrong${i}x2026`)).status, 401);
    assert.equal((await new FormClient(portal.url).login(user, t.password)).status, 429, 'six failures: the ID is throttled');
    const res = await postForm(t.admin, '/accounts/unlock', [['ids', t.idOf(user)]]);
    assert.equal(res.status, 303);
    assert.equal((await new FormClient(portal.url).login(user, t.password)).headers.get('location'), '/top');
  } finally {
    await portal.close();
  }
});

test('パスワード変更: one account, the password rules, the confirmation; the old password and its sessions stop working', () =>
  withPortal(async (portal) => {
    const t = await adminOn(portal, BEFORE, [{}, {}]);
    const user = new FormClient(portal.url);
    await user.login(t.terminals[0], t.password);
    assert.equal((await user.get('/top')).status, 200);

    const two = await postForm(t.admin, '/accounts/password/form', [['ids', t.idOf(t.terminals[0])], ['ids', t.idOf(t.terminals[1])]]);
    assert.equal(two.status, 400);
    assert.match(alertOf(t.admin.lastHtml), /1件だけ選択してください/);
    const form = await postForm(t.admin, '/accounts/password/form', [['ids', t.idOf(t.terminals[0])]]);
    assert.equal(form.status, 200);
    assert.match(t.admin.lastHtml, /パスワードは8文字以上64文字以内の半角英数字記号で、英字と数字をそれぞれ1文字以上含めてください。/);
    const id = t.idOf(t.terminals[0]);
    const cases: [string, string, RegExp][] = [
      ['', '', /新しいパスワードを入力してください。/],
      ['short1', 'short1', /8文字以上64文字以内/],
      ['abcdefghij', 'abcdefghij', /英字と数字をそれぞれ1文字以上/],
      ['パスワード2026abc', 'パスワード2026abc', /半角英数字記号のみ/],
      [t.terminals[0], t.terminals[0], /ログインIDと同じパスワードは使用できません。/],
      ['NewPass2026', 'NewPass2027', /一致しません/],
    ];
    const before = t.account(t.terminals[0]).passwordHash;
    for (const [pw, confirm, message] of cases) {
      const res = await postForm(t.admin, '/accounts/password', [['id', id], ['newPassword', pw], ['confirmPassword', confirm]]);
      assert.equal(res.status, 400, pw);
      assert.match(alertOf(t.admin.lastHtml), message);
    }
    assert.equal(t.account(t.terminals[0]).passwordHash, before, 'nothing changed');

    const ok = await postForm(t.admin, '/accounts/password', [['id', id], ['newPassword', 'NewPass2026'], ['confirmPassword', 'NewPass2026']]);
    assert.equal(ok.status, 303);
    await t.admin.follow(ok);
    assert.match(t.admin.lastHtml, new RegExp(`ログインID「${t.terminals[0]}」のパスワードを変更しました。`));
    assert.equal((await user.get('/top')).headers.get('location'), '/login', 'the session begun with the old password ended');
    assert.equal((await new FormClient(portal.url).login(t.terminals[0], t.password)).status, 401);
    assert.equal((await new FormClient(portal.url).login(t.terminals[0], 'NewPass2026')).headers.get('location'), '/top');
    assert.equal((await new FormClient(portal.url).login(t.terminals[1], t.password)).headers.get('location'), '/top', 'the other account is unchanged');
  }));

test('多要素認証変更 before the cutover sets the selected accounts ON or OFF', () =>
  withPortal(async (portal) => {
    const t = await adminOn(portal, WINDOW, [{}, { mfa: true, email: 'b@example.test' }, {}]);
    assert.doesNotMatch(t.admin.lastHtml, /formaction="\/accounts\/mfa\/form" disabled/);
    const form = await postForm(t.admin, '/accounts/mfa/form', [['ids', t.idOf(t.terminals[0])], ['ids', t.idOf(t.terminals[1])]]);
    assert.equal(form.status, 200);
    const missing = await postForm(t.admin, '/accounts/mfa', [['ids', t.idOf(t.terminals[0])]]);
    assert.equal(missing.status, 400);
    assert.match(alertOf(t.admin.lastHtml), /ONまたはOFFを選択してください/);
    const on = await postForm(t.admin, '/accounts/mfa', [['ids', t.idOf(t.terminals[0])], ['ids', t.idOf(t.terminals[1])], ['mfa', 'ON']]);
    assert.equal(on.status, 303);
    assert.deepEqual(t.terminals.map((id) => t.account(id).mfa), [true, true, false]);
    const off = await postForm(t.admin, '/accounts/mfa', [['ids', t.idOf(t.terminals[1])], ['mfa', 'OFF']]);
    assert.equal(off.status, 303);
    await t.admin.follow(off);
    assert.match(t.admin.lastHtml, /1件のアカウントの多要素認証をOFFに変更しました。/);
    assert.deepEqual(t.terminals.map((id) => t.account(id).mfa), [true, false, false]);
    assert.equal(t.account(t.terminals[1]).email, 'b@example.test', 'the address stays');
  }));

test('after the cutover 多要素認証変更 is disabled and every request to change MFA is refused; nothing changes', () =>
  withPortal(async (portal) => {
    const t = await adminOn(portal, '2026-06-28T23:00:00+09:00', [{}, { mfa: true, email: 'c@example.test' }]);
    assert.deepEqual(rows(t.admin.lastHtml).map((r) => r[5]), ['OFF', 'ON']);
    const form = await postForm(t.admin, '/accounts/mfa/form', [['ids', t.idOf(t.terminals[0])]]);
    assert.equal(form.status, 200, 'the form opens before the cutover');
    await t.moveClock({ at: '2026-06-29T00:00:00+09:00' });

    const stale = await postForm(t.admin, '/accounts/mfa', [['ids', t.idOf(t.terminals[0])], ['ids', t.idOf(t.terminals[1])], ['mfa', 'OFF']]);
    assert.equal(stale.status, 403);
    assert.match(alertOf(t.admin.lastHtml), /多要素認証は必須となったため、変更できません。/);
    assert.deepEqual(t.terminals.map((id) => t.account(id).mfa), [true, true]);
    const again = await postForm(t.admin, '/accounts/mfa/form', [['ids', t.idOf(t.terminals[1])]]);
    assert.equal(again.status, 403);

    await t.admin.get('/accounts');
    assert.deepEqual(rows(t.admin.lastHtml).map((r) => r[5]), ['ON', 'ON']);
    assert.match(t.admin.lastHtml, /formaction="\/accounts\/mfa\/form" disabled/);
    assert.match(t.admin.lastHtml, /<h1>管理情報\/ アカウント管理<\/h1>/);
  }));

test('an administrator sees and changes only its own tenant\'s accounts', () =>
  withPortal(async (portal) => {
    const mine = await adminOn(portal, BEFORE, [{}]);
    const other = await tenant(portal, BEFORE, [{ locked: true, mfa: true, email: 'o@example.test' }, { kind: 'admin' }]);
    const theirs = other.account(other.ids[0]);
    assert.equal(mine.admin.lastHtml.includes(theirs.loginId), false);
    await mine.admin.get(`/accounts?loginId=${encodeURIComponent(theirs.loginId)}`);
    assert.match(mine.admin.lastHtml, /0件が該当します。/);

    const unlock = await postForm(mine.admin, '/accounts/unlock', [['ids', theirs.id]]);
    assert.equal(unlock.status, 404);
    const both = await postForm(mine.admin, '/accounts/mfa', [['ids', mine.idOf(mine.terminals[0])], ['ids', theirs.id], ['mfa', 'OFF']]);
    assert.equal(both.status, 404);
    const pw = await postForm(mine.admin, '/accounts/password', [['id', theirs.id], ['newPassword', 'Taken2026x'], ['confirmPassword', 'Taken2026x']]);
    assert.equal(pw.status, 404);
    const adminId = other.account(other.ids[1]).id;
    assert.equal((await postForm(mine.admin, '/accounts/password', [['id', adminId], ['newPassword', 'Taken2026x'], ['confirmPassword', 'Taken2026x']])).status, 404);
    assert.match(alertOf(mine.admin.lastHtml), /選択されたアカウントが見つかりません。/);

    assert.equal(theirs.locked, true);
    assert.equal(theirs.mfa, true);
    assert.equal(mine.account(mine.terminals[0]).mfa, false, 'the request as a whole was refused');
    assert.equal((await new FormClient(portal.url).login(theirs.loginId, 'Taken2026x')).status, 401);
  }));

test('every action needs the form\'s CSRF token', () =>
  withPortal(async (portal) => {
    const t = await adminOn(portal, BEFORE, [{ locked: true }]);
    for (const path of ['/accounts/unlock', '/accounts/mfa', '/accounts/password', '/accounts/password/form', '/accounts/mfa/form']) {
      const res = await postForm(t.admin, path, [['ids', t.idOf(t.terminals[0])], ['id', t.idOf(t.terminals[0])], ['mfa', 'ON']], { csrf: false });
      assert.equal(res.status, 403, path);
    }
    assert.equal(t.account(t.terminals[0]).locked, true);
    assert.equal(t.account(t.terminals[0]).mfa, false);
  }));
