// The store survives SIGKILL: the portal runs as its own process (server/main.ts, DATA_FILE in a temp
// folder), takes concurrent writes (tenants through the harness API, wrong passwords through the login
// form, clock moves) and is killed at a random point of them, 20 times. After every kill the file must
// parse and hold every write that had been acknowledged; the portal restarts on it.

import { spawn, type ChildProcess } from 'node:child_process';
import { randomInt } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { FormClient } from '../server/client.ts';
import type { Data } from '../../server/store/types.ts';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const ROUNDS = 20;
const WRITERS = 4;

interface Portal {
  url: string;
  child: ChildProcess;
  exited: Promise<void>;
}

async function start(dataFile: string): Promise<Portal> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], {
    cwd: ROOT,
    env: {
      ...process.env,
      PORT: '0',
      HARNESS_API: '1',
      SEED_DEMO: '0',
      SCRYPT_LOG2_N: '10',
      DATA_FILE: dataFile,
      SMTP_URL: 'smtp://127.0.0.1:9',
      LOCK_THRESHOLD: '100',
      LOGIN_RATE_LIMIT: '1000000',
      LOGIN_ACCOUNT_RATE_LIMIT: '1000000',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const url = await new Promise<string>((resolve, reject) => {
    child.stdout!.on('data', (c: Buffer) => {
      output += c.toString();
      const m = /portal: (http:\/\/\S+)/.exec(output);
      if (m) resolve(m[1]);
    });
    child.stderr!.on('data', (c: Buffer) => (output += c.toString()));
    child.once('exit', (code) => reject(new Error(`the portal ended at start (${code}):\n${output}`)));
  });
  return { url, child, exited };
}

const json = { 'content-type': 'application/json' };

/** What the portal acknowledged before it was killed. */
interface Acked {
  tenants: Map<string, string>;
  /** tenant id → its clock moves in the order sent, with when each was sent and acknowledged */
  clocks: Map<string, Move[]>;
  /** wrong passwords answered 401 for the round's form account */
  failures: number;
}

interface Move {
  at: string;
  sentAt: number;
  ackedAt?: number;
}

let seq = 0;

/** One writer: keeps writing until the portal stops answering. */
async function writer(p: Portal, n: number, acked: Acked, form: { client: FormClient; loginId: string }): Promise<void> {
  try {
    for (;;) {
      const kind = (n + seq++) % 3;
      if (kind === 0) {
        const loginId = `k${seq}-${Date.now().toString(36)}-${randomInt(1e9)}`;
        const res = await fetch(`${p.url}/__harness/tenants`, {
          method: 'POST',
          headers: json,
          body: JSON.stringify({ accounts: [{ kind: 'terminal', loginId, extension: '22001', password: 'Secret2026x' }, { kind: 'admin', loginId: `${loginId}-a`, password: 'Secret2026x' }] }),
        });
        if (res.status !== 201) throw new Error(`create: ${res.status}`);
        acked.tenants.set(((await res.json()) as { tenantId: string }).tenantId, loginId);
      } else if (kind === 1) {
        const res = await form.client.post('/login', { loginId: form.loginId, password: `Wrong${seq}x` });
        if (res.status !== 401) throw new Error(`login: ${res.status}`);
        acked.failures += 1;
      } else {
        const ids = [...acked.tenants.keys()];
        if (!ids.length) continue;
        const id = ids[randomInt(ids.length)];
        const at = new Date(Date.UTC(2026, 5, 1 + randomInt(28), randomInt(24))).toISOString();
        const move: Move = { at, sentAt: Date.now() };
        acked.clocks.set(id, [...(acked.clocks.get(id) ?? []), move]);
        const res = await fetch(`${p.url}/__harness/tenants/${id}/clock`, { method: 'POST', headers: json, body: JSON.stringify({ at }) });
        if (res.status !== 200) throw new Error(`clock: ${res.status}`);
        move.ackedAt = Date.now();
      }
    }
  } catch {
    // the portal was killed: this writer's request in flight was never acknowledged
  }
}

test(`the store: SIGKILL at random points of concurrent writes, ${ROUNDS} times; the file parses and keeps every acknowledged write`, async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'store-kill-'));
  const file = join(dir, 'db.json');
  const all: Acked = { tenants: new Map(), clocks: new Map(), failures: 0 };
  let passed = 0;
  try {
    for (let round = 1; round <= ROUNDS; round++) {
      const p = await start(file);
      // the round's form account (its creation acknowledged before the writes begin)
      const made = await fetch(`${p.url}/__harness/tenants`, { method: 'POST', headers: json, body: JSON.stringify({ accounts: [{ kind: 'terminal', loginId: `form-${round}`, extension: '22001', password: 'Secret2026x' }] }) });
      assert.equal(made.status, 201);
      const formTenant = ((await made.json()) as { tenantId: string }).tenantId;
      const client = new FormClient(p.url);
      await client.get('/login');
      const acked: Acked = { tenants: new Map([[formTenant, `form-${round}`]]), clocks: new Map(), failures: 0 };
      // kill after a random number of acknowledged writes, with the other writers' requests in flight
      const killAfter = randomInt(1, 40);
      const count = () => acked.tenants.size - 1 + [...acked.clocks.values()].flat().filter((m) => m.ackedAt).length + acked.failures;
      const killed = new Promise<void>((resolve) => {
        const check = setInterval(() => {
          if (count() >= killAfter) {
            clearInterval(check);
            p.child.kill('SIGKILL');
            resolve();
          }
        }, 1);
      });
      await Promise.all([killed, ...Array.from({ length: WRITERS }, (_, n) => writer(p, n, acked, { client, loginId: `form-${round}` }))]);
      await p.exited;
      const killedAt = Date.now();

      // the file parses and holds everything acknowledged, in this round and before
      const data = JSON.parse(readFileSync(file, 'utf8')) as Data;
      for (const [id, loginId] of acked.tenants) all.tenants.set(id, loginId);
      for (const [id, moves] of acked.clocks) all.clocks.set(id, [...(all.clocks.get(id) ?? []), ...moves.map((m) => ({ ...m, ackedAt: m.ackedAt ?? -1 }))]);
      for (const [id, loginId] of all.tenants) {
        assert.ok(data.tenants.some((x) => x.id === id), `round ${round}: tenant ${id} was acknowledged and is missing`);
        assert.ok(data.accounts.some((a) => a.loginId === loginId && a.tenantId === id), `round ${round}: account ${loginId} is missing`);
      }
      const formAccount = data.accounts.find((a) => a.loginId === `form-${round}`)!;
      assert.ok(formAccount.failedLogins >= acked.failures, `round ${round}: ${acked.failures} wrong passwords acknowledged, ${formAccount.failedLogins} stored`);
      for (const [id, moves] of all.clocks) {
        // the stored clock is the last acknowledged move's, or a later one's that was in flight at a kill
        const last = moves.map((m) => m.ackedAt !== -1).lastIndexOf(true);
        if (last < 0) continue;
        const offset = data.tenants.find((x) => x.id === id)!.clockOffsetMs;
        const fits = moves.slice(last).some((m) => {
          const until = m.ackedAt === -1 || m.ackedAt === undefined ? killedAt : m.ackedAt;
          return offset <= Date.parse(m.at) - m.sentAt + 1000 && offset >= Date.parse(m.at) - until - 1000;
        });
        assert.ok(fits, `round ${round}: tenant ${id}'s clock is not where its last acknowledged move put it`);
      }
      assert.equal(new Set(data.accounts.map((a) => a.loginId)).size, data.accounts.length, `round ${round}: no account twice`);
      passed += 1;
      t.diagnostic(`round ${round}: killed after ${count()} acknowledged writes (aimed at ${killAfter}); ${data.tenants.length} tenants, ${data.accounts.length} accounts in the file`);
    }
    // and the portal starts on the last file and answers for what it holds
    const p = await start(file);
    try {
      for (const id of [...all.tenants.keys()].slice(-5)) assert.equal((await fetch(`${p.url}/__harness/tenants/${id}`)).status, 200);
    } finally {
      p.child.kill('SIGKILL');
      await p.exited;
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
    t.diagnostic(`store kill test: ${passed}/${ROUNDS}`);
    console.log(`store kill test: ${passed}/${ROUNDS}`);
  }
});
