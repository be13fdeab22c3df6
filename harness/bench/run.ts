// npm run bench: every benchmark of the harness, a table of figure | value | target | met?, and
// reports/bench.json. Each figure is measured beside its baseline in the same run (these machines are
// shared and noisy: the load average at the start and the end is written with the figures).
//
//   npm run bench                      the full figures (200 logins, 10,000 accounts, 100,000 CSV rows,
//                                      and the whole gate run once)
//   npm run bench -- --quick           smaller versions, under a minute (the gate is not run: its last
//                                      report is read when there is one)
//   npm run bench -- --only otp,csv    some figures only (otp, portal, csv, gate)
//   npm run bench -- --no-gate-run     the full figures without running the whole gate
//   npm run bench -- --out FILE        write the JSON elsewhere than reports/bench.json
//
// Exit 0: every target met; 1: a target missed; 2: bad arguments or a benchmark failed.

import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { dirname, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { benchCsvInChild, csvRows } from './csv-peak.ts';
import { benchGateOverhead, gateRows } from './gate-overhead.ts';
import { benchOtp, otpRows } from './otp.ts';
import { benchPortal, portalRows } from './portal.ts';
import type { FigureRow } from './support.ts';

export const FIGURES = ['otp', 'portal', 'csv', 'gate'] as const;
export type FigureName = (typeof FIGURES)[number];

export interface BenchOptions {
  quick: boolean;
  only: FigureName[];
  gateRun: boolean;
  out: string;
}

export interface BenchReport {
  mode: 'full' | 'quick';
  startedAt: string;
  finishedAt: string;
  durationS: number;
  machine: { cores: number; node: string; platform: string; loadavgStart: number[]; loadavgEnd: number[] };
  /** What each figure was run with. */
  sizes: Record<FigureName, Record<string, number | boolean>>;
  /** The full result of each figure run (absent: not asked for). */
  figures: Partial<Record<FigureName, unknown>>;
  /** A figure that failed to run, with the reason. */
  errors: Partial<Record<FigureName, string>>;
  table: FigureRow[];
  missed: string[];
  pass: boolean;
}

const ROOT = resolve(import.meta.dirname, '../..');
export const USAGE = 'usage: npm run bench -- [--quick] [--only otp,portal,csv,gate] [--no-gate-run] [--out FILE]';

export class UsageError extends Error {}

export function parseArgs(argv: string[]): BenchOptions {
  const o: BenchOptions = { quick: false, only: [...FIGURES], gateRun: true, out: resolve(ROOT, 'reports', 'bench.json') };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const value = (name: string) => {
      const v = a.includes('=') ? a.slice(a.indexOf('=') + 1) : argv[++i];
      if (v === undefined || v === '' || v.startsWith('--')) throw new UsageError(`${name} wants a value`);
      return v;
    };
    if (a === '--quick') o.quick = true;
    else if (a === '--no-gate-run') o.gateRun = false;
    else if (a === '--only' || a.startsWith('--only=')) {
      const names = value('--only').split(',').map((s) => s.trim()).filter(Boolean);
      const bad = names.filter((n) => !(FIGURES as readonly string[]).includes(n));
      if (bad.length || !names.length) throw new UsageError(`--only: unknown figure ${bad.map((b) => `"${b}"`).join(', ') || '(none given)'}; the figures are ${FIGURES.join(', ')}`);
      o.only = names as FigureName[];
    } else if (a === '--out' || a.startsWith('--out=')) o.out = resolve(value('--out'));
    else if (a === '--help' || a === '-h') throw new UsageError('');
    else throw new UsageError(`unknown argument "${a}"`);
  }
  if (o.quick) o.gateRun = false;
  return o;
}

export function sizesFor(o: BenchOptions): BenchReport['sizes'] {
  return o.quick
    ? { otp: { logins: 20 }, portal: { accounts: 1_000, requests: 20, logins: 10 }, csv: { rows: 10_000 }, gate: { iterations: 10, runGate: false } }
    : { otp: { logins: 200 }, portal: { accounts: 10_000, requests: 200, logins: 200 }, csv: { rows: 100_000 }, gate: { iterations: 50, runGate: o.gateRun } };
}

/** Columns a text takes in a terminal: Japanese (full-width) characters take two. */
function width(text: string): number {
  let n = 0;
  for (const ch of text) n += /[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]/.test(ch) ? 2 : 1;
  return n;
}

/** The table as text: figure | value | target | met? */
export function renderTable(rows: FigureRow[]): string {
  const cells = rows.map((r) => [r.figure, r.value, r.target, r.met === null ? '' : r.met ? 'yes' : 'MISSED']);
  const head = ['figure', 'value', 'target', 'met?'];
  const w = head.map((h, i) => Math.max(h.length, ...cells.map((c) => width(c[i]))));
  const line = (c: string[]) => `| ${c.map((x, i) => x + ' '.repeat(w[i] - width(x))).join(' | ')} |`;
  return [line(head), `|${w.map((n) => '-'.repeat(n + 2)).join('|')}|`, ...cells.map(line)].join('\n') + '\n';
}

export async function runBench(o: BenchOptions, log: (s: string) => void = (s) => process.stderr.write(s)): Promise<BenchReport> {
  const started = new Date();
  const loadavgStart = loadavg();
  const sizes = sizesFor(o);
  const figures: BenchReport['figures'] = {};
  const errors: BenchReport['errors'] = {};
  const table: FigureRow[] = [];
  const s = sizes;
  const steps: Record<FigureName, () => Promise<FigureRow[]>> = {
    otp: async () => {
      const r = await benchOtp({ logins: s.otp.logins as number });
      figures.otp = r;
      return otpRows(r);
    },
    portal: async () => {
      const r = await benchPortal({ accounts: s.portal.accounts as number, requests: s.portal.requests as number, logins: s.portal.logins as number });
      figures.portal = r;
      return portalRows(r);
    },
    csv: async () => {
      const r = await benchCsvInChild(s.csv.rows as number);
      figures.csv = r;
      return csvRows(r);
    },
    // last: running the whole gate loads the machine
    gate: async () => {
      const r = await benchGateOverhead({ iterations: s.gate.iterations as number, runGate: s.gate.runGate as boolean });
      figures.gate = r;
      return gateRows(r);
    },
  };
  for (const name of FIGURES) {
    if (!o.only.includes(name)) continue;
    log(`bench: ${name}…\n`);
    const t0 = performance.now();
    try {
      table.push(...(await steps[name]()));
    } catch (e) {
      errors[name] = (e as Error).stack ?? String(e);
      table.push({ figure: `${name}: the benchmark failed`, value: (e as Error).message, target: '', met: false });
    }
    log(`bench: ${name} done in ${((performance.now() - t0) / 1000).toFixed(1)} s\n`);
  }
  const finished = new Date();
  const missed = table.filter((r) => r.met === false).map((r) => r.figure.trim());
  return {
    mode: o.quick ? 'quick' : 'full',
    startedAt: started.toISOString(),
    finishedAt: finished.toISOString(),
    durationS: (finished.getTime() - started.getTime()) / 1000,
    machine: { cores: cpus().length, node: process.version, platform: `${process.platform} ${process.arch}`, loadavgStart, loadavgEnd: loadavg() },
    sizes,
    figures,
    errors,
    table,
    missed,
    pass: missed.length === 0,
  };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  let o: BenchOptions;
  try {
    o = parseArgs(process.argv.slice(2));
  } catch (e) {
    if (!(e instanceof UsageError)) throw e;
    if (e.message) console.error(`bench: ${e.message}`);
    console.error(USAGE);
    process.exit(e.message ? 2 : 0);
  }
  const report = await runBench(o);
  mkdirSync(dirname(o.out), { recursive: true });
  writeFileSync(o.out, `${JSON.stringify(report, null, 2)}\n`);
  const la = (l: number[]) => l.map((x) => x.toFixed(2)).join(' ');
  process.stdout.write(`\n${renderTable(report.table)}\n`);
  process.stdout.write(
    `${report.mode} run, ${report.durationS.toFixed(1)} s on ${report.machine.cores} cores (load average ${la(report.machine.loadavgStart)} at the start, ${la(report.machine.loadavgEnd)} at the end); written to ${o.out}\n`,
  );
  if (Object.keys(report.errors).length) {
    process.stdout.write(`failed: ${Object.keys(report.errors).join(', ')} (see "errors" in the JSON)\n`);
    process.exitCode = 2;
  } else if (report.missed.length) {
    process.stdout.write(`targets missed: ${report.missed.join('; ')}\n`);
    process.exitCode = 1;
  } else {
    process.stdout.write('every target met\n');
  }
}
