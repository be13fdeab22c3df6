// Gate overhead: what the harness costs each test (its set-up and tear-down), and the whole gate.
//
// Per test, the fixtures of harness/fixtures.ts do, against the embedded portal started as the gate
// starts it (startEmbedded, default settings): a mailbox address (Mailbox.uniqueAddress), a tenant with its
// accounts through the harness API (POST /__harness/tenants), and at the end DELETE of the tenant. These
// operations are timed here directly, with a typical tenant of the scenarios: an administrator, a terminal
// user with MFA ON and an address, a terminal user with MFA OFF. (The browser's clock being set to the
// tenant's instant is the browser's cost and is not counted; the mailbox's websocket is opened once per
// worker, not per test.)
//
// Creating a tenant hashes each account's password with scrypt. The gate's embedded portal uses
// SCRYPT_LOG2_N=10 (harness/global-setup.ts, unless SCRYPT_LOG2_N is set); the same set-up is timed again
// beside it at the portal's production cost 2^14, and one hash at each cost is timed alone.
//
// The whole gate: with `run`, `npx playwright test` as `npm start` runs it (every scenario in every phase,
// the embedded portal and catcher), its wall time and number of test runs; otherwise the last gate report
// (reports/gate.json) when there is one.
//
// Targets: set-up + tear-down p50 ≤ 50 ms per test; the whole gate ≤ 90 s (on 2 cores).
//
//   npx tsx harness/bench/gate-overhead.ts [--iterations N] [--run-gate]

import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { hashPassword } from '../../server/auth/password.ts';
import { instantOf } from '../../server/calendar.ts';
import { startEmbedded } from '../embedded.ts';
import { HarnessClient, type AccountSpec } from '../harness-client.ts';
import { Mailbox } from '../mail/mailbox.ts';
import { dist, fmtDist, type Dist, type FigureRow } from './support.ts';

export const GATE_TARGETS = { perTestP50Ms: 50, gateWallS: 90 };

const ROOT = resolve(import.meta.dirname, '../..');

export interface FixtureTimes {
  scryptLog2N: number;
  /** address + create tenant */
  setup: Dist;
  /** delete tenant */
  teardown: Dist;
  /** set-up + tear-down of one test */
  perTest: Dist;
}

export interface GateRun {
  /** 'ran': measured now; 'report': read from the last gate report; 'none': neither. */
  source: 'ran' | 'report' | 'none';
  note: string;
  wallS: number | null;
  testRuns: number | null;
  passed: number | null;
  failed: number | null;
  skipped: number | null;
  workers: number | null;
  exitCode: number | null;
  /** The tests that failed (project › file › title), as far as the report says. */
  failedTests?: string[];
}

interface PwSuite {
  title?: string;
  file?: string;
  suites?: PwSuite[];
  specs?: { title: string; file?: string; tests?: { projectName?: string; status?: string }[] }[];
}

/** The failed tests of a Playwright JSON report. */
function failedOf(suites: PwSuite[] | undefined, out: string[] = []): string[] {
  for (const s of suites ?? []) {
    for (const spec of s.specs ?? []) {
      for (const t of spec.tests ?? []) if (t.status === 'unexpected') out.push(`[${t.projectName ?? '?'}] ${spec.file ?? s.file ?? ''} › ${spec.title}`);
    }
    failedOf(s.suites, out);
  }
  return out;
}

export interface GateBenchResult {
  iterations: number;
  accountsPerTenant: number;
  /** As the gate's portal runs (SCRYPT_LOG2_N=10 unless set). */
  fixtures: FixtureTimes;
  /** Beside it: at the portal's production cost, SCRYPT_LOG2_N=14. */
  productionScrypt: FixtureTimes;
  /** One scrypt hash at each cost, ms. */
  scrypt: { defaultLog2N: number; atDefault: Dist; atCheap: Dist };
  gate: GateRun;
  cores: number;
  targets: typeof GATE_TARGETS;
  pass: boolean;
}

let counter = 0;

/** The accounts of a typical test's tenant, as the fixture makes them. */
function typicalAccounts(): AccountSpec[] {
  const prefix = `gb${(++counter).toString(36)}${Date.now().toString(36)}`;
  const pw = () => `Pw${Math.random().toString(36).slice(2, 10)}x9`;
  return [
    { kind: 'admin', loginId: `${prefix}-admin`, password: pw(), mfa: false, email: null },
    { kind: 'terminal', loginId: `${prefix}-22001`, extension: '22001', password: pw(), mfa: true, email: Mailbox.uniqueAddress(`terminal1-${prefix}`) },
    { kind: 'terminal', loginId: `${prefix}-22002`, extension: '22002', password: pw(), mfa: false, email: null },
  ];
}

async function timeFixtures(iterations: number, scryptLog2N: string | undefined): Promise<FixtureTimes> {
  const embedded = await startEmbedded({ env: { SEED_DEMO: '0', ...(scryptLog2N ? { SCRYPT_LOG2_N: scryptLog2N } : {}) } });
  try {
    const harness = new HarnessClient(embedded.portalUrl);
    const at = instantOf('after');
    const setup: number[] = [];
    const teardown: number[] = [];
    const perTest: number[] = [];
    for (let i = 0; i < iterations + 2; i++) {
      const t0 = performance.now();
      const accounts = typicalAccounts();
      const state = await harness.createTenant({ at, accounts });
      const t1 = performance.now();
      await harness.deleteTenant(state.tenantId);
      const t2 = performance.now();
      if (i < 2) continue; // warm-up
      setup.push(t1 - t0);
      teardown.push(t2 - t1);
      perTest.push(t2 - t0);
    }
    return { scryptLog2N: embedded.portal.config.scryptN.toString(2).length - 1, setup: dist(setup), teardown: dist(teardown), perTest: dist(perTest) };
  } finally {
    await embedded.close();
  }
}

async function timeScrypt(log2N: number, n: number): Promise<Dist> {
  const out: number[] = [];
  for (let i = 0; i < n + 1; i++) {
    const t0 = performance.now();
    await hashPassword(`Pw${i}bench9`, 2 ** log2N);
    if (i > 0) out.push(performance.now() - t0);
  }
  return dist(out);
}

/** Runs the whole gate as `npm start` does (Playwright with the project's config), reporting into a temporary folder. */
async function runGate(): Promise<GateRun> {
  const dir = mkdtempSync(join(tmpdir(), 'bench-gate-'));
  const reportFile = join(dir, 'report.json');
  const env: NodeJS.ProcessEnv = { ...process.env, PLAYWRIGHT_JSON_OUTPUT_NAME: reportFile };
  // the gate starts its own embedded portal and catcher
  for (const k of ['PORTAL_URL', 'MAILPIT_URL', 'SMTP_URL', 'HARNESS_EMBEDDED', 'HARNESS_API_AVAILABLE']) delete env[k];
  try {
    const t0 = performance.now();
    const child = spawn('npx', ['playwright', 'test', '--reporter=json', '--output', join(dir, 'results')], { cwd: ROOT, env, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (c: Buffer) => (stderr = (stderr + c.toString()).slice(-2000)));
    const timer = setTimeout(() => child.kill('SIGTERM'), 15 * 60_000);
    const exitCode: number = await new Promise((res) => child.on('exit', (c) => res(c ?? 2)));
    clearTimeout(timer);
    const wallS = (performance.now() - t0) / 1000;
    if (!existsSync(reportFile)) {
      return { source: 'ran', note: `playwright exited ${exitCode} without a report: ${stderr.trim().split('\n').slice(-3).join(' / ')}`, wallS, testRuns: null, passed: null, failed: null, skipped: null, workers: null, exitCode };
    }
    const report = JSON.parse(readFileSync(reportFile, 'utf8')) as { stats?: Record<string, number>; suites?: PwSuite[]; config?: { workers?: number; metadata?: { actualWorkers?: number } } };
    const s = report.stats ?? {};
    const passed = (s.expected ?? 0) + (s.flaky ?? 0);
    const failed = s.unexpected ?? 0;
    const skipped = s.skipped ?? 0;
    return {
      source: 'ran',
      note: 'npx playwright test, every phase, the embedded portal and catcher, measured now',
      wallS,
      testRuns: passed + failed + skipped,
      passed,
      failed,
      skipped,
      workers: report.config?.metadata?.actualWorkers ?? report.config?.workers ?? null,
      exitCode,
      failedTests: failedOf(report.suites),
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The last gate report (reports/gate.json), read without assuming more of its shape than needed. */
export function readGateReport(file = join(ROOT, 'reports', 'gate.json')): GateRun {
  const none = (note: string): GateRun => ({ source: 'none', note, wallS: null, testRuns: null, passed: null, failed: null, skipped: null, workers: null, exitCode: null });
  if (!existsSync(file)) return none('not run (quick mode) and no reports/gate.json from an earlier gate');
  let j: Record<string, unknown>;
  try {
    j = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
  } catch (e) {
    return none(`reports/gate.json cannot be read: ${(e as Error).message}`);
  }
  const num = (...vs: unknown[]) => {
    for (const v of vs) if (typeof v === 'number' && Number.isFinite(v)) return v;
    return null;
  };
  const o = (v: unknown) => (v && typeof v === 'object' ? (v as Record<string, unknown>) : {});
  const stats = o(j.stats);
  const totals = o(j.totals);
  const ms = num(j.durationMs, j.wallMs, stats.duration, totals.durationMs);
  const passed = num(j.passed, totals.passed, stats.expected);
  const failed = num(j.failed, totals.failed, stats.unexpected);
  const skipped = num(j.skipped, totals.skipped, stats.skipped);
  const runs = num(j.testRuns, j.tests, totals.tests, totals.total) ?? (Array.isArray(j.tests) ? j.tests.length : null) ?? (passed !== null && failed !== null ? passed + failed + (skipped ?? 0) : null);
  const when = typeof j.finishedAt === 'string' ? j.finishedAt : typeof j.startedAt === 'string' ? j.startedAt : typeof j.generatedAt === 'string' ? j.generatedAt : 'an earlier run';
  return {
    source: 'report',
    note: `read from reports/gate.json (${when}), not measured now`,
    wallS: ms === null ? null : ms / 1000,
    testRuns: runs,
    passed,
    failed,
    skipped,
    workers: num(j.workers),
    exitCode: null,
  };
}

export async function benchGateOverhead(opts: { iterations: number; runGate: boolean }): Promise<GateBenchResult> {
  const fixtures = await timeFixtures(opts.iterations, process.env.SCRYPT_LOG2_N ?? '10');
  const productionScrypt = await timeFixtures(opts.iterations, '14');
  const scrypt = { defaultLog2N: 14, atDefault: await timeScrypt(14, Math.min(opts.iterations, 20)), atCheap: await timeScrypt(10, Math.min(opts.iterations, 20)) };
  const gate = opts.runGate ? await runGate() : readGateReport();
  const gateOk = gate.wallS !== null && gate.wallS <= GATE_TARGETS.gateWallS;
  return {
    iterations: opts.iterations,
    accountsPerTenant: 3,
    fixtures,
    productionScrypt,
    scrypt,
    gate,
    cores: cpus().length,
    targets: GATE_TARGETS,
    pass: fixtures.perTest.p50 <= GATE_TARGETS.perTestP50Ms && (gate.source === 'none' || gateOk),
  };
}

export function gateRows(r: GateBenchResult): FigureRow[] {
  const t = r.targets;
  const g = r.gate;
  const gateValue =
    g.wallS === null
      ? `— (${g.note})`
      : `${g.wallS.toFixed(1)} s, ${g.testRuns ?? '?'} test runs (${g.passed ?? '?'} passed, ${g.failed ?? '?'} failed, ${g.skipped ?? '?'} skipped)${g.workers ? `, ${g.workers} worker(s)` : ''} — ${g.source === 'ran' ? 'measured now' : 'from reports/gate.json'}`;
  return [
    { figure: `Gate overhead per test: set-up + tear-down (SCRYPT_LOG2_N=${r.fixtures.scryptLog2N}, ${r.accountsPerTenant} accounts)`, value: fmtDist(r.fixtures.perTest), target: `p50 ≤ ${t.perTestP50Ms} ms`, met: r.fixtures.perTest.p50 <= t.perTestP50Ms },
    { figure: '  set-up: address + tenant with accounts', value: fmtDist(r.fixtures.setup), target: '', met: null },
    { figure: '  tear-down: delete tenant', value: fmtDist(r.fixtures.teardown), target: '', met: null },
    { figure: '  scrypt, one password hash at N=2^10', value: fmtDist(r.scrypt.atCheap), target: '', met: null },
    { figure: '  beside: the same set-up at the production cost SCRYPT_LOG2_N=14', value: fmtDist(r.productionScrypt.perTest), target: '', met: null },
    { figure: '  scrypt, one password hash at N=2^14', value: fmtDist(r.scrypt.atDefault), target: '', met: null },
    { figure: `Whole gate: wall time and test runs (${r.cores} cores)`, value: gateValue, target: `≤ ${t.gateWallS} s`, met: g.wallS === null ? null : g.wallS <= t.gateWallS },
    ...(g.failedTests ?? []).slice(0, 10).map((f) => ({ figure: '  failed in that run', value: f, target: '', met: null })),
  ];
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const argv = process.argv.slice(2);
  let iterations = 50;
  let gate = false;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--run-gate') gate = true;
    else if (a === '--iterations' || a.startsWith('--iterations=')) {
      const v = a.includes('=') ? a.slice(a.indexOf('=') + 1) : argv[++i];
      iterations = Number(v);
      if (!Number.isInteger(iterations) || iterations < 1) {
        console.error(`bench: --iterations wants a positive whole number, got "${v}"`);
        process.exit(2);
      }
    } else {
      console.error(`bench: unknown argument "${a}" (usage: npx tsx harness/bench/gate-overhead.ts [--iterations N] [--run-gate])`);
      process.exit(2);
    }
  }
  const r = await benchGateOverhead({ iterations, runGate: gate });
  for (const row of gateRows(r)) console.log(`${row.figure}: ${row.value}${row.target ? `  [${row.target}] ${row.met === null ? '—' : row.met ? 'met' : 'MISSED'}` : ''}`);
  process.exitCode = r.pass ? 0 : 1;
}
