// The CSV figure of `npm run bench`: harness/bench/csv.ts, with its memory measured by the kernel.
//
//   1. benchCsv (csv.ts) in a child process: the timings, the ratio to bare csv-parse, and its sampled
//      RSS peak (sampled every 5 ms and after each stage; a synchronous stage is not sampled inside).
//   2. The peak that counts: a child process that only reads the test file and its accounts (written by a
//      third child that generated them) and runs the import (decode + parse + validate + apply, as
//      csv.ts does); its maxRSS (process.resourceUsage(), the kernel's high-water mark) is the import's peak,
//      with Node, tsx, the file and the 100,000 accounts it is checked against included. The RSS after
//      loading the inputs is reported beside it.
// The target (≤ 300 MB) is checked on that maxRSS.

import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { decodeCsv } from '../../server/csv/decode.ts';
import { parseDecodedCsv } from '../../server/csv/parse.ts';
import { planImport } from '../../server/csv/validate.ts';
import type { Account, Data } from '../../server/store/types.ts';
import { generateAccountsCsv } from '../csv/generate.ts';
import { applyToData, benchCsv, type CsvBenchResult } from './csv.ts';
import { type FigureRow } from './support.ts';

export interface ImportOnly {
  /** maxRSS of the process that did only the import (MB). */
  maxRssMb: number;
  /** RSS once the file and the accounts were loaded, before the import (MB). */
  loadedRssMb: number;
  totalMs: number;
  rows: number;
}

export interface CsvFigure extends CsvBenchResult {
  importOnly: ImportOnly;
}

const SELF = fileURLToPath(import.meta.url);
const mb = (bytes: number) => bytes / (1024 * 1024);

async function child(args: string[]): Promise<string> {
  const p = spawn(process.execPath, ['--import', 'tsx', SELF, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  p.stdout.on('data', (c: Buffer) => (out += c.toString()));
  p.stderr.on('data', (c: Buffer) => (err += c.toString()));
  const code: number = await new Promise((resolve) => p.on('exit', (c) => resolve(c ?? 2)));
  const line = out.trim().split('\n').pop() ?? '';
  if (code !== 0 || !line.startsWith('{')) throw new Error(`the CSV benchmark's process (${args[0]}) exited ${code}: ${err.trim().split('\n').slice(-5).join(' / ') || out.trim()}`);
  return line;
}

/** benchCsv({ rows }) in a child process, then the import alone in another for its peak memory. */
export async function benchCsvInChild(rows: number): Promise<CsvFigure> {
  const result = JSON.parse(await child(['--bench', String(rows)])) as CsvBenchResult;
  const dir = mkdtempSync(join(tmpdir(), 'bench-csv-'));
  try {
    await child(['--generate', String(rows), dir]);
    const importOnly = JSON.parse(await child(['--import', dir])) as ImportOnly;
    if (importOnly.rows !== rows) throw new Error(`the import-only run parsed ${importOnly.rows} rows, expected ${rows}`);
    return { ...result, importOnly };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export function csvRows(r: CsvFigure): FigureRow[] {
  const t = r.targets;
  const n = r.rows.toLocaleString('en-US');
  const peak = r.importOnly.maxRssMb;
  return [
    { figure: `CSV import, ${n} rows CP932: total`, value: `${r.totalMs.toFixed(0)} ms (${Math.round(r.rowsPerSec).toLocaleString('en-US')} rows/s)`, target: `≤ ${t.totalMs} ms`, met: r.totalMs <= t.totalMs },
    { figure: 'CSV import: rows/s beside bare csv-parse (iconv + csv-parse, same bytes)', value: `${(r.ratio * 100).toFixed(0)} % (bare: ${r.bareCsvParseMs.toFixed(0)} ms)`, target: `≥ ${t.ratio * 100} %`, met: r.ratio >= t.ratio },
    { figure: 'CSV import: peak memory (maxRSS of a process doing only the import)', value: `${peak.toFixed(0)} MB`, target: `≤ ${t.peakRssMb} MB`, met: peak <= t.peakRssMb },
    { figure: '  of which loaded before the import (Node, file, accounts)', value: `${r.importOnly.loadedRssMb.toFixed(0)} MB`, target: '', met: null },
    { figure: '  RSS sampled during the import by csv.ts', value: `${r.peakRssMb.toFixed(0)} MB`, target: '', met: null },
  ];
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const [mode, arg, dir] = process.argv.slice(2);
  const rowsArg = () => {
    const rows = Number(arg);
    if (!Number.isInteger(rows) || rows < 1) {
      console.error(`csv-peak: ${mode} wants a positive whole number of rows, got "${arg}"`);
      process.exit(2);
    }
    return rows;
  };
  if (mode === '--bench') {
    process.stdout.write(`${JSON.stringify(await benchCsv({ rows: rowsArg() }))}\n`);
  } else if (mode === '--generate' && dir) {
    // the same file as csv.ts makes
    const gen = generateAccountsCsv({ rows: rowsArg(), encoding: 'cp932', adminRow: false, accountsMfa: 'opposite', deleteEmailRatio: 0.05 });
    writeFileSync(join(dir, 'input.csv'), gen.bytes);
    writeFileSync(join(dir, 'accounts.json'), JSON.stringify(gen.accounts));
    process.stdout.write('{}\n');
  } else if (mode === '--import' && arg) {
    const bytes = readFileSync(join(arg, 'input.csv'));
    const accounts = JSON.parse(readFileSync(join(arg, 'accounts.json'), 'utf8')) as Account[];
    const loadedRssMb = mb(process.memoryUsage.rss());
    const t0 = performance.now();
    const parsed = parseDecodedCsv(decodeCsv(bytes));
    const outcomes = planImport(parsed.rows, accounts, 'window');
    const data: Data = { tenants: [], accounts, otps: [] };
    applyToData(data, accounts[0]?.tenantId ?? '', outcomes);
    const totalMs = performance.now() - t0;
    // maxRSS is in kilobytes
    const out: ImportOnly = { maxRssMb: process.resourceUsage().maxRSS / 1024, loadedRssMb, totalMs, rows: parsed.rows.length };
    process.stdout.write(`${JSON.stringify(out)}\n`);
  } else {
    console.error('csv-peak: usage: csv-peak.ts --bench ROWS | --generate ROWS DIR | --import DIR');
    process.exit(2);
  }
}
