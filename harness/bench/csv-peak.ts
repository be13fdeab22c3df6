// The CSV figure of `npm run bench`: harness/bench/csv.ts (benchCsv) run in a child process of its own,
// so that the memory figure is not that of the process running the other benchmarks. Two peaks:
//   - sampled: the RSS sampled by benchCsv during the import alone (decode to apply), every 5 ms and
//     after each stage;
//   - maxRSS: the child's whole-life peak (process.resourceUsage().maxRSS), which also counts generating the
//     test file and the bare csv-parse run: an upper bound of the import's peak, read by the kernel.
// The target (≤ 300 MB) is checked on the sampled peak of the import; maxRSS is shown beside it.

import { spawn } from 'node:child_process';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { benchCsv, type CsvBenchResult } from './csv.ts';
import { type FigureRow } from './support.ts';

export interface CsvFigure extends CsvBenchResult {
  /** The child's peak RSS over its whole life (MB). */
  childMaxRssMb: number;
}

const SELF = fileURLToPath(import.meta.url);

/** Runs benchCsv({ rows }) in a fresh Node process (through tsx) and returns its result and maxRSS. */
export async function benchCsvInChild(rows: number): Promise<CsvFigure> {
  const child = spawn(process.execPath, ['--import', 'tsx', SELF, '--child', String(rows)], { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stdout.on('data', (c: Buffer) => (out += c.toString()));
  child.stderr.on('data', (c: Buffer) => (err += c.toString()));
  const code: number = await new Promise((resolve) => child.on('exit', (c) => resolve(c ?? 2)));
  const line = out.trim().split('\n').pop() ?? '';
  if (code !== 0 || !line.startsWith('{')) throw new Error(`the CSV benchmark's process exited ${code}: ${err.trim().split('\n').slice(-5).join(' / ') || out.trim()}`);
  return JSON.parse(line) as CsvFigure;
}

export function csvRows(r: CsvFigure): FigureRow[] {
  const t = r.targets;
  const n = r.rows.toLocaleString('en-US');
  return [
    { figure: `CSV import, ${n} rows CP932: total`, value: `${r.totalMs.toFixed(0)} ms (${Math.round(r.rowsPerSec).toLocaleString('en-US')} rows/s)`, target: `≤ ${t.totalMs} ms`, met: r.totalMs <= t.totalMs },
    { figure: 'CSV import: rows/s beside bare csv-parse (iconv + csv-parse, same bytes)', value: `${(r.ratio * 100).toFixed(0)} % (bare: ${r.bareCsvParseMs.toFixed(0)} ms)`, target: `≥ ${t.ratio * 100} %`, met: r.ratio >= t.ratio },
    { figure: 'CSV import: peak RSS (sampled during the import)', value: `${r.peakRssMb.toFixed(0)} MB`, target: `≤ ${t.peakRssMb} MB`, met: r.peakRssMb <= t.peakRssMb },
    { figure: '  maxRSS of its process (also generating the file, bare run)', value: `${r.childMaxRssMb.toFixed(0)} MB`, target: '', met: null },
  ];
}

if (process.argv[2] === '--child' && import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const rows = Number(process.argv[3]);
  if (!Number.isInteger(rows) || rows < 1) {
    console.error(`csv-peak: --child wants a positive whole number of rows, got "${process.argv[3]}"`);
    process.exit(2);
  }
  const result = await benchCsv({ rows });
  // maxRSS is in kilobytes
  const figure: CsvFigure = { ...result, childMaxRssMb: process.resourceUsage().maxRSS / 1024 };
  process.stdout.write(`${JSON.stringify(figure)}\n`);
}
