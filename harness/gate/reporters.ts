// The reporters of a run (playwright.config.ts): the gate's own (progress, table, gate.json/gate.md), the HTML
// report, Allure results, and a blob report when the run is a shard (for `npm run gate:merge`).

import path from 'node:path';
import type { ReporterDescription } from '@playwright/test';
import type { GateMetadata } from './reporter.ts';
import { selectionFromArgv, shardFromArgv } from './selection.ts';

/** Where a run writes: reports/ (REPORTS_DIR moves it, e.g. for a second run beside the first). */
export function reportPaths(env: Record<string, string | undefined> = process.env) {
  const dir = (env.REPORTS_DIR || 'reports').replace(/\/+$/, '');
  return {
    dir,
    html: `${dir}/html`,
    allureResults: `${dir}/allure-results`,
    allureReport: `${dir}/allure-report`,
    blob: `${dir}/blob`,
    testResults: `${dir}/test-results`,
    repro: `${dir}/repro`,
  };
}

/** A shard writes its blob report in a folder of its own, so shards run one after another on one machine keep theirs. */
export function blobDir(shard: { current: number; total: number }, env: Record<string, string | undefined> = process.env): string {
  return `${reportPaths(env).blob}/shard-${shard.current}-of-${shard.total}`;
}

export function gateReporters(argv: readonly string[] = process.argv, env: Record<string, string | undefined> = process.env): ReporterDescription[] {
  const r = reportPaths(env);
  const list: ReporterDescription[] = [
    [path.join(import.meta.dirname, 'reporter.ts'), { outputDir: r.dir }],
    ['html', { outputFolder: r.html, open: 'never' }],
    ['allure-playwright', { resultsDir: r.allureResults, detail: true, suiteTitle: true }],
  ];
  let shard: { current: number; total: number } | null = null;
  try {
    shard = shardFromArgv(argv);
  } catch {
    shard = null; // Playwright itself reports a malformed --shard
  }
  if (shard) list.push(['blob', { outputDir: blobDir(shard, env) }]);
  else if (env.GATE_BLOB === '1') list.push(['blob', { outputDir: `${r.blob}/run` }]);
  return list;
}

export function gateMetadata(argv: readonly string[] = process.argv, env: Record<string, string | undefined> = process.env): GateMetadata {
  const embedded = !env.PORTAL_URL;
  return {
    selection: selectionFromArgv(argv),
    target: {
      portalUrl: env.PORTAL_URL ?? null,
      embedded,
      // The embedded portal mounts its harness API unless HARNESS_API=0; a real target is probed by the global setup.
      harnessApi: embedded ? env.HARNESS_API !== '0' : false,
      accountsFile: env.ACCOUNTS_FILE ?? null,
      mailpitUrl: env.MAILPIT_URL ?? null,
    },
  };
}
