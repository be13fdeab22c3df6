// The login's protections: the password hash, one answer for a wrong ID or password, and the rate
// limits per account and per address. Each test names the OWASP ASVS 4.0.3 requirement it covers.

import crypto from 'node:crypto';
import { syncBuiltinESMExports } from 'node:module';
import { mock, test } from 'node:test';
import assert from 'node:assert/strict';
import { hashPassword, verifyPassword } from '../../server/auth/password.ts';
import { TOO_MANY } from '../../server/auth/rate-limit.ts';
import { loadConfig } from '../../server/config.ts';
import { FormClient } from '../server/client.ts';
import { AddressClient, BEFORE, PASSWORD, tenant, withPortal, type Portal } from './support.ts';

test('ASVS 2.4.1, 2.4.2: passwords are stored as scrypt hashes (N ≥ 2^14 by default, r 8, p 1) with a 128-bit salt of their own', async () => {
  const N = loadConfig({}).scryptN;
  assert.ok(N >= 2 ** 14, `default scrypt N is ${N}`);
  const a = await hashPassword(PASSWORD, N);
  const b = await hashPassword(PASSWORD, N);
  const [kind, n, r, p, salt, key] = a.split('$');
  assert.deepEqual([kind, Number(n), Number(r), Number(p)], ['scrypt', N, 8, 1]);
  assert.equal(Buffer.from(salt, 'base64').length, 16, '128-bit salt');
  assert.equal(Buffer.from(key, 'base64').length, 32);
  assert.notEqual(a, b, 'the same password hashes differently (a salt per hash)');
  assert.equal(await verifyPassword(PASSWORD, a), true);
  assert.equal(await verifyPassword(`${PASSWORD}x`, a), false);
  // and the portal stores what it is configured with, never the password
  await withPortal({ SCRYPT_LOG2_N: '14' }, async (portal) => {
    const t = await tenant(portal, BEFORE, [{}, {}]);
    const [one, two] = t.ids.map((id) => t.account(id).passwordHash);
    assert.match(one, /^scrypt\$16384\$8\$1\$/);
    assert.notEqual(one, two);
    assert.equal(JSON.stringify(portal.store.data).includes(PASSWORD), false, 'no password in the store');
  });
});

/** The answer to a failed login with the echoed ID and the token taken out. */
const normalized = (html: string, loginId: string) => html.replaceAll(loginId, '{ID}').replace(/name="_csrf" value="[^"]+"/, 'name="_csrf" value="{T}"');

test('ASVS 2.2.1 (CWE-204; ASVS 5.0 6.3.8): an unknown ID and a wrong password get the same status and page, after the same hashing work', () =>
  withPortal({}, async (p) => {
    const t = await tenant(p, BEFORE, [{}, { locked: true }]);
    const scrypt = mock.method(crypto, 'scrypt');
    syncBuiltinESMExports();
    try {
      const answer = async (loginId: string) => {
        const c = new FormClient(p.url);
        const before = scrypt.mock.callCount();
        const res = await c.login(loginId, 'Wrong2026x');
        return { status: res.status, page: normalized(await res.text(), loginId), hashes: scrypt.mock.callCount() - before };
      };
      await answer('warm-up'); // the dummy hash is made once
      const unknown = await answer('no-such-id-xyz');
      const wrong = await answer(t.ids[0]);
      const locked = await answer(t.ids[1]);
      assert.equal(unknown.status, 401);
      assert.deepEqual(wrong, unknown, 'wrong password = unknown ID');
      assert.deepEqual(locked, unknown, 'a wrong password on a locked account = unknown ID');
      assert.equal(unknown.hashes, 1, 'an unknown ID is hashed too (no timing difference)');
    } finally {
      scrypt.mock.restore();
      syncBuiltinESMExports();
    }
  }));

test('ASVS 2.2.1: per client address, LOGIN_RATE_LIMIT failed logins in the window, then 429 even with the right password', () =>
  withPortal({ LOGIN_RATE_LIMIT: '3', LOGIN_RATE_WINDOW_MINUTES: '15' }, async (p) => {
    const t = await tenant(p, BEFORE, [{}, {}, {}, {}]);
    const here = new AddressClient(p.url, '127.0.0.21');
    for (let i = 0; i < 3; i++) assert.equal((await here.login(t.ids[i], 'Wrong2026x')).status, 401);
    const blocked = await here.login(t.ids[3], PASSWORD);
    assert.equal(blocked.status, 429);
    assert.ok(blocked.text.includes(TOO_MANY), 'the page says why');
    const elsewhere = new AddressClient(p.url, '127.0.0.22');
    assert.equal((await elsewhere.login(t.ids[3], PASSWORD)).location, '/top', 'another address is not affected');
    p.clock.advance(15 * 60_000);
    assert.equal((await here.login(t.ids[3], PASSWORD)).location, '/top', 'allowed again after the window');
  }));

test('ASVS 2.2.1: the address is the client\'s behind the TLS proxy (SECURE_COOKIES=1), and X-Forwarded-For cannot dodge the limit otherwise', async () => {
  const attempt = async (p: Portal, forwardedFor: string, loginId: string, password: string) => {
    const c = new FormClient(p.url);
    const headers = { 'x-forwarded-for': forwardedFor, 'x-forwarded-proto': 'https' };
    const page = await fetch(`${p.url}/login`, { headers });
    const cookie = page.headers.getSetCookie().map((x) => x.split(';')[0]).join('; ');
    const csrf = /name="_csrf" value="([^"]+)"/.exec(await page.text())?.[1] ?? assert.fail('no token');
    const res = await fetch(`${c.base}/login`, { method: 'POST', redirect: 'manual', headers: { ...headers, cookie, 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ _csrf: csrf, loginId, password }) });
    return res.status;
  };
  await withPortal({ SECURE_COOKIES: '1', LOGIN_RATE_LIMIT: '2' }, async (p) => {
    const t = await tenant(p, BEFORE, [{}, {}, {}]);
    assert.equal(await attempt(p, '203.0.113.1', t.ids[0], 'Wrong2026x'), 401);
    assert.equal(await attempt(p, '203.0.113.1', t.ids[1], 'Wrong2026x'), 401);
    assert.equal(await attempt(p, '203.0.113.1', t.ids[2], PASSWORD), 429, 'the client named by the proxy is limited');
    assert.equal(await attempt(p, '203.0.113.2', t.ids[2], PASSWORD), 303, 'another client behind the same proxy is not');
  });
  await withPortal({ SECURE_COOKIES: '0', LOGIN_RATE_LIMIT: '2' }, async (p) => {
    const t = await tenant(p, BEFORE, [{}, {}, {}]);
    assert.equal(await attempt(p, '203.0.113.1', t.ids[0], 'Wrong2026x'), 401);
    assert.equal(await attempt(p, '203.0.113.2', t.ids[1], 'Wrong2026x'), 401);
    assert.equal(await attempt(p, '203.0.113.3', t.ids[2], PASSWORD), 429, 'a made-up X-Forwarded-For does not make a new address');
  });
});

test('ASVS 2.2.1: per account, the lock after 5 wrong passwords, and LOGIN_ACCOUNT_RATE_LIMIT failures from any addresses, then 429 without the password being tried', () =>
  withPortal({ LOGIN_RATE_LIMIT: '1000', LOGIN_ACCOUNT_RATE_LIMIT: '8' }, async (p) => {
    const t = await tenant(p, BEFORE, [{}]);
    const id = t.ids[0];
    for (let i = 0; i < 5; i++) assert.equal((await new AddressClient(p.url, `127.0.1.${i + 1}`).login(id, 'Wrong2026x')).status, 401);
    assert.equal(t.account(id).locked, true, 'locked after 5');
    for (let i = 5; i < 8; i++) assert.equal((await new AddressClient(p.url, `127.0.1.${i + 1}`).login(id, `Guess${i}x2026`)).status, 401);
    // 8 failures from 8 addresses: the ID is throttled, whatever the password, so a locked account is no oracle
    const scrypt = mock.method(crypto, 'scrypt');
    syncBuiltinESMExports();
    try {
      const right = await new AddressClient(p.url, '127.0.1.99').login(id, PASSWORD);
      assert.equal(right.status, 429, 'the right password learns nothing (not 423 "locked")');
      assert.equal(scrypt.mock.callCount(), 0, 'the password was not tried');
    } finally {
      scrypt.mock.restore();
      syncBuiltinESMExports();
    }
    const other = await tenant(p, BEFORE, [{}]);
    assert.equal((await new AddressClient(p.url, '127.0.1.99').login(other.ids[0], PASSWORD)).location, '/top', 'other accounts are not affected');
  }));
