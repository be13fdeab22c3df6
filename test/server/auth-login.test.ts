// The login of SPEC §1 over HTTP: the lock, the OTP's rules (single use, newer voids older, tries, resend
// limit, expiry), registration's checks and the window's one-time offer. The mailer records the codes.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FormClient } from './client.ts';
import { startTestPortal, type TestPortal } from './helpers.ts';
import { AFTER, BEFORE, tenant, WINDOW } from './auth-tenant.ts';

/** The last code mailed to `to`. */
const lastCode = (portal: TestPortal, to: string) => [...portal.sent].reverse().find((m) => m.to === to)?.code ?? assert.fail(`no mail to ${to}`);

/** The page's error box. */
const alertOf = (html: string) => /<div class="errors" role="alert">([\s\S]*?)<\/div>/.exec(html)?.[1] ?? assert.fail('no error shown');

async function withPortal(fn: (p: TestPortal) => Promise<void>, env: Record<string, string> = {}) {
  const portal = await startTestPortal({ HARNESS_API: '1', ...env });
  try {
    await fn(portal);
  } finally {
    await portal.close();
  }
}

test('five wrong passwords lock the account; locked, the right password learns only "locked", a wrong one the usual message', () =>
  withPortal(async (portal) => {
    const t = await tenant(portal, BEFORE, [{}]);
    const c = new FormClient(portal.url);
    for (let i = 1; i <= 5; i++) {
      const res = await c.login(t.ids[0], 'Wrong2026x');
      assert.equal(res.status, 401);
      assert.match(c.lastHtml, /ログインIDまたはパスワードが正しくありません。/);
    }
    assert.equal(t.account(t.ids[0]).locked, true);
    const right = await c.login(t.ids[0], t.password);
    assert.equal(right.status, 423);
    assert.match(c.lastHtml, /アカウントがロックされています。/);
    assert.equal(c.lastHtml.includes('/top'), false);
    const wrong = await c.login(t.ids[0], 'Wrong2026x');
    assert.equal(wrong.status, 401);
    assert.doesNotMatch(c.lastHtml, /ロック/);
    const unknown = new FormClient(portal.url);
    const none = await unknown.login('no-such-user', 'Wrong2026x');
    assert.equal(none.status, wrong.status);
    assert.equal(alertOf(unknown.lastHtml), alertOf(c.lastHtml), 'a wrong password on a locked account reads as an unknown ID');
  }));

test('an OTP attempt ended by five wrong codes counts toward the lock, even after a right password', () =>
  withPortal(async (portal) => {
    const t = await tenant(portal, AFTER, [{ mfa: true, email: 'u1@example.test' }]);
    const c = new FormClient(portal.url);
    for (let i = 0; i < 4; i++) await c.login(t.ids[0], 'Wrong2026x');
    const ok = await c.login(t.ids[0], t.password);
    assert.equal(ok.headers.get('location'), '/mfa/otp');
    await c.get('/mfa/otp');
    const code = lastCode(portal, 'u1@example.test');
    const wrong = code === '000000' ? '111111' : '000000';
    for (let i = 1; i <= 4; i++) {
      const res = await c.post('/mfa/otp', { otp: wrong });
      assert.equal(res.status, 400);
      assert.match(c.lastHtml, new RegExp(`あと${5 - i}回入力できます。`));
    }
    const last = await c.post('/mfa/otp', { otp: wrong });
    assert.equal(last.headers.get('location'), '/login');
    await c.follow(last);
    assert.match(c.lastHtml, /入力誤りが上限に達しました/);
    assert.equal(t.account(t.ids[0]).locked, true);
    const again = await c.login(t.ids[0], t.password);
    assert.equal(again.status, 423);
  }));

test('a completed login clears the failures in a row', () =>
  withPortal(async (portal) => {
    const t = await tenant(portal, BEFORE, [{}]);
    const c = new FormClient(portal.url);
    for (let i = 0; i < 4; i++) await c.login(t.ids[0], 'Wrong2026x');
    const ok = await c.login(t.ids[0], t.password);
    assert.equal(ok.headers.get('location'), '/top');
    assert.equal(t.account(t.ids[0]).failedLogins, 0);
  }));

test('a code is single use: two sessions of one user, the code that let one in does not let the other in', () =>
  withPortal(async (portal) => {
    const t = await tenant(portal, AFTER, [{ mfa: true, email: 'two@example.test' }]);
    const a = new FormClient(portal.url);
    const b = new FormClient(portal.url);
    await a.login(t.ids[0], t.password);
    await a.get('/mfa/otp');
    const first = lastCode(portal, 'two@example.test');
    await b.login(t.ids[0], t.password);
    await b.get('/mfa/otp');
    const second = lastCode(portal, 'two@example.test');
    if (first !== second) {
      const old = await a.post('/mfa/otp', { otp: first });
      assert.equal(old.status, 400, 'the older code was voided by the newer');
    }
    const inA = await a.post('/mfa/otp', { otp: second });
    assert.equal(inA.headers.get('location'), '/top');
    const inB = await b.post('/mfa/otp', { otp: second });
    assert.equal(inB.status, 400, 'the used code is refused');
    assert.equal((await b.get('/top')).headers.get('location'), '/mfa/otp', 'b is not logged in');
  }));

test('an expired code is refused with its own message; a new code after 再送信 works', () =>
  withPortal(async (portal) => {
    const t = await tenant(portal, WINDOW, [{ mfa: true, email: 'exp@example.test' }]);
    const c = new FormClient(portal.url);
    await c.login(t.ids[0], t.password);
    await c.get('/mfa/otp');
    const code = lastCode(portal, 'exp@example.test');
    await t.moveClock({ advanceMs: 10 * 60_000 + 1000 });
    const res = await c.post('/mfa/otp', { otp: code });
    assert.equal(res.status, 400);
    assert.match(c.lastHtml, /有効期限が切れています/);
    const resent = await c.post('/mfa/otp/resend', {});
    assert.equal(resent.headers.get('location'), '/mfa/otp');
    await c.follow(resent);
    assert.match(c.lastHtml, /ワンタイムパスワードを再送信しました。/);
    const ok = await c.post('/mfa/otp', { otp: lastCode(portal, 'exp@example.test') });
    assert.equal(ok.headers.get('location'), '/top');
  }));

test('ワンタイムパスワード再送信 is limited to OTP_RESEND_LIMIT per window, then allowed again', () =>
  withPortal(async (portal) => {
    const t = await tenant(portal, AFTER, [{ mfa: true, email: 'rs@example.test' }]);
    const c = new FormClient(portal.url);
    await c.login(t.ids[0], t.password);
    await c.get('/mfa/otp');
    for (let i = 0; i < 3; i++) {
      const res = await c.post('/mfa/otp/resend', {});
      assert.equal(res.status, 303);
      await c.follow(res);
    }
    assert.equal(portal.sent.filter((m) => m.to === 'rs@example.test').length, 4);
    const refused = await c.post('/mfa/otp/resend', {});
    assert.equal(refused.status, 429);
    assert.match(c.lastHtml, /再送信回数が上限に達しました/);
    assert.equal(portal.sent.filter((m) => m.to === 'rs@example.test').length, 4, 'no mail for the refused resend');
    await t.moveClock({ advanceMs: 10 * 60_000 + 1000 });
    const later = await c.post('/mfa/otp/resend', {});
    assert.equal(later.status, 303);
  }));

test('メールアドレス登録 checks both fields, the form and the match; nothing is sent or registered on a failure', () =>
  withPortal(async (portal) => {
    const t = await tenant(portal, AFTER, [{}]);
    const c = new FormClient(portal.url);
    assert.equal((await c.login(t.ids[0], t.password)).headers.get('location'), '/mfa/register');
    await c.get('/mfa/register');
    const cases: [Record<string, string>, RegExp][] = [
      [{ email: '', confirm: '' }, /メールアドレスを入力してください。[\s\S]*確認用のメールアドレスを入力してください。/],
      [{ email: 'not-an-address', confirm: 'not-an-address' }, /メールアドレスの形式が正しくありません。/],
      [{ email: 'a@example.test', confirm: 'b@example.test' }, /メールアドレスと確認用が一致しません。/],
    ];
    for (const [fields, message] of cases) {
      const res = await c.post('/mfa/register', fields);
      assert.equal(res.status, 400);
      assert.match(c.lastHtml, message);
      assert.match(c.lastHtml, /<h1>メールアドレス登録<\/h1>/);
    }
    assert.equal(portal.sent.length, 0);
    assert.equal(t.account(t.ids[0]).email, null);
  }));

test('the address counts as registered only once its code is entered', () =>
  withPortal(async (portal) => {
    const t = await tenant(portal, AFTER, [{}]);
    const c = new FormClient(portal.url);
    await c.login(t.ids[0], t.password);
    await c.get('/mfa/register');
    await c.post('/mfa/register', { email: 'reg@example.test', confirm: 'reg@example.test' });
    assert.equal(t.account(t.ids[0]).email, null);
    await c.get('/mfa/otp');
    assert.match(c.lastHtml, /「r\*\*\*g@example\.test」にワンタイムパスワードを送信しました。/);
    const res = await c.post('/mfa/otp', { otp: lastCode(portal, 'reg@example.test') });
    assert.equal(res.headers.get('location'), '/mfa/registered');
    assert.equal(t.account(t.ids[0]).email, 'reg@example.test');
  }));

test('in the window an MFA-OFF user without address is offered registration once; a logged-in user cannot reach it otherwise', () =>
  withPortal(async (portal) => {
    const t = await tenant(portal, WINDOW, [{}]);
    const c = new FormClient(portal.url);
    assert.equal((await c.login(t.ids[0], t.password)).headers.get('location'), '/mfa/register');
    const again = new FormClient(portal.url);
    assert.equal((await again.login(t.ids[0], t.password)).headers.get('location'), '/top');
    assert.equal((await again.get('/mfa/register')).headers.get('location'), '/top');
  }));

test('before the window a logged-in MFA-OFF user is not shown registration', () =>
  withPortal(async (portal) => {
    const t = await tenant(portal, BEFORE, [{}]);
    const c = new FormClient(portal.url);
    assert.equal((await c.login(t.ids[0], t.password)).headers.get('location'), '/top');
    assert.equal((await c.get('/mfa/register')).headers.get('location'), '/top');
  }));

test('the cutover: MFA-OFF users become ON at 2026-06-29 00:00 JST, addresses and the administrator unchanged', () =>
  withPortal(async (portal) => {
    const t = await tenant(portal, '2026-06-28T23:59:00+09:00', [{ email: 'off@example.test' }, { mfa: true, email: 'on@example.test' }, {}, { kind: 'admin' }]);
    const c = new FormClient(portal.url);
    assert.equal((await c.login(t.ids[0], t.password)).headers.get('location'), '/top');
    await t.moveClock({ at: '2026-06-29T00:00:00+09:00' });
    assert.deepEqual(t.ids.map((id) => t.account(id).mfa), [true, true, true, false]);
    assert.deepEqual(t.ids.map((id) => t.account(id).email), ['off@example.test', 'on@example.test', null, null]);
    assert.equal((await new FormClient(portal.url).login(t.ids[0], t.password)).headers.get('location'), '/mfa/otp');
    assert.equal((await new FormClient(portal.url).login(t.ids[2], t.password)).headers.get('location'), '/mfa/register');
    assert.equal((await new FormClient(portal.url).login(t.ids[3], t.password)).headers.get('location'), '/top');
  }));

test('an account locked while its OTP screen is open cannot finish the login', () =>
  withPortal(async (portal) => {
    const t = await tenant(portal, AFTER, [{ mfa: true, email: 'lk@example.test' }]);
    const c = new FormClient(portal.url);
    await c.login(t.ids[0], t.password);
    await c.get('/mfa/otp');
    const other = new FormClient(portal.url);
    for (let i = 0; i < 5; i++) await other.login(t.ids[0], 'Wrong2026x');
    const res = await c.post('/mfa/otp', { otp: lastCode(portal, 'lk@example.test') });
    assert.equal(res.headers.get('location'), '/login');
    await c.follow(res);
    assert.match(c.lastHtml, /アカウントがロックされています。/);
  }));
