// The one-time password's protections, each test naming the OWASP ASVS 4.0.3 requirement it covers.

import crypto from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { syncBuiltinESMExports } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { mock, test } from 'node:test';
import assert from 'node:assert/strict';
import { OtpService } from '../../server/auth/otp.ts';
import { Tenants } from '../../server/tenants.ts';
import { FormClient } from '../server/client.ts';
import { AFTER, lastCode, PASSWORD, tenant, withPortal, type Portal } from './support.ts';

/** Runs `fn` with `name` of node:crypto replaced by a spy that calls through (the portal's named imports see it). */
async function spying<K extends 'randomInt' | 'timingSafeEqual'>(name: K, fn: (spy: ReturnType<typeof mock.method<typeof crypto, K>>) => Promise<void>) {
  const spy = mock.method(crypto, name);
  syncBuiltinESMExports();
  try {
    await fn(spy);
  } finally {
    spy.mock.restore();
    syncBuiltinESMExports();
  }
}

/** A terminal user with MFA ON and an address, after the cutover, at the OTP screen. */
async function atOtpScreen(p: Portal, email: string) {
  const t = await tenant(p, AFTER, [{ mfa: true, email }]);
  const c = new FormClient(p.url);
  const res = await c.login(t.ids[0], PASSWORD);
  assert.equal(res.headers.get('location'), '/mfa/otp');
  await c.get('/mfa/otp');
  return { c, t, code: lastCode(p, email) };
}

const other = (code: string) => String((Number(code) + 1) % 1_000_000).padStart(6, '0');

/** `n` codes issued by the portal's OTP service to one account (each replacing the one before). */
async function issueMany(p: Portal, n: number): Promise<string[]> {
  const t = await tenant(p, AFTER, [{ mfa: true, email: 'many@example.test' }]);
  const tenants = new Tenants(p.store, p.clock, p.config.calendar);
  const codes: string[] = [];
  const otp = new OtpService(p.store, tenants, { sendOtp: async (m) => void codes.push(m.code) }, p.config, crypto.randomBytes(32));
  const tn = tenants.get(t.id)!;
  const account = t.account(t.ids[0]);
  for (let i = 0; i < n; i++) assert.deepEqual((await otp.issue(tn, account, 'login', 'many@example.test', false)).ok, true);
  return codes;
}

test('ASVS 2.7.6: the code comes from the cryptographic generator (node:crypto randomInt over 000000–999999)', () =>
  withPortal({}, async (p) =>
    spying('randomInt', async (spy) => {
      const codes = await issueMany(p, 200);
      const calls = spy.mock.calls.filter((c) => c.arguments[0] === 0 && c.arguments[1] === 1_000_000);
      assert.equal(calls.length, codes.length, 'one draw from randomInt(0, 1000000) per code');
      assert.deepEqual(codes, calls.map((c) => String(c.result).padStart(6, '0')), 'each mailed code is the draw');
      // and through the login itself
      const before = spy.mock.callCount();
      const { code } = await atOtpScreen(p, 'draw@example.test');
      const drawn = spy.mock.calls.slice(before).map((c) => String(c.result).padStart(6, '0'));
      assert.ok(drawn.includes(code), 'the login code was drawn from randomInt');
    })));

test('ASVS 2.7.6: six digits (20 bits), leading zeros kept, spread over the whole range', () =>
  withPortal({}, async (p) => {
    const codes = await issueMany(p, 3000);
    for (const c of codes) assert.match(c, /^\d{6}$/);
    assert.ok(new Set(codes).size >= 2980, `distinct codes: ${new Set(codes).size} of 3000`);
    const firsts = new Set(codes.map((c) => c[0]));
    assert.equal(firsts.size, 10, `every first digit occurs, 0 included: ${[...firsts].sort().join('')}`);
    // P(no code below 100000 in 3000) = 0.9^3000: a code space without leading zeros shows here
    assert.ok(codes.some((c) => c.startsWith('0')), 'codes below 100000 keep their leading zeros');
  }));

test('ASVS 2.7.5: only a keyed hash of the code is stored (the store file never holds the code)', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'otp-store-'));
  try {
    await withPortal({ DATA_FILE: join(dir, 'db.json') }, async (p) => {
      const { code, t } = await atOtpScreen(p, 'hash@example.test');
      const file = JSON.parse(readFileSync(join(dir, 'db.json'), 'utf8')) as { otps: Record<string, unknown>[] };
      const record = file.otps.find((o) => o.accountId === t.account(t.ids[0]).id);
      assert.ok(record, 'the code is recorded');
      assert.equal(JSON.stringify(file.otps).includes(code), false, 'the code itself is nowhere in the stored OTP records');
      assert.match(String(record.codeHash), /^[0-9a-f]{64}$/, 'an HMAC-SHA-256');
      assert.notEqual(record.codeHash, crypto.createHash('sha256').update(code).digest('hex'), 'keyed: not a bare hash of 10^6 guessable values');
      assert.equal(JSON.stringify(p.store.data.otps).includes(code), false);
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('ASVS 2.9.2 (CWE-208): the typed code is compared in constant time (crypto.timingSafeEqual of the hashes)', () =>
  withPortal({}, async (p) => {
    const { c, code } = await atOtpScreen(p, 'ct@example.test');
    await spying('timingSafeEqual', async (spy) => {
      const wrong = await c.post('/mfa/otp', { otp: other(code) });
      assert.equal(wrong.status, 400);
      assert.equal(spy.mock.callCount(), 1, 'a wrong code is compared with timingSafeEqual');
      const right = await c.post('/mfa/otp', { otp: code });
      assert.equal(right.headers.get('location'), '/top');
      assert.equal(spy.mock.callCount(), 2, 'the right code too');
      for (const call of spy.mock.calls) {
        const [a, b] = call.arguments as unknown as [Buffer, Buffer];
        assert.equal(a.length, 32, 'hashes of equal length are compared, not the typed text');
        assert.equal(b.length, 32);
      }
    });
  }));

test('ASVS 2.7.2: the server enforces the 10-minute lifetime (accepted at 9:59, refused at 10:00)', () =>
  withPortal({}, async (p) => {
    const a = await atOtpScreen(p, 'life1@example.test');
    p.clock.advance(9 * 60_000 + 59_000);
    assert.equal((await a.c.post('/mfa/otp', { otp: a.code })).headers.get('location'), '/top', 'in time');

    const b = await atOtpScreen(p, 'life2@example.test');
    p.clock.advance(10 * 60_000);
    const late = await b.c.post('/mfa/otp', { otp: b.code });
    assert.equal(late.status, 400);
    assert.match(b.c.lastHtml, /有効期限が切れています/);
    assert.equal((await b.c.get('/top')).headers.get('location'), '/mfa/otp', 'not logged in');
  }));

test('ASVS 2.7.3: a code is single use, and only for the login it was sent for', () =>
  withPortal({}, async (p) => {
    // two sessions of one user at the OTP screen, both waiting for the same (latest) code
    const t = await tenant(p, AFTER, [{ mfa: true, email: 'once@example.test' }]);
    const a = new FormClient(p.url);
    const b = new FormClient(p.url);
    await a.login(t.ids[0], PASSWORD);
    await a.get('/mfa/otp');
    await b.login(t.ids[0], PASSWORD);
    await b.get('/mfa/otp');
    const code = lastCode(p, 'once@example.test');
    assert.equal((await a.post('/mfa/otp', { otp: code })).headers.get('location'), '/top');
    const replay = await b.post('/mfa/otp', { otp: code });
    assert.equal(replay.status, 400, 'the used code is refused');
    assert.equal((await b.get('/top')).headers.get('location'), '/mfa/otp', 'not logged in');
    // a code is bound to its account: another user's OTP screen refuses it
    const second = await atOtpScreen(p, 'once2@example.test');
    const fresh = await atOtpScreen(p, 'once3@example.test');
    if (fresh.code !== second.code) {
      assert.equal((await second.c.post('/mfa/otp', { otp: fresh.code })).status, 400, "another account's code is refused");
    }
    assert.equal((await second.c.post('/mfa/otp', { otp: second.code })).headers.get('location'), '/top');
  }));

test('ASVS 2.7.3: a newer code voids the older (再送信)', () =>
  withPortal({}, async (p) => {
    const { c, code } = await atOtpScreen(p, 'newer@example.test');
    await c.follow(await c.post('/mfa/otp/resend', {}));
    const newer = lastCode(p, 'newer@example.test');
    if (newer !== code) {
      const old = await c.post('/mfa/otp', { otp: code });
      assert.equal(old.status, 400, 'the older code is void');
    }
    assert.equal((await c.post('/mfa/otp', { otp: newer })).headers.get('location'), '/top');
  }));

test('ASVS 2.2.1: at most 5 tries per code; then the attempt ends and even the right code is refused', () =>
  withPortal({}, async (p) => {
    const { c, code, t } = await atOtpScreen(p, 'tries@example.test');
    for (let i = 1; i <= 4; i++) {
      assert.equal((await c.post('/mfa/otp', { otp: other(code) })).status, 400);
      assert.match(c.lastHtml, new RegExp(`あと${5 - i}回入力できます。`));
    }
    const fifth = await c.post('/mfa/otp', { otp: other(code) });
    assert.equal(fifth.headers.get('location'), '/login', 'the fifth wrong code ends the attempt');
    assert.equal(p.store.data.otps.some((o) => o.accountId === t.account(t.ids[0]).id), false, 'the code is gone');
    await c.follow(fifth);
    const right = await c.post('/mfa/otp', { otp: code });
    assert.equal(right.headers.get('location'), '/login', 'the right code no longer lets in');
    assert.equal((await c.get('/top')).headers.get('location'), '/login', 'not logged in');
  }));

test('ASVS 2.2.1: ワンタイムパスワード再送信 is limited (3 per 10 minutes), the refused one sends nothing', () =>
  withPortal({}, async (p) => {
    const { c } = await atOtpScreen(p, 'resend@example.test');
    for (let i = 0; i < 3; i++) await c.follow(await c.post('/mfa/otp/resend', {}));
    const mails = () => p.sent.filter((m) => m.to === 'resend@example.test').length;
    assert.equal(mails(), 4);
    const refused = await c.post('/mfa/otp/resend', {});
    assert.equal(refused.status, 429);
    assert.match(c.lastHtml, /再送信回数が上限に達しました/);
    assert.equal(mails(), 4);
  }));
