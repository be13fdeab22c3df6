// The OTP is never written to a log: the portal runs as its own process (server/main.ts, the real SMTP
// mailer to the embedded catcher) and everything it writes to stdout and stderr during logins is read.

import { spawn } from 'node:child_process';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { startCatcher } from '../../harness/mail/catcher.ts';
import { FormClient } from '../server/client.ts';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

test('ASVS 7.1.1: no one-time password reaches the portal\'s output (stdout, stderr), whatever happens to it', async () => {
  const catcher = await startCatcher({ smtpPort: 0, httpPort: 0, maxMessages: 0 });
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], {
    cwd: ROOT,
    env: { ...process.env, PORT: '0', HARNESS_API: '1', SEED_DEMO: '0', SCRYPT_LOG2_N: '10', SMTP_URL: catcher.smtpUrl, DATA_FILE: '', NODE_DEBUG: '' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (c: Buffer) => (output += c.toString()));
  child.stderr.on('data', (c: Buffer) => (output += c.toString()));
  try {
    const url = await new Promise<string>((resolve, reject) => {
      const onData = () => {
        const m = /portal: (http:\/\/\S+)/.exec(output);
        if (m) resolve(m[1]);
      };
      child.stdout.on('data', onData);
      child.once('exit', (code) => reject(new Error(`the portal ended (${code}): ${output}`)));
    });
    const created = await fetch(`${url}/__harness/tenants`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ at: '2026-06-30T10:00:00+09:00', accounts: [{ kind: 'terminal', loginId: 'log-1', extension: '22001', password: 'Secret2026x', mfa: true, email: 'log1@example.test' }, { kind: 'terminal', loginId: 'log-2', extension: '22002', password: 'Secret2026x' }] }),
    });
    assert.equal(created.status, 201);
    const codes = async (to: string) => {
      const res = await fetch(`${catcher.httpUrl}/api/v1/search?query=${encodeURIComponent(`to:${to}`)}`);
      const list = (await res.json()) as { messages: { ID: string }[] };
      const texts = await Promise.all(list.messages.map(async (m) => ((await (await fetch(`${catcher.httpUrl}/api/v1/message/${m.ID}`)).json()) as { Text: string }).Text));
      return texts.map((t) => /ワンタイムパスワード：(\d{6})/.exec(t)?.[1] ?? assert.fail(`no code in ${t}`));
    };

    // a login with a wrong code, a resend, the right code
    const c = new FormClient(url);
    assert.equal((await c.login('log-1', 'Secret2026x')).headers.get('location'), '/mfa/otp');
    await c.get('/mfa/otp');
    const [first] = await codes('log1@example.test');
    await c.post('/mfa/otp', { otp: String((Number(first) + 1) % 1e6).padStart(6, '0') });
    await c.follow(await c.post('/mfa/otp/resend', {}));
    const all = await codes('log1@example.test');
    assert.equal(all.length, 2);
    assert.equal((await c.post('/mfa/otp', { otp: all[0] })).headers.get('location'), '/top');
    // a registration's code (after the cutover a user without address registers one)
    const r = new FormClient(url);
    assert.equal((await r.login('log-2', 'Secret2026x')).headers.get('location'), '/mfa/register');
    await r.get('/mfa/register');
    await r.post('/mfa/register', { email: 'log2@example.test', confirm: 'log2@example.test' });
    const reg = await codes('log2@example.test');
    assert.equal((await r.post('/mfa/otp', { otp: reg[0] })).headers.get('location'), '/mfa/registered');

    assert.match(output, /portal: http/, 'the output is read');
    for (const code of [...all, ...reg]) assert.equal(output.includes(code), false, `the code ${code} is in the output:\n${output}`);
  } finally {
    child.kill('SIGKILL');
    await catcher.close();
  }
});
