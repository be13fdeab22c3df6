// Benchmark of the account CSV import: a generated CP932 file of N terminal-user rows (default 100,000)
// through decode + parse + validate + apply, and the same bytes through bare csv-parse (iconv-lite decode
// + csv-parse with columns) in the same run.
//
// "apply" is the portal's own apply step (server/csv/import.ts applyPlan) on the store's data in memory,
// as the import runs it inside Store.update; writing the store file afterwards is measured separately
// ("store write", not part of the target). The rows carry no password (empty = unchanged), so no
// password is hashed: hashing is the portal's cost per changed password, not the import's, and would
// dominate any figure (scrypt takes tens of milliseconds per password).
//
// Targets: total ≤ 3 s, ≥ 50 % of bare csv-parse's rows/s, peak RSS ≤ 300 MB.
//
//   npx tsx harness/bench/csv.ts [--rows N]

import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { JSONFile } from 'lowdb/node';
import { parse as csvParse } from 'csv-parse/sync';
import iconv from 'iconv-lite';
import { decodeCsv } from '../../server/csv/decode.ts';
import { parseDecodedCsv } from '../../server/csv/parse.ts';
import { planImport, type RowOutcome } from '../../server/csv/validate.ts';
import { applyPlan } from '../../server/csv/import.ts';
import type { Account, Data } from '../../server/store/types.ts';
import { generateAccountsCsv } from '../csv/generate.ts';

export interface CsvBenchResult {
  rows: number;
  bytes: number;
  totalMs: number;
  rowsPerSec: number;
  bareCsvParseMs: number;
  bareRowsPerSec: number;
  /** rowsPerSec / bareRowsPerSec. */
  ratio: number;
  /** Peak RSS of the whole process during the import (decode to apply), sampled. */
  peakRssMb: number;
  /** Peak RSS while the test file was generated (before the measured runs). */
  generationPeakRssMb: number;
  /** Peak RSS during the bare csv-parse run (the import's results may not be collected yet). */
  bareRunPeakRssMb: number;
  stages: { decodeMs: number; parseMs: number; validateMs: number; applyMs: number };
  /** Recording the import and writing the store file as the portal does after the apply (not in the target). */
  storeWrite: { ms: number; bytes: number; peakRssMb: number };
  applied: number;
  refused: number;
  targets: { totalMs: number; ratio: number; peakRssMb: number };
  pass: boolean;
}

export const TARGETS = { totalMs: 3000, ratio: 0.5, peakRssMb: 300 };

let peakRss = 0;
function sample(): void {
  const rss = process.memoryUsage.rss();
  if (rss > peakRss) peakRss = rss;
}

/** Applies an import's planned changes to the store's data with the portal's own apply step; returns the rows applied. */
export function applyToData(data: Data, tenantId: string, outcomes: RowOutcome[]): number {
  let n = 0;
  for (const o of applyPlan(data, tenantId, outcomes, new Map())) if (o.status === 'applied') n++;
  return n;
}

/** The input of a run: only the file's bytes and the accounts are kept (the generator's text is dropped). */
function makeInput(rows: number): { bytes: Buffer; accounts: Account[] } {
  const gen = generateAccountsCsv({ rows, encoding: 'cp932', adminRow: false, accountsMfa: 'opposite', deleteEmailRatio: 0.05 });
  return { bytes: gen.bytes, accounts: gen.accounts };
}

/** The import, stage by stage (parseAccountCsv is decodeCsv + parseDecodedCsv). */
function runImport(bytes: Buffer, accounts: Account[], rows: number) {
  const t0 = performance.now();
  const decoded = decodeCsv(bytes);
  const t1 = performance.now();
  sample();
  const parsed = parseDecodedCsv(decoded);
  const t2 = performance.now();
  sample();
  const outcomes = planImport(parsed.rows, accounts, 'window');
  const t3 = performance.now();
  sample();
  const data: Data = { tenants: [], accounts, otps: [] };
  const applied = applyToData(data, accounts[0]?.tenantId ?? '', outcomes);
  const t4 = performance.now();
  sample();
  if (parsed.rows.length !== rows) throw new Error(`parsed ${parsed.rows.length} rows, expected ${rows}`);
  let refused = 0;
  for (const o of outcomes) if (o.status === 'refused') refused++;
  return {
    stages: { decodeMs: t1 - t0, parseMs: t2 - t1, validateMs: t3 - t2, applyMs: t4 - t3 },
    totalMs: t4 - t0,
    applied,
    refused,
    data,
    outcomes,
  };
}

/**
 * What follows the apply in the portal: the import recorded with every row's outcome, and the store
 * written as lowdb writes it (JSON, to a temporary file renamed over the old one). Not part of the target.
 */
async function runStoreWrite(data: Data, outcomes: RowOutcome[]): Promise<{ ms: number; bytes: number }> {
  const dir = await mkdtemp(join(tmpdir(), 'csv-bench-'));
  try {
    const file = join(dir, 'data.json');
    const w0 = performance.now();
    const rows = outcomes.map((o) => ({ line: o.line, loginId: o.loginId, result: o.status, reason: o.messages.join(' ') }));
    data.imports = [{ id: 'bench', tenantId: 't-gen', at: new Date(0).toISOString(), by: 'bench', fileName: 'bench.csv', encoding: 'cp932', phase: 'window', fault: null, counts: { rows: rows.length, applied: 0, refused: 0, skipped: 0 }, rows }];
    await new JSONFile<Data>(file).write(data);
    const ms = performance.now() - w0;
    sample();
    return { ms, bytes: (await stat(file)).size };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** Bare csv-parse on the same bytes: iconv-lite decode + csv-parse with columns. */
function runBare(bytes: Buffer, rows: number): number {
  const b0 = performance.now();
  const records = csvParse(iconv.decode(bytes, 'cp932'), { columns: true }) as Record<string, string>[];
  const b1 = performance.now();
  sample();
  if (records.length !== rows) throw new Error(`csv-parse gave ${records.length} records, expected ${rows}`);
  return b1 - b0;
}

export async function benchCsv(opts: { rows: number }): Promise<CsvBenchResult> {
  peakRss = 0;
  const timer = setInterval(sample, 5);
  try {
    const { bytes, accounts } = makeInput(opts.rows);
    sample();
    // The peak counts from here: the import (generating the file is not part of it).
    const generationPeakRssMb = peakRss / (1024 * 1024);
    peakRss = 0;
    sample();
    const ours = runImport(bytes, accounts, opts.rows);
    sample();
    const peakRssMb = peakRss / (1024 * 1024);
    peakRss = 0;
    sample();
    const bareCsvParseMs = runBare(bytes, opts.rows);
    const bareRunPeakRssMb = peakRss / (1024 * 1024);
    const rowsPerSec = opts.rows / (ours.totalMs / 1000);
    const bareRowsPerSec = opts.rows / (bareCsvParseMs / 1000);
    const ratio = rowsPerSec / bareRowsPerSec;
    peakRss = 0;
    sample();
    const write = await runStoreWrite(ours.data, ours.outcomes);
    const storeWrite = { ...write, peakRssMb: peakRss / (1024 * 1024) };
    return {
      rows: opts.rows,
      bytes: bytes.length,
      totalMs: ours.totalMs,
      rowsPerSec,
      bareCsvParseMs,
      bareRowsPerSec,
      ratio,
      peakRssMb,
      generationPeakRssMb,
      bareRunPeakRssMb,
      stages: ours.stages,
      storeWrite,
      applied: ours.applied,
      refused: ours.refused,
      targets: TARGETS,
      pass: ours.totalMs <= TARGETS.totalMs && ratio >= TARGETS.ratio && peakRssMb <= TARGETS.peakRssMb,
    };
  } finally {
    clearInterval(timer);
  }
}

export function renderBench(r: CsvBenchResult): string {
  const f = (n: number, d = 0) => n.toLocaleString('en-US', { maximumFractionDigits: d, minimumFractionDigits: d });
  const mark = (ok: boolean) => (ok ? 'ok' : 'MISSED');
  const rows: Array<[string, string, string]> = [
    ['file', `${f(r.rows)} rows, ${f(r.bytes / 1024 / 1024, 1)} MB, CP932, no passwords`, ''],
    ['  decode', `${f(r.stages.decodeMs, 1)} ms`, ''],
    ['  parse', `${f(r.stages.parseMs, 1)} ms`, ''],
    ['  validate', `${f(r.stages.validateMs, 1)} ms`, ''],
    ['  apply', `${f(r.stages.applyMs, 1)} ms (${f(r.applied)} applied, ${f(r.refused)} refused)`, ''],
    ['total', `${f(r.totalMs, 1)} ms`, `≤ ${f(r.targets.totalMs)} ms ${mark(r.totalMs <= r.targets.totalMs)}`],
    ['rows/s', f(r.rowsPerSec), ''],
    ['bare csv-parse', `${f(r.bareCsvParseMs, 1)} ms, ${f(r.bareRowsPerSec)} rows/s`, ''],
    ['ratio', `${f(r.ratio * 100, 0)} % of bare csv-parse`, `≥ ${f(r.targets.ratio * 100)} % ${mark(r.ratio >= r.targets.ratio)}`],
    ['peak RSS', `${f(r.peakRssMb, 1)} MB (whole process, during the import)`, `≤ ${f(r.targets.peakRssMb)} MB ${mark(r.peakRssMb <= r.targets.peakRssMb)}`],
    ['  bare run', `${f(r.bareRunPeakRssMb, 1)} MB (during bare csv-parse, for comparison)`, ''],
    ['  generating', `${f(r.generationPeakRssMb, 1)} MB (making the test file, not measured)`, ''],
    ['store write', `${f(r.storeWrite.ms, 1)} ms, ${f(r.storeWrite.bytes / 1024 / 1024, 1)} MB file, peak RSS ${f(r.storeWrite.peakRssMb, 1)} MB (recording the rows and writing the lowdb file after the apply; not in the target)`, ''],
  ];
  const w0 = Math.max(...rows.map((x) => x[0].length));
  const w1 = Math.max(...rows.map((x) => x[1].length));
  return rows.map(([a, b, c]) => `${a.padEnd(w0)}  ${b.padEnd(w1)}  ${c}`.trimEnd()).join('\n') + '\n';
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const argv = process.argv.slice(2);
  let rows = 100_000;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--rows' || a.startsWith('--rows=')) {
      const v = a.includes('=') ? a.slice(a.indexOf('=') + 1) : argv[++i];
      rows = Number(v);
      if (!Number.isInteger(rows) || rows < 1) {
        console.error(`bench: --rows wants a positive whole number, got "${v}"`);
        process.exit(2);
      }
    } else {
      console.error(`bench: unknown argument "${a}" (usage: npx tsx harness/bench/csv.ts [--rows N])`);
      process.exit(2);
    }
  }
  const result = await benchCsv({ rows });
  process.stdout.write(renderBench(result));
  process.exitCode = result.pass ? 0 : 1;
}
