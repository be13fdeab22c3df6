// The command line of npm run repro: what it accepts, and a clear message for what it does not.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseReproArgs } from '../../harness/repro/args.ts';

test('the flags, both spellings, and the defaults', () => {
  const o = parseReproArgs(['--login-id', '22001', '--password=Pass2026pbx', '--at', '2026-06-30', '--headed'], {});
  assert.notEqual(o, 'help');
  if (o === 'help') return;
  assert.equal(o.loginId, '22001');
  assert.equal(o.password, 'Pass2026pbx');
  assert.equal(o.at?.toISOString(), '2026-06-29T15:00:00.000Z', 'a bare date is midnight in Japan');
  assert.equal(o.target, null);
  assert.equal(o.headed, true);
  assert.equal(o.out, 'reports/repro');
  const t = parseReproArgs(['--login-id', 'u', '--password', 'p', '--target', 'https://staging.example/', '--email', 'u@mail.example'], { MAILPIT_URL: 'http://m:8025' });
  assert.ok(t !== 'help' && t.target === 'https://staging.example' && t.mailpit === 'http://m:8025' && t.email === 'u@mail.example');
  assert.equal(parseReproArgs(['--help'], {}), 'help');
});

test('bad flags are named', () => {
  const cases: [string[], RegExp][] = [
    [[], /--login-id is required/],
    [['--login-id', 'u'], /--password is required/],
    [['--login-id'], /--login-id needs a value/],
    [['--login-id', '--password', 'p'], /--login-id needs a value/],
    [['--login-id', 'u', '--password', 'p', '--user', 'x'], /unknown argument "--user"/],
    [['--login-id', 'u', '--password', 'p', '--at', 'tomorrow'], /--at: not a date or instant: "tomorrow"/],
    [['--login-id', 'u', '--password', 'p', '--target', 'staging'], /--target "staging" is not an http\(s\) URL/],
    [['--login-id', 'u', '--password', 'p', '--target', 'https://s.example'], /--target needs the Mailpit that receives its mail/],
    [['--login-id', 'u', '--password', 'p', '--mailpit', 'http://m:8025'], /--mailpit goes with --target/],
    [['--login-id', 'u', '--password', 'p', '--email', 'nobody'], /--email "nobody" is not an address/],
    [['--login-id', 'u', '--password', 'p', '--headed=yes'], /--headed takes no value/],
    [['--login-id', 'u', '--login-id', 'v', '--password', 'p'], /--login-id is given twice/],
  ];
  for (const [argv, re] of cases) assert.throws(() => parseReproArgs(argv, {}), re, argv.join(' '));
});
