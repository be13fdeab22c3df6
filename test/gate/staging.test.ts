// The gate against a target without the harness API: the reference portal dressed as staging (its harness API
// off, a customer seeded from the accounts file) and the gate given PORTAL_URL, MAILPIT_URL and ACCOUNTS_FILE.
// What can run on prepared accounts runs and passes; the rest is skipped, each with its reason.

import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { NEEDS_OWN_ACCOUNTS } from '../../harness/prepared-accounts.ts';
import { startStagingReference } from '../../harness/staging/reference-staging.ts';
import type { GateTest } from '../../harness/gate/summary.ts';
import { phaseAt } from '../../server/calendar.ts';

const ACCOUNTS = 'harness/staging/accounts.example.json';

test('against the reference without its harness API: prepared accounts run what they can, the rest is skipped with reasons', { timeout: 300_000 }, async () => {
  const staging = await startStagingReference(ACCOUNTS);
  const reports = mkdtempSync(path.join(tmpdir(), 'staging-gate-'));
  try {
    const child = spawn(process.execPath, [path.resolve('node_modules/playwright/cli.js'), 'test', 'scenarios/mfa/admin-login.spec.ts', '--workers=1'], {
      env: { ...process.env, PORTAL_URL: staging.portalUrl, MAILPIT_URL: staging.mailpitUrl, SMTP_URL: staging.smtpUrl, ACCOUNTS_FILE: ACCOUNTS, REPORTS_DIR: reports },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (out += d));
    const code = await new Promise<number>((resolve) => child.on('exit', (c) => resolve(c ?? 2)));
    assert.equal(code, 0, out);
    const gate = JSON.parse(readFileSync(path.join(reports, 'gate.json'), 'utf8')) as {
      verdict: string; partial: boolean; target: { portalUrl: string; harnessApi: boolean; embedded: boolean }; tests: GateTest[];
    };
    assert.equal(gate.target.portalUrl, staging.portalUrl);
    assert.equal(gate.target.harnessApi, false);
    assert.equal(gate.target.embedded, false);
    // The target lives on today's date: its phase is the only one that can run.
    const phase = phaseAt(new Date());
    const current = gate.tests.filter((t) => t.project === phase);
    const ran = current.filter((t) => t.outcome === 'expected').map((t) => t.title);
    assert.deepEqual(ran, ['多要素認証ONのユーザ管理者は、端末ユーザと同じワンタイムパスワード入力を経てトップ画面へ'], out);
    for (const t of current.filter((x) => x.outcome !== 'expected')) assert.equal(t.skipReason, NEEDS_OWN_ACCOUNTS, t.title);
    for (const t of gate.tests.filter((x) => x.project !== phase)) {
      assert.equal(t.outcome, 'skipped', t.title);
      assert.match(t.skipReason ?? '', new RegExp(`the target is in phase ${phase} \\(today's date\\); phase ${t.project} needs its clock moved`), t.title);
    }
    assert.equal(gate.verdict, 'GO', 'skips with reasons are allowed against a real target');
    assert.match(readFileSync(path.join(reports, 'gate.md'), 'utf8'), /## Skipped, by reason/);
  } finally {
    await staging.close();
  }
});
