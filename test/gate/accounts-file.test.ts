// The accounts file of a real target, the choice of prepared accounts, and the gate's checks before a run.

import assert from 'node:assert/strict';
import { once } from 'node:events';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { loadAccountsFile, parseAccountsFile } from '../../harness/accounts-file.ts';
import { checkReachable, HarnessConfigError, preflight } from '../../harness/gate/preflight.ts';
import { candidatesFor, NEEDS_OWN_ACCOUNTS, NO_ACCOUNTS_FILE, whyNotPrepared } from '../../harness/prepared-accounts.ts';

const EXAMPLE = 'harness/staging/accounts.example.json';
const parse = (v: unknown, now = new Date('2026-07-01T00:00:00+09:00')) => parseAccountsFile(JSON.stringify(v), 'a.json', now, {});
const terminal = { kind: 'terminal', loginId: 't1', password: 'Pw123456x', extension: '31001', mfa: true, email: 't1@staging.example' };

test('the example accounts file is valid; the phase comes from the date unless the file names it', () => {
  const f = loadAccountsFile(EXAMPLE, new Date('2026-06-20T00:00:00+09:00'), {});
  assert.equal(f.accounts.length, 5);
  assert.equal(f.phase, 'window');
  assert.equal(f.phaseFrom, 'date');
  assert.equal(parse({ phase: 'before', accounts: [terminal] }).phase, 'before');
  assert.equal(parse({ phase: 'before', accounts: [terminal] }).phaseFrom, 'file');
  assert.equal(parseAccountsFile(JSON.stringify({ accounts: [terminal] }), 'a.json', new Date('2026-06-20T00:00:00+09:00'), { CUTOVER: '2026-06-19' }).phase, 'after', 'CUTOVER moves the phases as on the portal');
});

test('every problem of the file is named with its place', () => {
  const cases: [unknown, RegExp][] = [
    [[], /expected an object/],
    [{ accounts: [] }, /"accounts" is empty/],
    [{ account: [terminal] }, /unknown field\(s\) account/],
    [{ phase: 'later', accounts: [terminal] }, /phase must be one of before, window, after \(got "later"\)/],
    [{ accounts: [{ ...terminal, kind: 'user' }] }, /accounts\[0\]\.kind must be "terminal" or "admin" \(got "user"\)/],
    [{ accounts: [{ ...terminal, password: '' }] }, /accounts\[0\]\.password is required/],
    [{ accounts: [terminal, { ...terminal, mfa: 'yes' }] }, /accounts\[1\]\.loginId t1 is listed twice/],
    [{ accounts: [{ ...terminal, mfa: 'yes' }] }, /accounts\[0\]\.mfa must be true or false/],
    [{ accounts: [{ ...terminal, email: 'nobody' }] }, /accounts\[0\]\.email must be an address or null \(got "nobody"\)/],
    [{ accounts: [{ ...terminal, extension: 31001 }] }, /accounts\[0\]\.extension must be 2–11 digits as a string/],
  ];
  for (const [v, re] of cases) assert.throws(() => parse(v), re, JSON.stringify(v));
  assert.throws(() => parseAccountsFile('{ "accounts": [', 'x.json'), /ACCOUNTS_FILE=x\.json: not valid JSON/);
  assert.throws(() => loadAccountsFile('/nonexistent/accounts.json'), /ACCOUNTS_FILE=\/nonexistent\/accounts\.json: cannot be read \(no such file\)/);
});

test('prepared accounts stand in only for a test that leaves them as found, in the target\'s phase, with a fitting account', () => {
  const f = loadAccountsFile(EXAMPLE, new Date('2026-07-01T00:00:00+09:00'), {});
  const wish = { kind: 'terminal' as const, mfa: true, email: true };
  assert.equal(whyNotPrepared(undefined, { accounts: [wish], prepared: true }, 'after'), NO_ACCOUNTS_FILE);
  assert.equal(whyNotPrepared(f, { accounts: [wish] }, 'after'), NEEDS_OWN_ACCOUNTS);
  assert.match(whyNotPrepared(f, { accounts: [wish] }, 'window')!, /phase window needs its clock moved/, 'the phase is the first reason');
  assert.match(whyNotPrepared(f, { accounts: [wish], prepared: true }, 'before')!, /the target is in phase after \(today's date\); phase before needs its clock moved/);
  assert.match(whyNotPrepared(f, { accounts: [wish], prepared: true, at: new Date() }, 'after')!, /sets the customer's date/);
  assert.match(whyNotPrepared(f, { accounts: [{ ...wish, locked: true }], prepared: true }, 'after')!, /locked account/);
  assert.equal(whyNotPrepared(f, { accounts: [wish], prepared: true }, 'after'), undefined);
  const [c] = candidatesFor(f, [wish]);
  assert.deepEqual(c.fit.map((a) => a.loginId), ['stg-31001', 'stg-31002']);
  assert.deepEqual(candidatesFor(f, [{ kind: 'terminal', mfa: true }])[0].fit.map((a) => a.loginId), ['stg-31003'], 'without an address');
  assert.deepEqual(candidatesFor(f, [{ kind: 'admin', mfa: true, email: true }])[0].fit.map((a) => a.loginId), ['stg-admin-mfa']);
  assert.deepEqual(candidatesFor(f, [{ kind: 'terminal', mfa: false, email: true }])[0].fit, []);
});

test('the gate\'s checks before a run name the setting that is wrong (a harness error, exit 2)', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'preflight-'));
  const bad = path.join(dir, 'bad.json');
  writeFileSync(bad, '{"accounts": [{"kind": "terminal"}]}');
  const cases: [Record<string, string>, string[], RegExp][] = [
    [{ PORTAL_URL: 'staging.example' }, [], /PORTAL_URL="staging\.example" is not a URL: expected http or https/],
    [{ PORTAL_URL: 'https://staging.example' }, [], /PORTAL_URL is set but MAILPIT_URL is not/],
    [{ PORTAL_URL: 'https://s.example', MAILPIT_URL: 'http://m:8025', ACCOUNTS_FILE: path.join(dir, 'none.json') }, [], /ACCOUNTS_FILE=.*none\.json: cannot be read \(no such file\)/],
    [{ PORTAL_URL: 'https://s.example', MAILPIT_URL: 'http://m:8025', ACCOUNTS_FILE: bad }, [], /ACCOUNTS_FILE=.*bad\.json: accounts\[0\]\.loginId is required/],
    [{ ACCOUNTS_FILE: EXAMPLE }, [], /ACCOUNTS_FILE is set but PORTAL_URL is not/],
    [{ MAILPIT_URL: 'http://m:8025' }, [], /MAILPIT_URL is set but SMTP_URL is not/],
    [{ SMTP_URL: 'http://m:1025', MAILPIT_URL: 'http://m:8025' }, [], /SMTP_URL="http:\/\/m:1025" is not a URL: expected smtp or smtps/],
    [{ PW_CONNECT_WS: 'http://x' }, [], /PW_CONNECT_WS="http:\/\/x" is not a URL: expected ws or wss/],
    [{ PW_WORKERS: 'two' }, [], /PW_WORKERS="two"/],
    [{}, ['--shard=3/2'], /--shard=3\/2: expected current\/total/],
  ];
  for (const [env, args, re] of cases) assert.throws(() => preflight(env, args), (e: Error) => e instanceof HarnessConfigError && re.test(e.message), JSON.stringify(env));
  assert.deepEqual(preflight({}, []), ['target: the embedded reference portal and mail catcher']);
  assert.match(preflight({ PORTAL_URL: 'https://s.example', MAILPIT_URL: 'http://m:8025', ACCOUNTS_FILE: EXAMPLE }, []).join('\n'), /prepared accounts: 5 from harness\/staging\/accounts\.example\.json/);
});

test('a real target that does not answer is a harness error before any test', async () => {
  // A port nobody listens on: taken, then given back.
  const srv = createServer().listen(0, '127.0.0.1');
  await once(srv, 'listening');
  const port = (srv.address() as AddressInfo).port;
  await new Promise((r) => srv.close(r));
  const url = `http://127.0.0.1:${port}`;
  await assert.rejects(checkReachable({ PORTAL_URL: url, MAILPIT_URL: url }, 2000), (e: Error) => e instanceof HarnessConfigError && e.message === `PORTAL_URL=${url} does not answer (ECONNREFUSED): is the target up and the address right?`);
});
