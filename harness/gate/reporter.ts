// The gate's Playwright reporter: a line per finished test while the run goes on, then the table of change
// items by phase and the verdict on the terminal, and reports/gate.json + reports/gate.md.
// Also a reporter of `playwright merge-reports` (option merged: the number of blob reports), so the merged
// shards get the same summary as one run.

import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { FullConfig, FullResult, Reporter, Suite, TestCase, TestError, TestResult } from '@playwright/test/reporter';
import { jsonReport, markdownReport, summarize, terminalReport, formatDuration, type GateRun, type GateTarget, type GateTest } from './summary.ts';
import { CHANGE_ITEMS } from './items.ts';

export interface GateReporterOptions {
  /** Where gate.json and gate.md go (default reports). */
  outputDir?: string;
  /** Set by gate:merge: how many blob reports are being merged. */
  merged?: number;
  /** false: no progress lines (the table is still printed). */
  progress?: boolean;
}

/** What the config records for the gate (config.metadata.gate); blob reports carry it to the merge. */
export interface GateMetadata {
  selection: string[];
  target: GateTarget;
}

const MARK: Record<string, string> = { passed: 'ok  ', failed: 'FAIL', timedOut: 'TIME', skipped: 'skip', interrupted: 'INT ' };

function firstLine(s: string | undefined): string | null {
  if (!s) return null;
  // eslint-disable-next-line no-control-regex
  const line = s.replace(/\x1b\[[0-9;]*m/g, '').split('\n').find((l) => l.trim()) ?? '';
  return line.trim().slice(0, 300) || null;
}

function skipReason(test: TestCase, result: TestResult | undefined): string | null {
  const all = [...(result?.annotations ?? []), ...test.annotations];
  const a = all.find((x) => (x.type === 'skip' || x.type === 'fixme') && x.description);
  return a?.description ?? null;
}

export default class GateReporter implements Reporter {
  private config!: FullConfig;
  private suite!: Suite;
  private started = new Date();
  private total = 0;
  private done = 0;
  private errors: string[] = [];
  private readonly opts: Required<GateReporterOptions>;

  constructor(opts: GateReporterOptions = {}) {
    this.opts = { outputDir: opts.outputDir ?? 'reports', merged: opts.merged ?? 0, progress: opts.progress ?? true };
  }

  printsToStdio(): boolean {
    return true;
  }

  onBegin(config: FullConfig, suite: Suite): void {
    this.config = config;
    this.suite = suite;
    this.started = new Date();
    this.total = suite.allTests().length;
    const where = this.opts.merged ? `merging ${this.opts.merged} blob report(s)` : `${config.workers} worker(s)`;
    console.log(`gate: ${this.total} test(s) in ${new Set(suite.suites.map((s) => s.title)).size} phase(s), ${where}`);
  }

  onTestEnd(test: TestCase, result: TestResult): void {
    if (!this.opts.progress) return;
    const last = result.retry >= test.retries || result.status === 'passed' || result.status === 'skipped';
    if (last) this.done++;
    const item = CHANGE_ITEMS.find((i) => test.tags.includes(i.tag))?.tag ?? '-';
    const project = test.parent.project()?.name ?? '?';
    const retry = result.retry ? ` (retry ${result.retry})` : '';
    const reason = result.status === 'skipped' ? ` — ${skipReason(test, result) ?? 'no reason given'}` : '';
    const width = String(this.total).length;
    console.log(`[${String(this.done).padStart(width)}/${this.total}] ${MARK[result.status] ?? result.status} ${project.padEnd(6)} ${item.padEnd(9)} ${test.title} (${formatDuration(result.duration)})${retry}${reason}`);
    if (result.status !== 'passed' && result.status !== 'skipped') {
      const err = firstLine(result.errors[0]?.message);
      if (err) console.log(`        ${err}`);
    }
  }

  onError(error: TestError): void {
    const msg = firstLine(error.message ?? error.value) ?? 'unknown error';
    this.errors.push(msg);
    console.error(`gate: error outside the tests: ${msg}`);
  }

  private target(): GateTarget {
    const meta = (this.config.metadata as { gate?: GateMetadata } | undefined)?.gate;
    const t: GateTarget = meta?.target ?? { portalUrl: null, embedded: true, harnessApi: true, accountsFile: null, mailpitUrl: null };
    if (this.opts.merged) return t;
    // A run of its own: the global setup has probed the target.
    const probed = process.env.HARNESS_API_AVAILABLE;
    return { ...t, harnessApi: probed === undefined ? t.harnessApi : probed === '1' };
  }

  private selection(): string[] {
    const meta = (this.config.metadata as { gate?: GateMetadata } | undefined)?.gate;
    const sel = [...(meta?.selection ?? [])];
    if (this.opts.merged) return sel.filter((s) => !s.startsWith('--shard'));
    if (this.config.shard && !sel.some((s) => s.startsWith('--shard'))) sel.push(`--shard=${this.config.shard.current}/${this.config.shard.total}`);
    return sel;
  }

  private tests(): GateTest[] {
    const root = this.config.rootDir;
    return this.suite.allTests().map((test) => {
      const result = test.results.at(-1);
      const file = path.relative(process.cwd(), path.resolve(root, test.location.file)) || test.location.file;
      const notRun = !result;
      return {
        id: test.id,
        title: test.titlePath().slice(3).join(' › '),
        file,
        line: test.location.line,
        project: test.parent.project()?.name ?? '?',
        tags: test.tags,
        status: notRun ? 'skipped' : result.status,
        outcome: notRun ? 'skipped' : test.outcome(),
        durationMs: test.results.reduce((s, r) => s + r.duration, 0),
        retries: Math.max(0, test.results.length - 1),
        skipReason: notRun ? 'not run: the run stopped before this test' : result.status === 'skipped' ? skipReason(test, result) : null,
        error: result && result.status !== 'passed' && result.status !== 'skipped' ? firstLine(result.errors[0]?.message) : null,
        attachments: (result?.attachments ?? []).map((a) => a.name),
      } satisfies GateTest;
    });
  }

  async onEnd(result: FullResult): Promise<void> {
    const run: GateRun = {
      tests: this.tests(),
      target: this.target(),
      startedAt: (result.startTime ?? this.started).toISOString(),
      durationMs: result.duration ?? Date.now() - this.started.getTime(),
      status: result.status,
      selection: this.selection(),
      mergedShards: this.opts.merged,
      errors: this.errors,
    };
    const summary = summarize(run);
    const dir = this.opts.outputDir;
    mkdirSync(dir, { recursive: true });
    writeFileSync(path.join(dir, 'gate.json'), JSON.stringify(jsonReport(run, summary), null, 2) + '\n');
    writeFileSync(path.join(dir, 'gate.md'), markdownReport(run, summary));
    console.log(terminalReport(run, summary));
    console.log(`\nreports: ${path.join(dir, 'gate.md')}, ${path.join(dir, 'gate.json')}`);
  }
}
