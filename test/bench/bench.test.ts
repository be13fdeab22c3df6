// The benchmark command: its arguments, its statistics, and the shape of what a quick run prints and writes
// (every figure present with finite numbers). Timings are not asserted: the targets are the bench's to check.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { FIGURES, parseArgs, renderTable, UsageError, type BenchReport } from '../../harness/bench/run.ts';
import { dist } from '../../harness/bench/support.ts';

const ROOT = resolve(import.meta.dirname, '../..');
const RUN = join(ROOT, 'harness/bench/run.ts');

function bench(args: string[], timeout = 180_000) {
  return spawnSync(process.execPath, ['--import', 'tsx', RUN, ...args], { cwd: ROOT, encoding: 'utf8', timeout });
}

/** Every number anywhere in a value, with its path. */
function numbers(v: unknown, path = '$'): [string, number][] {
  if (typeof v === 'number') return [[path, v]];
  if (Array.isArray(v)) return v.flatMap((x, i) => numbers(x, `${path}[${i}]`));
  if (v && typeof v === 'object') return Object.entries(v).flatMap(([k, x]) => numbers(x, `${path}.${k}`));
  return [];
}

test('percentiles are nearest-rank over the samples, whatever their order', () => {
  const d = dist([...Array.from({ length: 100 }, (_, i) => 100 - i)]);
  assert.deepEqual({ n: d.n, p50: d.p50, p99: d.p99, min: d.min, max: d.max, mean: d.mean }, { n: 100, p50: 50, p99: 99, min: 1, max: 100, mean: 50.5 });
  assert.equal(dist([7]).p99, 7);
  assert.throws(() => dist([]), /no samples/);
});

test('arguments: --quick, --only, --no-gate-run, --out; anything else is refused by name', () => {
  const full = parseArgs([]);
  assert.equal(full.quick, false);
  assert.equal(full.gateRun, true);
  assert.deepEqual(full.only, [...FIGURES]);
  assert.match(full.out, /reports[\\/]bench\.json$/);
  const quick = parseArgs(['--quick', '--only=csv,otp', '--out', 'x.json']);
  assert.equal(quick.gateRun, false, 'a quick run never runs the whole gate');
  assert.deepEqual(quick.only, ['csv', 'otp']);
  assert.equal(quick.out, resolve('x.json'));
  assert.throws(() => parseArgs(['--fast']), (e: Error) => e instanceof UsageError && /unknown argument "--fast"/.test(e.message));
  assert.throws(() => parseArgs(['--only', 'otp,speed']), /unknown figure "speed"; the figures are otp, portal, csv, gate/);
  assert.throws(() => parseArgs(['--out']), /--out wants a value/);
});

test('a bad argument stops the command with exit 2, the reason and the usage', () => {
  const r = bench(['--rows', '5']);
  assert.equal(r.status, 2);
  assert.match(r.stderr, /bench: unknown argument "--rows"/);
  assert.match(r.stderr, /usage: npm run bench -- \[--quick\]/);
});

test('the table lines up its columns, Japanese text counted two columns wide', () => {
  const text = renderTable([
    { figure: 'アカウント管理', value: '1 ms', target: '≤ 50 ms', met: true },
    { figure: 'csv', value: '2 ms', target: '', met: null },
  ]);
  const lines = text.trimEnd().split('\n');
  assert.equal(lines.length, 4);
  assert.match(lines[2], /\| yes +\|$/);
  const bar = (l: string) => [...l].reduce((n, ch) => n + (/[\u30a0-\u30ff\u4e00-\u9fff]/.test(ch) ? 2 : 1), 0);
  assert.equal(new Set(lines.map(bar)).size, 1, 'every line as wide as the others');
});

test('npm run bench -- --quick: every figure in the table and in the JSON, every number finite', () => {
  const dir = mkdtempSync(join(tmpdir(), 'bench-test-'));
  try {
    const out = join(dir, 'bench.json');
    const r = bench(['--quick', '--out', out]);
    assert.ok(r.status === 0 || r.status === 1, `exit ${r.status} (0: all targets met, 1: some missed; 2 is a failure): ${r.stderr}`);
    const report = JSON.parse(readFileSync(out, 'utf8')) as BenchReport;
    assert.equal(report.mode, 'quick');
    assert.deepEqual(report.errors, {});
    assert.deepEqual(Object.keys(report.figures).sort(), [...FIGURES].sort());
    for (const [path, n] of numbers(report.figures)) assert.ok(Number.isFinite(n), `${path} is ${n}`);
    const figure = (re: RegExp) => report.table.find((row) => re.test(row.figure)) ?? assert.fail(`no row ${re} in the table`);
    for (const re of [
      /^OTP latency, harness mailbox \(events\), p50/,
      /^OTP latency, harness mailbox \(events\), p99/,
      /^OTP latency, ratio polling \/ ours/,
      /mailpit-api waitForMessage/,
      /floor: bare nodemailer send/,
      /^Gate overhead per test: set-up \+ tear-down/,
      /^Whole gate: wall time and test runs/,
      /^CSV import, 10,000 rows CP932: total/,
      /^CSV import: rows\/s beside bare csv-parse/,
      /^CSV import: peak memory \(maxRSS/,
      /^Portal, 1,000 accounts: アカウント管理 search \+ page/,
      /^Portal, 1,000 accounts: login \+ OTP issue/,
    ]) {
      const row = figure(re);
      assert.ok(row.value.length > 0, `${row.figure} has a value`);
    }
    for (const row of report.table.filter((x) => x.target)) {
      if (row.met !== null) assert.equal(typeof row.met, 'boolean');
      assert.equal(report.missed.includes(row.figure.trim()), row.met === false, `${row.figure}: listed as missed exactly when missed`);
    }
    const f = report.figures as Record<string, Record<string, unknown>>;
    assert.equal((f.otp.ours as { n: number }).n, 20);
    assert.equal(f.otp.eventsConnected, true, 'the mailbox was woken by the websocket');
    assert.equal(f.csv.rows, 10_000);
    assert.equal(f.portal.accounts, 1_000);
    assert.equal((f.gate.gate as { source: string }).source === 'ran', false, 'a quick run does not run the whole gate');
    // the printed table names every figure too
    assert.match(r.stdout, /\| figure +\| value +\| target +\| met\? +\|/);
    for (const row of report.table) assert.ok(r.stdout.includes(row.figure), `printed: ${row.figure}`);
    assert.match(r.stdout, /quick run, [\d.]+ s on \d+ cores \(load average/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
