// npm run flake: the whole suite repeated (default 20 times each, no retries) on the same target as the
// gate, then a count of test runs, failures and flaky tests. A test is flaky when some of its runs pass
// and others fail; a test that fails every run is broken, not flaky. Both make the command fail.

export const DEFAULT_REPEAT = 20;
const MAX_REPEAT = 1000;

export const USAGE = `usage: npm run flake -- [--repeat-each N] [-- PLAYWRIGHT-ARGS...]

Runs every scenario N times (default ${DEFAULT_REPEAT}) with no retries, on the embedded portal unless
PORTAL_URL names a target, and prints the number of test runs, failures and flaky tests.
Exit 0 when every run passed, 1 when a run failed, 2 on a harness error (bad arguments, no browser...).

  --repeat-each N   runs of each test (1-${MAX_REPEAT})
  -h, --help        this text
  --                the rest goes to Playwright as it is: test files, --grep @csv, --project after,
                    --workers 2, --output DIR...

example: npm run flake -- --repeat-each 3 -- scenarios/mfa --project after
`;

export class UsageError extends Error {}

export interface FlakeArgs {
  repeatEach: number;
  help: boolean;
  /** Passed to \`playwright test\` as they are. */
  playwright: string[];
}

/** Options flake sets itself, which would defeat counting if given to Playwright again. */
const OWN = [
  { flag: '--repeat-each', why: 'give it before "--": npm run flake -- --repeat-each N' },
  { flag: '--retries', why: 'flake runs with --retries=0: a retry would hide the very failures it counts' },
  { flag: '--reporter', why: 'flake sets its own reporters (dot on the terminal, JSON for the count)' },
  { flag: '--last-failed', why: 'flake runs the whole selection every time' },
];

function repeatValue(v: string | undefined): number {
  if (v === undefined || v === '' || v.startsWith('-')) throw new UsageError(`--repeat-each needs a number: --repeat-each N (1-${MAX_REPEAT})`);
  if (!/^[0-9]+$/.test(v) || Number(v) < 1 || Number(v) > MAX_REPEAT) {
    throw new UsageError(`--repeat-each "${v}": expected a whole number from 1 to ${MAX_REPEAT}`);
  }
  return Number(v);
}

export function parseFlakeArgs(argv: string[]): FlakeArgs {
  const out: FlakeArgs = { repeatEach: DEFAULT_REPEAT, help: false, playwright: [] };
  let i = 0;
  for (; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--') {
      i++;
      break;
    }
    if (a === '-h' || a === '--help') out.help = true;
    else if (a === '--repeat-each') out.repeatEach = repeatValue(argv[++i]);
    else if (a.startsWith('--repeat-each=')) out.repeatEach = repeatValue(a.slice('--repeat-each='.length));
    else if (a.startsWith('-')) {
      throw new UsageError(`unknown option "${a}". flake's own options are --repeat-each N and --help; Playwright's go after "--", e.g. npm run flake -- --repeat-each 5 -- ${a}`);
    } else out.playwright.push(a); // a test file or folder
  }
  for (const a of argv.slice(i)) {
    const own = OWN.find((o) => a === o.flag || a.startsWith(`${o.flag}=`));
    if (own) throw new UsageError(`"${a}" cannot be given to Playwright here: ${own.why}`);
    out.playwright.push(a);
  }
  return out;
}

/**
 * The arguments of `playwright test`: the gate's reporters are replaced (its reports stay as they were) and
 * the traces of failed runs go to `outputDir` unless the Playwright arguments name another --output.
 */
export function playwrightArgs(args: FlakeArgs, jsonFile: string, outputDir: string): { argv: string[]; env: Record<string, string>; outputDir: string } {
  const output = args.playwright.reduce<string | undefined>((o, a, i, all) => (a === '--output' ? all[i + 1] : a.startsWith('--output=') ? a.slice('--output='.length) : o), undefined);
  return {
    argv: ['test', `--repeat-each=${args.repeatEach}`, '--retries=0', '--reporter=dot,json', ...(output ? [] : [`--output=${outputDir}`]), ...args.playwright],
    env: { PLAYWRIGHT_JSON_OUTPUT_FILE: jsonFile },
    outputDir: output ?? outputDir,
  };
}

// ---------------------------------------------------------------------------------------------
// Reading Playwright's JSON report

interface JsonError {
  message?: string;
}
interface JsonResult {
  status?: string;
  duration?: number;
  error?: JsonError;
  errors?: JsonError[];
}
interface JsonTest {
  projectName?: string;
  status?: string; // expected | unexpected | flaky | skipped
  repeatEachIndex?: number;
  results?: JsonResult[];
}
interface JsonSpec {
  title: string;
  file?: string;
  line?: number;
  tests?: JsonTest[];
}
interface JsonSuite {
  title: string;
  file?: string;
  specs?: JsonSpec[];
  suites?: JsonSuite[];
}
export interface JsonReport {
  suites?: JsonSuite[];
  errors?: JsonError[];
  stats?: { duration?: number };
}

export interface TestTally {
  /** `[project] file:line › title`. */
  name: string;
  runs: number;
  passed: number;
  failed: number;
  skipped: number;
  /** The first line of the first failure's error. */
  firstError?: string;
}

export interface FlakeSummary {
  runs: number;
  passed: number;
  failed: number;
  skipped: number;
  /** Tests that passed in some runs and failed in others. */
  flaky: TestTally[];
  /** Tests that failed in every run. */
  broken: TestTally[];
  /** Errors outside any test (global setup, a file that does not load...). */
  globalErrors: string[];
  durationMs: number;
}

const ANSI = /\u001b\[[0-9;]*m/g;
const firstLine = (e: JsonError | undefined) => (e?.message ?? '').replace(ANSI, '').split('\n').find((l) => l.trim())?.trim();

export function summarise(report: JsonReport): FlakeSummary {
  const tallies = new Map<string, TestTally>();
  const visit = (suite: JsonSuite, path: string[]) => {
    const here = suite.file && path.length === 0 ? [] : [...path, suite.title];
    for (const spec of suite.specs ?? []) {
      for (const t of spec.tests ?? []) {
        const name = `[${t.projectName ?? ''}] ${spec.file ?? suite.file ?? ''}:${spec.line ?? 0} › ${[...here.filter(Boolean), spec.title].join(' › ')}`;
        const tally = tallies.get(name) ?? { name, runs: 0, passed: 0, failed: 0, skipped: 0 };
        tallies.set(name, tally);
        tally.runs++;
        if (t.status === 'skipped') tally.skipped++;
        else if (t.status === 'expected') tally.passed++;
        else {
          // unexpected, or flaky (passed on a retry): with --retries=0 both are failed runs
          tally.failed++;
          const bad = (t.results ?? []).find((r) => r.status !== 'passed' && r.status !== 'skipped');
          tally.firstError ??= firstLine(bad?.error ?? bad?.errors?.[0]) ?? `status ${bad?.status ?? t.status}`;
        }
      }
    }
    for (const s of suite.suites ?? []) visit(s, here);
  };
  for (const s of report.suites ?? []) visit(s, []);
  const all = [...tallies.values()];
  const sum = (f: (t: TestTally) => number) => all.reduce((n, t) => n + f(t), 0);
  return {
    runs: sum((t) => t.runs),
    passed: sum((t) => t.passed),
    failed: sum((t) => t.failed),
    skipped: sum((t) => t.skipped),
    flaky: all.filter((t) => t.failed > 0 && t.passed > 0),
    broken: all.filter((t) => t.failed > 0 && t.passed === 0),
    globalErrors: (report.errors ?? []).map((e) => firstLine(e) ?? 'an error outside any test'),
    durationMs: report.stats?.duration ?? 0,
  };
}

export function formatSummary(s: FlakeSummary, repeatEach: number): string {
  const lines = [
    '',
    `flake: ${s.runs} test runs (${repeatEach} of each test), ${s.passed} passed, ${s.failed} failed, ${s.skipped} skipped, in ${(s.durationMs / 1000).toFixed(1)} s`,
    `flake: ${s.flaky.length} flaky test(s), ${s.broken.length} failing every run`,
  ];
  for (const [label, list] of [['flaky', s.flaky], ['failing every run', s.broken]] as const) {
    for (const t of list) lines.push(`  ${label}: ${t.name} — failed ${t.failed}/${t.runs - t.skipped}: ${t.firstError ?? ''}`);
  }
  for (const e of s.globalErrors) lines.push(`  error outside the tests: ${e}`);
  return `${lines.join('\n')}\n`;
}

/** 0 every run passed, 1 a run failed (or an error outside the tests), 2 nothing ran. */
export function exitCodeOf(s: FlakeSummary): number {
  if (s.failed > 0 || s.globalErrors.length > 0) return 1;
  return s.runs - s.skipped > 0 ? 0 : 2;
}
