// The portal killed (SIGKILL) in the middle of a large account CSV import, then started again on the same
// store file: the store must parse, and every row must be either fully applied or untouched.
//
// The portal runs as a child process (server/main.ts) on a lowdb file seeded with one tenant of 20,000
// terminal users. Each round uploads a file that gives every row a new address and flips its 多要素認証
// (generation k: `u…-g<k>@example.test`, ON when k is even), and kills the portal at one point:
// as soon as the request is sent, when the store's temporary file appears (during the atomic write),
// after a delay within a full import's duration, or not at all. After the restart each account must be
// wholly at the previous generation or wholly at the new one (address and 多要素認証 together), and the
// import is recorded exactly when its rows are applied.
//
// An import is applied in one Store.update, so it is all-or-nothing as a whole, which implies all-or-
// nothing per row: the test also checks that every account is at the same generation.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { watch } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { hashPassword } from '../../server/auth/password.ts';
import type { Account, Data } from '../../server/store/types.ts';
import { FormClient } from '../server/client.ts';
import { HEADER, csvBytes } from './helpers.ts';

const ROWS = 20_000;
const ROOT = path.resolve(import.meta.dirname, '../..');
const ADMIN = { loginId: 'kill-admin', password: 'Admin2026kill' };
const BEFORE = new Date('2026-06-08T10:00:00+09:00');

const loginIdOf = (i: number) => `k${String(i + 1).padStart(5, '0')}`;
const extensionOf = (i: number) => String(3000001 + i);
const addressOf = (i: number, gen: number) => `u${i + 1}-g${gen}@example.test`;
const mfaOf = (gen: number) => gen % 2 === 0;

async function seed(file: string): Promise<void> {
  const hash = await hashPassword('Term2026pass', 2 ** 10);
  const accounts: Account[] = [
    { id: 'admin', tenantId: 'kill', kind: 'admin', loginId: ADMIN.loginId, extension: null, passwordHash: await hashPassword(ADMIN.password, 2 ** 10), mfa: false, email: null, registrationOffered: false, failedLogins: 0, locked: false },
  ];
  for (let i = 0; i < ROWS; i++) {
    accounts.push({ id: `a${i}`, tenantId: 'kill', kind: 'terminal', loginId: loginIdOf(i), extension: extensionOf(i), passwordHash: hash, mfa: mfaOf(0), email: addressOf(i, 0), registrationOffered: false, failedLogins: 0, locked: false });
  }
  const data: Data = {
    tenants: [{ id: 'kill', name: 'kill', clockOffsetMs: BEFORE.getTime() - Date.now(), cutoverAppliedAt: null, createdAt: new Date().toISOString() }],
    accounts,
    otps: [],
  };
  await writeFile(file, JSON.stringify(data));
}

function importFile(gen: number): Buffer {
  const lines = [HEADER];
  for (let i = 0; i < ROWS; i++) lines.push(`端末ユーザ,${extensionOf(i)},${loginIdOf(i)},,${mfaOf(gen) ? 'ON' : 'OFF'},${addressOf(i, gen)}`);
  return csvBytes(lines, { encoding: 'cp932' });
}

interface Child {
  proc: ChildProcess;
  url: string;
  exited: Promise<void>;
}

async function startPortal(dataFile: string): Promise<Child> {
  const proc = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], {
    cwd: ROOT,
    env: { ...process.env, DATA_FILE: dataFile, PORT: '0', HOST: '127.0.0.1', SEED_DEMO: '0', HARNESS_API: '0', SCRYPT_LOG2_N: '10', MAX_UPLOAD_MB: '10' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const exited = new Promise<void>((resolve) => proc.once('exit', () => resolve()));
  let err = '';
  proc.stderr!.on('data', (d) => (err += String(d)));
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    proc.stdout!.on('data', (d) => {
      out += String(d);
      const m = /portal: (http:\/\/[^\s]+)/.exec(out);
      if (m) resolve(m[1]);
    });
    proc.once('exit', (code) => reject(new Error(`the portal exited (${code}) before listening: ${err}`)));
  });
  return { proc, url, exited };
}

async function kill(child: Child): Promise<void> {
  child.proc.kill('SIGKILL');
  await child.exited;
}

/** The administrator logged in on CSV取込. */
async function adminOn(url: string): Promise<FormClient> {
  const c = new FormClient(url);
  const res = await c.login(ADMIN.loginId, ADMIN.password);
  assert.equal(res.headers.get('location'), '/top');
  assert.equal((await c.get('/accounts/csv')).status, 200);
  return c;
}

function send(c: FormClient, bytes: Buffer): Promise<Response> {
  const form = new FormData();
  form.set('_csrf', c.csrf());
  form.set('file', new Blob([new Uint8Array(bytes)]), 'addresses.csv');
  const cookie = [...c.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  return fetch(`${c.base}/accounts/csv`, { method: 'POST', headers: { cookie }, body: form, redirect: 'manual' });
}

/** Reads the store file as it is on disk and finds the generation of every account; fails on a mixed store. */
async function generationOnDisk(file: string): Promise<{ gen: number; imports: number }> {
  const data = JSON.parse(await readFile(file, 'utf8')) as Data;
  const terminals = data.accounts.filter((a) => a.kind === 'terminal');
  assert.equal(terminals.length, ROWS);
  const gens = new Map<number, number>();
  terminals.forEach((a, i) => {
    const m = /^u(\d+)-g(\d+)@example\.test$/.exec(a.email ?? '');
    assert.ok(m && Number(m[1]) === i + 1, `row ${i + 2}: address ${a.email}`);
    const gen = Number(m[2]);
    assert.equal(a.mfa, mfaOf(gen), `row ${i + 2} (${a.loginId}): address of generation ${gen} but 多要素認証 ${a.mfa ? 'ON' : 'OFF'} — half applied`);
    gens.set(gen, (gens.get(gen) ?? 0) + 1);
  });
  assert.equal(gens.size, 1, `every account at one generation, found ${JSON.stringify([...gens])}`);
  const imports = (data.imports ?? []).filter((r) => r.fault === null);
  return { gen: [...gens.keys()][0], imports: imports.length };
}

type KillPoint = { name: string; arm: (c: FormClient, dataFile: string, child: Child, res: Promise<Response>) => Promise<void> };

const KILL_POINTS = (fullMs: number): KillPoint[] => [
  { name: 'as soon as the upload is sent', arm: async (_c, _f, child) => kill(child) },
  {
    name: 'when the store\'s temporary file appears (during the atomic write)',
    arm: async (_c, dataFile, child, res) => {
      await new Promise<void>((resolve) => {
        const w = watch(path.dirname(dataFile), (_e, name) => {
          if (name && name.toString().endsWith('.tmp')) {
            child.proc.kill('SIGKILL');
            w.close();
            resolve();
          }
        });
        // An answer without a write (it would be a fault) ends the wait too.
        res.then(() => { w.close(); resolve(); }, () => { w.close(); resolve(); });
      });
      await kill(child);
    },
  },
  ...[0.25, 0.5, 0.75, 0.9].map((share) => ({
    name: `${Math.round(fullMs * share)} ms into the import (${share * 100} % of a full one)`,
    arm: async (_c: FormClient, _f: string, child: Child) => {
      await new Promise((r) => setTimeout(r, fullMs * share));
      await kill(child);
    },
  })),
  {
    name: 'after the answer (the import finished)',
    arm: async (_c, _f, child, res) => {
      await res.catch(() => undefined);
      await kill(child);
    },
  },
];

test(`SIGKILL during a ${ROWS.toLocaleString('en-US')}-row import: after a restart the store parses and every row is applied or untouched`, { timeout: 600_000 }, async () => {
  const dir = await mkdtemp(path.join(tmpdir(), 'csv-kill-'));
  const dataFile = path.join(dir, 'data.json');
  const seen: string[] = [];
  try {
    await seed(dataFile);
    let gen = 0;
    let imports = 0;

    // A full import first, to know how long one takes (and that one is applied when nothing interrupts it).
    let child = await startPortal(dataFile);
    let c = await adminOn(child.url);
    const t0 = performance.now();
    const full = await send(c, importFile(1));
    assert.equal(full.status, 303, await full.text());
    const fullMs = performance.now() - t0;
    await kill(child);
    ({ gen, imports } = await generationOnDisk(dataFile));
    assert.deepEqual({ gen, imports }, { gen: 1, imports: 1 });

    let untouched = 0;
    let applied = 0;
    for (const point of KILL_POINTS(fullMs)) {
      const next = gen + 1;
      child = await startPortal(dataFile);
      c = await adminOn(child.url);
      const bytes = importFile(next);
      const res = send(c, bytes);
      res.catch(() => undefined);
      await point.arm(c, dataFile, child, res);
      const after = await generationOnDisk(dataFile);
      assert.ok(after.gen === gen || after.gen === next, `${point.name}: generation ${after.gen}, expected ${gen} or ${next}`);
      assert.equal(after.imports, after.gen === next ? imports + 1 : imports, `${point.name}: the import is recorded exactly when it is applied`);
      if (after.gen === next) applied++;
      else untouched++;
      seen.push(`${point.name}: ${after.gen === next ? 'applied' : 'untouched'}`);
      gen = after.gen;
      imports = after.imports;
    }
    assert.ok(untouched >= 1, `at least one kill must land before the write (${seen.join('; ')})`);
    assert.ok(applied >= 1, `the kill after the answer finds the import applied (${seen.join('; ')})`);

    // The store opens and serves again: log in, and the status page shows the last import.
    child = await startPortal(dataFile);
    c = await adminOn(child.url);
    assert.equal((await c.get('/accounts/csv/status')).status, 200);
    assert.match(c.lastHtml, /addresses\.csv/);
    await kill(child);
    console.log(`kill points (full import ${Math.round(fullMs)} ms): ${seen.join('; ')}`);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
