// npm run flake -- [--repeat-each N] [-- PLAYWRIGHT-ARGS...]
// Every scenario repeated (default 20 times, no retries) on the gate's target, then the count of test
// runs, failures and flaky tests (see harness/flake/flake.ts). Exit 0 all passed, 1 a failure, 2 harness error.

import { spawn } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { checkReachable, HarnessConfigError, preflight } from '../gate/preflight.ts';
import { exitCodeOf, formatSummary, parseFlakeArgs, playwrightArgs, summarise, UsageError, USAGE, type JsonReport } from '../flake/flake.ts';
import { ensureBrowser } from './setup.ts';

const REPORT_DIR = resolve('reports/flake');
const require = createRequire(import.meta.url);

async function main(): Promise<number> {
  let args;
  try {
    args = parseFlakeArgs(process.argv.slice(2));
  } catch (e) {
    if (!(e instanceof UsageError)) throw e;
    console.error(`flake: ${e.message}\n\n${USAGE}`);
    return 2;
  }
  if (args.help) {
    console.log(USAGE);
    return 0;
  }
  // the gate's own checks of the target and the browser
  try {
    for (const l of preflight(process.env, args.playwright)) console.log(`flake: ${l}`);
    await checkReachable(process.env);
    if (!process.env.PW_CONNECT_WS) ensureBrowser();
  } catch (e) {
    console.error(`flake: harness error: ${(e as Error).message}`);
    return 2;
  }

  mkdirSync(REPORT_DIR, { recursive: true });
  const jsonFile = resolve(REPORT_DIR, 'results.json');
  rmSync(jsonFile, { force: true });
  const pw = playwrightArgs(args, jsonFile, join(REPORT_DIR, 'test-results'));
  console.log(`flake: playwright ${pw.argv.join(' ')}`);
  const cli = join(dirname(require.resolve('playwright/package.json')), 'cli.js');
  const child = spawn(process.execPath, [cli, ...pw.argv], { stdio: 'inherit', env: { ...process.env, ...pw.env } });
  const code: number = await new Promise((done) => {
    child.on('error', (e) => {
      console.error(`flake: cannot start Playwright: ${e.message}`);
      done(2);
    });
    child.on('exit', (c, signal) => done(c ?? (signal ? 2 : 1)));
  });

  let report: JsonReport;
  try {
    report = JSON.parse(readFileSync(jsonFile, 'utf8')) as JsonReport;
  } catch (e) {
    console.error(`flake: harness error: Playwright (exit ${code}) left no readable report at ${jsonFile}: ${(e as Error).message}`);
    return 2;
  }
  const summary = summarise(report);
  process.stdout.write(formatSummary(summary, args.repeatEach));
  console.log(`flake: report ${jsonFile}; traces of failed runs in ${pw.outputDir}`);
  const verdict = exitCodeOf(summary);
  if (verdict === 2) {
    console.error('flake: no test ran (every test skipped or none selected)');
    return 2;
  }
  if (verdict === 0 && code !== 0) {
    console.error(`flake: every test run passed but Playwright exited ${code} (see its output above)`);
    return 1;
  }
  return verdict;
}

try {
  process.exitCode = await main();
} catch (e) {
  console.error(`flake: harness error: ${e instanceof HarnessConfigError ? e.message : ((e as Error).stack ?? e)}`);
  process.exitCode = 2;
}
