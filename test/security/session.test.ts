// Sessions and CSRF, each test naming the OWASP ASVS 4.0.3 requirement it covers.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FormClient } from '../server/client.ts';
import { startTestPortal, type TestPortal } from '../server/helpers.ts';
import { createTenant } from '../../server/store/seed.ts';

async function withPortal(env: Record<string, string>, fn: (p: TestPortal) => Promise<void>) {
  const p = await startTestPortal(env);
  try {
    await fn(p);
  } finally {
    await p.close();
  }
}

async function tenantWith(p: TestPortal, account: { mfa?: boolean; email?: string | null; kind?: 'terminal' | 'admin' } = {}) {
  const loginId = `s-${Math.random().toString(36).slice(2, 10)}`;
  await createTenant(p.store, { accounts: [{ kind: account.kind ?? 'terminal', loginId, extension: '20200', password: 'Secret123', mfa: account.mfa ?? false, email: account.email ?? null }] }, p.config.scryptN, p.clock.now());
  return { loginId, password: 'Secret123' };
}

test('ASVS 3.2.1: a new session id at login and again after the OTP', async () => {
  await withPortal({}, async (p) => {
    const u = await tenantWith(p, { mfa: true, email: 'yamaguchi@ntt.com' });
    const c = new FormClient(p.url);
    await c.get('/login');
    const anonymous = c.sessionId;
    assert.ok(anonymous, 'the login form starts a session for its CSRF token');
    const res = await c.post('/login', { loginId: u.loginId, password: u.password });
    assert.equal(res.headers.get('location'), '/mfa/otp');
    const passwordStep = c.sessionId;
    assert.notEqual(passwordStep, anonymous, 'new id after the password');
    await c.get('/mfa/otp');
    const code = /ワンタイムパスワード：(\d{6})/.exec(otpBody(p))?.[1];
    assert.ok(code);
    const done = await c.post('/mfa/otp', { otp: code });
    assert.equal(done.headers.get('location'), '/top');
    assert.notEqual(c.sessionId, passwordStep, 'new id after the OTP');
    for (const old of [anonymous, passwordStep]) {
      const fixed = new FormClient(p.url);
      fixed.cookies.set('spbx.sid', old!);
      assert.equal((await fixed.get('/top')).headers.get('location'), '/login', 'an earlier id does not carry the login');
    }
  });
});

function otpBody(p: TestPortal): string {
  const m = p.sent.at(-1);
  assert.ok(m, 'an OTP mail was sent');
  return `ワンタイムパスワード：${m.code}`;
}

test('ASVS 3.4.2, 3.4.3, 3.4.1: the session cookie is HttpOnly and SameSite, and Secure over TLS', async () => {
  for (const secure of [false, true]) {
    await withPortal({ SECURE_COOKIES: secure ? '1' : '0' }, async (p) => {
      const res = await fetch(`${p.url}/login`, { headers: secure ? { 'x-forwarded-proto': 'https' } : {} });
      const cookie = res.headers.getSetCookie().find((c) => c.startsWith('spbx.sid='));
      assert.ok(cookie, 'a session cookie');
      assert.match(cookie, /;\s*HttpOnly/i);
      assert.match(cookie, /;\s*SameSite=Lax/i);
      assert.equal(/;\s*Secure/i.test(cookie), secure);
    });
  }
});

test('ASVS 3.3.1: logout ends the session on the server (the old cookie no longer works)', async () => {
  await withPortal({}, async (p) => {
    const u = await tenantWith(p, { kind: 'admin' });
    const c = new FormClient(p.url);
    const res = await c.login(u.loginId, u.password);
    assert.equal(res.headers.get('location'), '/top');
    assert.equal((await c.get('/top')).status, 200);
    const stolen = c.sessionId!;
    await c.post('/logout', {});
    const replay = new FormClient(p.url);
    replay.cookies.set('spbx.sid', stolen);
    const after = await replay.get('/top');
    assert.equal(after.status, 303);
    assert.equal(after.headers.get('location'), '/login');
  });
});

test('ASVS 3.3.2: the idle timeout, by the injected clock', async () => {
  await withPortal({ SESSION_IDLE_MINUTES: '30', SESSION_ABSOLUTE_MINUTES: '480' }, async (p) => {
    const u = await tenantWith(p, { kind: 'admin' });
    const c = new FormClient(p.url);
    await c.login(u.loginId, u.password);
    p.clock.advance(29 * 60_000);
    assert.equal((await c.get('/top')).status, 200, 'still in after 29 idle minutes');
    p.clock.advance(31 * 60_000);
    const idle = await c.get('/top');
    assert.equal(idle.status, 303, 'out after 31 idle minutes');
    assert.match(idle.headers.get('location') ?? '', /\/login\?expired=1/);
  });
});

test('ASVS 3.3.2: the absolute timeout, however active the session, by the injected clock', async () => {
  await withPortal({ SESSION_IDLE_MINUTES: '30', SESSION_ABSOLUTE_MINUTES: '60' }, async (p) => {
    const u = await tenantWith(p, { kind: 'admin' });
    const c = new FormClient(p.url);
    await c.login(u.loginId, u.password);
    for (let i = 0; i < 3; i++) {
      p.clock.advance(19 * 60_000);
      assert.equal((await c.get('/top')).status, 200, `active at ${(i + 1) * 19} minutes`);
    }
    p.clock.advance(5 * 60_000);
    const out = await c.get('/top');
    assert.equal(out.status, 303, 'out after 62 minutes however active');
    assert.match(out.headers.get('location') ?? '', /\/login\?expired=1/);
  });
});

test('ASVS 4.2.2: a form posted without its CSRF token is refused and changes nothing', async () => {
  await withPortal({}, async (p) => {
    const u = await tenantWith(p, { kind: 'admin' });
    const c = new FormClient(p.url);
    await c.get('/login');
    const noToken = await c.post('/login', { loginId: u.loginId, password: u.password }, { csrf: false });
    assert.equal(noToken.status, 403);
    const wrong = await c.post('/login', { loginId: u.loginId, password: u.password, _csrf: 'x'.repeat(64) }, { csrf: false });
    assert.equal(wrong.status, 403);
    assert.equal(c.sessionId && (await c.get('/top')).status, 303, 'not logged in');
  });
});

test('ASVS 14.4.3–14.4.7: security headers on every page (CSP, nosniff, frame options, referrer policy; HSTS over TLS)', async () => {
  await withPortal({}, async (p) => {
    const res = await fetch(`${p.url}/login`);
    assert.ok(res.headers.get('content-security-policy'), 'CSP');
    assert.equal(res.headers.get('x-content-type-options'), 'nosniff');
    assert.equal(res.headers.get('x-frame-options'), 'SAMEORIGIN');
    assert.ok(res.headers.get('referrer-policy'));
    assert.equal(res.headers.get('x-powered-by'), null);
    assert.equal(res.headers.get('strict-transport-security'), null, 'no HSTS over plain HTTP');
  });
  await withPortal({ SECURE_COOKIES: '1' }, async (p) => {
    const res = await fetch(`${p.url}/login`, { headers: { 'x-forwarded-proto': 'https' } });
    assert.match(res.headers.get('strict-transport-security') ?? '', /max-age=\d+/, 'HSTS over TLS');
  });
});
