// Shards merged give the verdict and counts of one run: npm run gate with --shard=1/2 and 2/2, then
// npm run gate:merge, against one unsharded run — on a small browserless suite, for a GO and for a NO-GO.

import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, existsSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { test } from 'node:test';

const CONFIG = 'test/gate/fixture-suite/playwright.config.ts';

function run(script: string, args: string[], env: Record<string, string>): Promise<{ code: number; out: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', script, ...args], { env: { ...process.env, PORTAL_URL: '', ACCOUNTS_FILE: '', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (out += d));
    child.on('exit', (c) => resolve({ code: c ?? 2, out }));
  });
}

interface GateJson {
  verdict: string;
  totals: Record<string, number>;
  items: { tag: string; verdict: string; phases: Record<string, { total: number; passed: number; failed: number }> }[];
  tests: { project: string; title: string; outcome: string }[];
  mergedShards: number;
  selection: string[];
}
const read = (dir: string) => JSON.parse(readFileSync(path.join(dir, 'gate.json'), 'utf8')) as GateJson;
const outcomes = (g: GateJson) => g.tests.map((t) => `${t.project} ${t.title} ${t.outcome}`).sort();
const counts = (g: GateJson) => ({ ...g.totals, durationMs: 0 });

for (const fail of [false, true]) {
  test(`shards 1/2 + 2/2 merged: the same verdict and counts as one run (${fail ? 'NO-GO' : 'GO'})`, { timeout: 240_000 }, async () => {
    const env = { GATE_FIXTURE_FAIL: fail ? '1' : '0' };
    const whole = mkdtempSync(path.join(tmpdir(), 'gate-whole-'));
    const sharded = mkdtempSync(path.join(tmpdir(), 'gate-shards-'));
    const one = await run('harness/cli/gate.ts', ['--config', CONFIG], { ...env, REPORTS_DIR: whole });
    assert.equal(one.code, fail ? 1 : 0, one.out);
    for (const s of ['1/2', '2/2']) {
      const r = await run('harness/cli/gate.ts', ['--config', CONFIG, `--shard=${s}`], { ...env, REPORTS_DIR: sharded });
      assert.ok(r.code === 0 || r.code === 1, r.out);
    }
    assert.deepEqual(readdirSync(path.join(sharded, 'blob')).sort(), ['shard-1-of-2', 'shard-2-of-2'], 'each shard keeps its blob report');
    const merged = await run('harness/cli/gate-merge.ts', [], { REPORTS_DIR: sharded });
    assert.equal(merged.code, one.code, merged.out);

    const a = read(whole);
    const b = read(sharded);
    assert.equal(b.mergedShards, 2);
    assert.deepEqual(b.selection, [], 'the merge judges the whole suite');
    assert.equal(b.verdict, a.verdict);
    assert.equal(a.verdict, fail ? 'NO-GO' : 'GO');
    assert.deepEqual(counts(b), counts(a));
    const items = (g: GateJson) => g.items.map((i) => [i.tag, i.verdict, Object.entries(i.phases).map(([p, c]) => [p, { ...c, durationMs: 0 }])]);
    assert.deepEqual(items(b), items(a));
    assert.deepEqual(outcomes(b), outcomes(a));
    assert.ok(existsSync(path.join(sharded, 'html', 'index.html')), 'one merged HTML report');
    assert.match(merged.out, /verdict: (GO|NO-GO)/);
  });
}
