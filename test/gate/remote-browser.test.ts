// PW_CONNECT_WS: the scenarios drive a browser served elsewhere (chromium.launchServer) instead of launching one.
// CHROMIUM_PATH points nowhere in the run, so a local launch would fail: passing proves the connection was used.

import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { chromium } from 'playwright';
import { findChromium } from '../../harness/browser.ts';

test('a scenario passes on a remote browser through PW_CONNECT_WS', { timeout: 180_000 }, async () => {
  const local = findChromium();
  const server = await chromium.launchServer({ executablePath: local.executablePath, args: local.args });
  const reports = mkdtempSync(path.join(tmpdir(), 'remote-browser-'));
  try {
    const child = spawn(
      process.execPath,
      [path.resolve('node_modules/playwright/cli.js'), 'test', 'scenarios/mfa/admin-login.spec.ts', '--project', 'after', '--grep', '多要素認証ONのユーザ管理者は、端末ユーザと同じ', '--workers=1'],
      { env: { ...process.env, PW_CONNECT_WS: server.wsEndpoint(), CHROMIUM_PATH: '/nonexistent/chromium', REPORTS_DIR: reports, PORTAL_URL: '', MAILPIT_URL: '', SMTP_URL: '' }, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (out += d));
    const code = await new Promise<number>((resolve) => child.on('exit', (c) => resolve(c ?? 2)));
    assert.equal(code, 0, out);
    const gate = JSON.parse(readFileSync(path.join(reports, 'gate.json'), 'utf8')) as { totals: { passed: number; total: number } };
    assert.deepEqual([gate.totals.total, gate.totals.passed], [1, 1], out);
  } finally {
    await server.close();
  }
});
