// npm run repro, end to end on the embedded reference portal: the files it writes and what it tells.

import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { parseReproArgs, type ReproOptions } from '../../harness/repro/args.ts';
import { runRepro } from '../../harness/repro/repro.ts';
import { startStagingReference } from '../../harness/staging/reference-staging.ts';

const out = mkdtempSync(path.join(tmpdir(), 'repro-'));
const opts = (argv: string[], env: Record<string, string> = {}) => parseReproArgs([...argv, '--out', out], env) as ReproOptions;
const quiet = () => {};

test('a demo user after the cutover: registration, the OTP from the mail, トップ; trace, screenshots, mails and the step log are written', { timeout: 120_000 }, async () => {
  const r = await runRepro(opts(['--login-id', '22002', '--password', 'Pass2026pbx', '--at', '2026-06-30']), quiet);
  assert.equal(r.code, 0, r.outcome);
  assert.equal(r.outcome, 'reached トップ: ログイン → メールアドレス登録 → ワンタイムパスワード入力 → メールアドレス登録結果 → トップ');
  assert.deepEqual(r.steps.map((s) => s.ok), r.steps.map(() => true));
  for (const f of ['steps.log', 'steps.json', 'trace.zip', 'step-01.png']) assert.ok(existsSync(path.join(r.dir, f)), f);
  assert.equal(r.mails.length, 1);
  const eml = readFileSync(path.join(r.dir, r.mails[0]), 'utf8');
  assert.match(eml, /^Subject: /m);
  assert.match(eml, /^To: .*repro-22002-/m);
  const log = readFileSync(path.join(r.dir, 'steps.log'), 'utf8');
  assert.match(log, /ワンタイムパスワード [0-9]{6} を入力して「送信」 — ok/);
  assert.ok(r.noVideo ? existsSync(path.join(r.dir, 'steps.json')) : existsSync(path.join(r.dir, 'video.webm')), 'a video, or the reason there is none');
});

test('a wrong password stops at the login with the portal\'s message (exit 1)', { timeout: 120_000 }, async () => {
  const r = await runRepro(opts(['--login-id', '22003', '--password', 'wrong-password1']), quiet);
  assert.equal(r.code, 1);
  assert.equal(r.outcome, 'stopped at ログイン: ログインIDまたはパスワードが正しくありません。 (ログイン)');
  assert.deepEqual(r.mails, []);
});

test('--at on a target without the harness API is a harness error that says so (exit 2)', { timeout: 120_000 }, async () => {
  const staging = await startStagingReference('harness/staging/accounts.example.json');
  try {
    const r = await runRepro(opts(['--login-id', 'stg-31001', '--password', 'Stg2026pbx-31001', '--target', staging.portalUrl, '--mailpit', staging.mailpitUrl, '--at', '2026-06-30']), quiet);
    assert.equal(r.code, 2);
    assert.match(r.outcome, /--at needs the harness API/);
    // Without --at the same login is replayed on the target as it stands, the OTP read from the registered address.
    const ok = await runRepro(opts(['--login-id', 'stg-31001', '--password', 'Stg2026pbx-31001', '--target', staging.portalUrl, '--mailpit', staging.mailpitUrl, '--email', 'stg-31001@staging.example']), quiet);
    assert.equal(ok.code, 0, ok.outcome);
    assert.equal(ok.outcome, 'reached トップ: ログイン → ワンタイムパスワード入力 → トップ');
    assert.equal(ok.mails.length, 1);
  } finally {
    await staging.close();
  }
});
