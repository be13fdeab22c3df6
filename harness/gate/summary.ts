// The gate's judgement, as pure functions over the results of a run: a table of change items by phase,
// the verdict GO / NO-GO with its reasons, and the texts written to the terminal and to reports/gate.md.
//
// Rules (each a reason when it applies):
// - a failed test (or timed out, interrupted) → NO-GO;
// - a flaky test (passed only on a retry) → NO-GO: the behaviour is not reliably shown;
// - a skipped test without a reason → NO-GO;
// - a skipped test with a reason → allowed and listed when the target does not give full control (a real
//   target, or the reference without its harness API); NO-GO on the reference with its harness API, where
//   everything can run;
// - a change item with no test in a phase it concerns → NO-GO, unless the run was a slice (--grep,
//   --project, files, a shard…), where the cell is "not in this run" and the verdict speaks for the slice;
// - a run that ran no test, or was interrupted → NO-GO.

import { CHANGE_ITEMS, PHASES, type ChangeItem, type Phase } from './items.ts';

export type TestStatus = 'passed' | 'failed' | 'timedOut' | 'skipped' | 'interrupted';
export type Outcome = 'expected' | 'unexpected' | 'flaky' | 'skipped';

export interface GateTest {
  id: string;
  /** The title path below the file: describe blocks and the test's title. */
  title: string;
  file: string;
  line: number;
  /** The Playwright project, i.e. the phase. */
  project: string;
  tags: string[];
  /** The status of the last attempt. */
  status: TestStatus;
  outcome: Outcome;
  durationMs: number;
  retries: number;
  skipReason: string | null;
  /** The first line of the first error, when it failed. */
  error: string | null;
  /** Names of the files attached to the last attempt (trace, screenshot, mails…). */
  attachments: string[];
}

export interface GateTarget {
  /** The portal under test; null for the embedded reference portal (its port changes every run). */
  portalUrl: string | null;
  embedded: boolean;
  /** The target answers the harness API (tenants and clocks can be controlled). */
  harnessApi: boolean;
  accountsFile: string | null;
  mailpitUrl: string | null;
}

export type RunStatus = 'passed' | 'failed' | 'timedout' | 'interrupted';

export interface GateRun {
  tests: GateTest[];
  target: GateTarget;
  startedAt: string;
  durationMs: number;
  status: RunStatus;
  /** The arguments that selected part of the suite (grep, project, files, shard…); empty: the whole suite. */
  selection: string[];
  /** How many blob reports were merged into this run (0: a run of its own). */
  mergedShards: number;
  /** Errors outside the tests (global setup, a scenario file that does not load…). */
  errors: string[];
}

export interface Cell {
  phase: Phase;
  /** The item is judged in this phase. */
  concerned: boolean;
  total: number;
  passed: number;
  failed: number;
  flaky: number;
  skipped: number;
  durationMs: number;
  skipReasons: { reason: string; count: number }[];
}

export interface ItemRow {
  item: ChangeItem;
  cells: Cell[];
  /** 'not run': a slice of the suite without any test of this item. */
  verdict: Verdict | 'not run';
  reasons: string[];
}

export type Verdict = 'GO' | 'NO-GO';

export interface GateSummary {
  verdict: Verdict;
  reasons: string[];
  /** The run covered a slice of the suite: cells without tests are not judged. */
  partial: boolean;
  rows: ItemRow[];
  /** Tests without a change-item tag (counted in the totals and the verdict, not in the table). */
  untagged: GateTest[];
  totals: { total: number; passed: number; failed: number; flaky: number; skipped: number; durationMs: number };
  /** Skipped tests, grouped by reason. */
  skips: { reason: string; tests: GateTest[] }[];
  failures: GateTest[];
}

const NO_REASON = '(no reason given)';

export function fullControl(t: GateTarget): boolean {
  return t.embedded && t.harnessApi;
}

function itemOf(test: GateTest): ChangeItem | undefined {
  return CHANGE_ITEMS.find((i) => test.tags.includes(i.tag));
}

function count(tests: GateTest[]) {
  return {
    total: tests.length,
    passed: tests.filter((t) => t.outcome === 'expected').length,
    failed: tests.filter((t) => t.outcome === 'unexpected').length,
    flaky: tests.filter((t) => t.outcome === 'flaky').length,
    skipped: tests.filter((t) => t.outcome === 'skipped').length,
    durationMs: tests.reduce((s, t) => s + t.durationMs, 0),
  };
}

function groupReasons(tests: GateTest[]): { reason: string; count: number }[] {
  const m = new Map<string, number>();
  for (const t of tests) if (t.outcome === 'skipped') m.set(t.skipReason ?? NO_REASON, (m.get(t.skipReason ?? NO_REASON) ?? 0) + 1);
  return [...m].map(([reason, n]) => ({ reason, count: n }));
}

function label(item: ChangeItem): string {
  return `${item.ja} (${item.en}) ${item.tag}`;
}

/** Problems of a set of tests, as reasons; the same rules for an item and for the whole run. */
function problems(tests: GateTest[], target: GateTarget, where: string): string[] {
  const out: string[] = [];
  const c = count(tests);
  if (c.failed) out.push(`${where}: ${c.failed} failed`);
  if (c.flaky) out.push(`${where}: ${c.flaky} flaky (passed only on a retry)`);
  const noReason = tests.filter((t) => t.outcome === 'skipped' && !t.skipReason).length;
  if (noReason) out.push(`${where}: ${noReason} skipped without a reason`);
  const withReason = c.skipped - noReason;
  if (withReason && fullControl(target)) out.push(`${where}: ${withReason} skipped on the reference portal, where every scenario can run`);
  return out;
}

export function summarize(run: GateRun): GateSummary {
  const partial = run.selection.length > 0;
  const reasons: string[] = [];
  if (run.status === 'interrupted') reasons.push('the run was interrupted');
  if (run.status === 'timedout') reasons.push('the run hit its global time limit');
  if (run.tests.length === 0) reasons.push('no test ran');
  for (const e of run.errors) reasons.push(`error outside the tests: ${e}`);

  const rows: ItemRow[] = CHANGE_ITEMS.map((item) => {
    const mine = run.tests.filter((t) => itemOf(t) === item);
    const cells: Cell[] = PHASES.map((phase) => {
      const inPhase = mine.filter((t) => t.project === phase);
      return { phase, concerned: item.phases.includes(phase), ...count(inPhase), skipReasons: groupReasons(inPhase) };
    });
    const itemReasons = problems(mine, run.target, label(item));
    if (!partial) {
      for (const c of cells) if (c.concerned && c.total === 0) itemReasons.push(`${label(item)}: no tests in phase ${c.phase}`);
    }
    const verdict = itemReasons.length ? 'NO-GO' : partial && mine.length === 0 ? 'not run' : 'GO';
    return { item, cells, verdict, reasons: itemReasons };
  });
  for (const r of rows) reasons.push(...r.reasons);

  const untagged = run.tests.filter((t) => !itemOf(t));
  reasons.push(...problems(untagged, run.target, 'tests without a change-item tag'));

  const skipGroups = new Map<string, GateTest[]>();
  for (const t of run.tests.filter((x) => x.outcome === 'skipped')) {
    const k = t.skipReason ?? NO_REASON;
    skipGroups.set(k, [...(skipGroups.get(k) ?? []), t]);
  }

  return {
    verdict: reasons.length ? 'NO-GO' : 'GO',
    reasons,
    partial,
    rows,
    untagged,
    totals: count(run.tests),
    skips: [...skipGroups].map(([reason, tests]) => ({ reason, tests })),
    failures: run.tests.filter((t) => t.outcome === 'unexpected' || t.outcome === 'flaky'),
  };
}

/** The exit code of the gate: 0 GO, 1 NO-GO (2, a harness error, is decided before any test runs). */
export function exitCode(s: GateSummary): 0 | 1 {
  return s.verdict === 'GO' ? 0 : 1;
}

// ---- texts ----

export function formatDuration(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)} ms`;
  const s = ms / 1000;
  if (s < 60) return `${s.toFixed(1)} s`;
  return `${Math.floor(s / 60)} min ${Math.round(s % 60)} s`;
}

/** The words of a cell: "12 passed", "1 failed, 3 passed", "2 skipped", "no tests", "not in this run", "—". */
export function cellText(c: Cell, partial: boolean): string {
  if (c.total === 0) {
    if (!c.concerned) return '—';
    return partial ? 'not in this run' : 'NO TESTS';
  }
  const parts: string[] = [];
  if (c.failed) parts.push(`${c.failed} failed`);
  if (c.flaky) parts.push(`${c.flaky} flaky`);
  if (c.passed) parts.push(`${c.passed} passed`);
  if (c.skipped) parts.push(`${c.skipped} skipped`);
  return parts.join(', ');
}

/** Columns of a terminal: CJK and full-width characters take two. */
export function displayWidth(s: string): number {
  let w = 0;
  for (const ch of s) {
    const cp = ch.codePointAt(0)!;
    const wide =
      (cp >= 0x1100 && cp <= 0x115f) || (cp >= 0x2e80 && cp <= 0xa4cf) || (cp >= 0xac00 && cp <= 0xd7a3) ||
      (cp >= 0xf900 && cp <= 0xfaff) || (cp >= 0xfe30 && cp <= 0xfe4f) || (cp >= 0xff00 && cp <= 0xff60) || (cp >= 0xffe0 && cp <= 0xffe6);
    w += wide ? 2 : 1;
  }
  return w;
}

const pad = (s: string, w: number) => s + ' '.repeat(Math.max(0, w - displayWidth(s)));

function describeTarget(t: GateTarget): string {
  if (t.embedded) return `embedded reference portal${t.harnessApi ? ' (harness API on)' : ' (harness API off)'}`;
  return `${t.portalUrl ?? '?'}${t.harnessApi ? ' (harness API on)' : ' (no harness API)'}${t.accountsFile ? `, accounts ${t.accountsFile}` : ''}`;
}

function scopeLine(run: GateRun): string {
  const parts = [];
  if (run.mergedShards) parts.push(`merged from ${run.mergedShards} blob report${run.mergedShards > 1 ? 's' : ''}`);
  parts.push(run.selection.length ? `a slice of the suite: ${run.selection.join(' ')}` : 'the whole suite');
  return parts.join(', ');
}

/** The table and verdict for the terminal. */
export function terminalReport(run: GateRun, s: GateSummary): string {
  const head = ['change item', ...PHASES, 'item'];
  const lines = s.rows.map((r) => [`${r.item.ja} (${r.item.en})`, ...r.cells.map((c) => cellText(c, s.partial)), r.verdict]);
  const widths = head.map((h, i) => Math.max(displayWidth(h), ...lines.map((l) => displayWidth(l[i]))));
  const row = (cols: string[]) => cols.map((c, i) => pad(c, widths[i])).join('  ').trimEnd();
  const out: string[] = [];
  out.push('');
  out.push(`gate: ${describeTarget(run.target)} — ${scopeLine(run)}`);
  out.push(`      started ${run.startedAt}, took ${formatDuration(run.durationMs)}`);
  out.push('');
  out.push(row(head));
  out.push(widths.map((w) => '-'.repeat(w)).join('  '));
  for (const l of lines) out.push(row(l));
  const t = s.totals;
  out.push('');
  out.push(`tests: ${t.total} (${t.passed} passed, ${t.failed} failed, ${t.flaky} flaky, ${t.skipped} skipped), ${formatDuration(t.durationMs)} of test time`);
  if (s.untagged.length) out.push(`not in the table (no change-item tag): ${s.untagged.length} test(s)`);
  if (s.skips.length) {
    out.push('');
    out.push('skipped:');
    for (const g of s.skips) out.push(`  ${g.tests.length} × ${g.reason}`);
  }
  if (s.failures.length) {
    out.push('');
    out.push('failed:');
    for (const f of s.failures) out.push(`  [${f.project}] ${f.file}:${f.line} ${f.title}${f.outcome === 'flaky' ? ' (flaky)' : ''}${f.error ? `\n      ${f.error}` : ''}`);
  }
  out.push('');
  if (s.verdict === 'GO') {
    const notes = [s.partial ? 'for this slice of the suite' : '', t.skipped ? `${t.skipped} of ${t.total} tests skipped on this target: not verified here` : ''].filter(Boolean);
    out.push(`verdict: GO${notes.length ? ` (${notes.join('; ')})` : ''}`);
  }
  else {
    out.push('verdict: NO-GO');
    for (const r of s.reasons) out.push(`  - ${r}`);
  }
  return out.join('\n');
}

const mdEscape = (s: string) => s.replace(/\|/g, '\\|').replace(/\n/g, ' ');

/** reports/gate.md */
export function markdownReport(run: GateRun, s: GateSummary): string {
  const out: string[] = [];
  const goNotes = s.verdict === 'GO' ? [s.partial ? 'for this slice of the suite' : '', s.totals.skipped ? `${s.totals.skipped} of ${s.totals.total} tests skipped on this target: not verified here` : ''].filter(Boolean) : [];
  out.push(`# Gate: ${s.verdict}${goNotes.length ? ` (${goNotes.join('; ')})` : ''}`);
  out.push('');
  out.push(`- target: ${describeTarget(run.target)}`);
  if (run.target.mailpitUrl && !run.target.embedded) out.push(`- mail: ${run.target.mailpitUrl}`);
  out.push(`- run: ${run.startedAt}, ${formatDuration(run.durationMs)}; ${scopeLine(run)}`);
  const t = s.totals;
  out.push(`- tests: ${t.total} (${t.passed} passed, ${t.failed} failed, ${t.flaky} flaky, ${t.skipped} skipped), ${formatDuration(t.durationMs)} of test time`);
  out.push('');
  out.push(`| change item | tag | ${PHASES.join(' | ')} | item |`);
  out.push(`|---|---|${PHASES.map(() => '---').join('|')}|---|`);
  for (const r of s.rows) {
    const cells = r.cells.map((c) => `${cellText(c, s.partial)}${c.total ? ` (${formatDuration(c.durationMs)})` : ''}`);
    out.push(`| ${r.item.ja} (${r.item.en}) | \`${r.item.tag}\` | ${cells.join(' | ')} | **${r.verdict}** |`);
  }
  out.push('');
  out.push('"—": the item is not judged in that phase. Phases: before < 06-15 ≤ window < 06-29 ≤ after (Japan time).');
  if (s.verdict === 'NO-GO') {
    out.push('');
    out.push('## Why NO-GO');
    out.push('');
    for (const r of s.reasons) out.push(`- ${mdEscape(r)}`);
  }
  if (s.failures.length) {
    out.push('');
    out.push('## Failed');
    out.push('');
    for (const f of s.failures) {
      out.push(`- [${f.project}] \`${f.file}:${f.line}\` ${mdEscape(f.title)}${f.outcome === 'flaky' ? ' (flaky)' : ''}`);
      if (f.error) out.push(`  - ${mdEscape(f.error)}`);
      if (f.attachments.length) out.push(`  - attached: ${f.attachments.map(mdEscape).join(', ')}`);
    }
  }
  if (s.skips.length) {
    out.push('');
    out.push('## Skipped, by reason');
    for (const g of s.skips) {
      out.push('');
      out.push(`**${mdEscape(g.reason)}** (${g.tests.length})`);
      out.push('');
      for (const x of g.tests) out.push(`- [${x.project}] ${mdEscape(x.title)} (${x.tags.join(' ')})`);
    }
  }
  out.push('');
  out.push('## Tests');
  out.push('');
  out.push('| phase | test | tags | result | duration |');
  out.push('|---|---|---|---|---|');
  for (const x of [...run.tests].sort((a, b) => a.project.localeCompare(b.project) || a.file.localeCompare(b.file) || a.line - b.line)) {
    const res = x.outcome === 'skipped' ? `skipped: ${x.skipReason ?? NO_REASON}` : x.outcome === 'expected' ? 'passed' : x.outcome === 'flaky' ? 'flaky' : x.status;
    out.push(`| ${x.project} | ${mdEscape(x.title)} (\`${x.file}:${x.line}\`) | ${x.tags.join(' ')} | ${mdEscape(res)} | ${formatDuration(x.durationMs)} |`);
  }
  out.push('');
  return out.join('\n');
}

/** reports/gate.json */
export function jsonReport(run: GateRun, s: GateSummary) {
  return {
    verdict: s.verdict,
    reasons: s.reasons,
    partial: s.partial,
    target: run.target,
    startedAt: run.startedAt,
    durationMs: run.durationMs,
    status: run.status,
    errors: run.errors,
    selection: run.selection,
    mergedShards: run.mergedShards,
    totals: s.totals,
    items: s.rows.map((r) => ({
      tag: r.item.tag,
      ja: r.item.ja,
      en: r.item.en,
      verdict: r.verdict,
      reasons: r.reasons,
      phases: Object.fromEntries(r.cells.map((c) => [c.phase, { concerned: c.concerned, total: c.total, passed: c.passed, failed: c.failed, flaky: c.flaky, skipped: c.skipped, durationMs: c.durationMs, skipReasons: c.skipReasons }])),
    })),
    skips: s.skips.map((g) => ({ reason: g.reason, count: g.tests.length })),
    tests: run.tests,
  };
}
