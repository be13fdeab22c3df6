// npm start / npm run gate -- [playwright args]: runs every scenario in every phase it concerns against the
// target (the embedded reference portal and catcher unless PORTAL_URL names one), shows progress, ends with
// the table of change items by phase and the verdict, writes reports/ (gate.md, gate.json, HTML, Allure).
// Exit 0 GO, 1 NO-GO, 2 harness error (bad config, no browser, a run that could not be judged).

import { spawn } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { ensureBrowser } from './setup.ts';
import { checkReachable, HarnessConfigError, preflight } from '../gate/preflight.ts';
import { reportPaths } from '../gate/reporters.ts';
import { generateAllure } from '../gate/allure.ts';

const require = createRequire(import.meta.url);

function run(cmd: string, args: string[], opts: { quiet?: boolean } = {}): Promise<{ code: number; output: string }> {
  return new Promise((resolve) => {
    const child = spawn(cmd, args, { stdio: opts.quiet ? ['ignore', 'pipe', 'pipe'] : 'inherit', env: process.env });
    let output = '';
    child.stdout?.on('data', (d) => (output += d));
    child.stderr?.on('data', (d) => (output += d));
    child.on('error', (e) => resolve({ code: 127, output: e.message }));
    child.on('exit', (c, signal) => resolve({ code: c ?? (signal ? 130 : 2), output }));
  });
}

interface GateJson {
  verdict: 'GO' | 'NO-GO';
  startedAt: string;
  errors: string[];
  totals: { total: number };
}

async function main(): Promise<number> {
  const args = process.argv.slice(2);
  try {
    for (const l of preflight(process.env, args)) console.log(`gate: ${l}`);
    await checkReachable(process.env);
    if (!process.env.PW_CONNECT_WS) {
      const b = ensureBrowser();
      console.log(`gate: browser ${b.executablePath ?? '(Playwright default)'} (${b.source})`);
    }
  } catch (e) {
    console.error(`gate: harness error: ${(e as Error).message}`);
    return 2;
  }
  if (args.some((a) => a === '--reporter' || a.startsWith('--reporter='))) {
    console.error('gate: harness error: --reporter replaces the gate\'s own reporter; run `npx playwright test --reporter=…` for that');
    return 2;
  }

  const reports = reportPaths();
  const gateJson = path.join(reports.dir, 'gate.json');
  rmSync(gateJson, { force: true });
  rmSync(reports.allureResults, { recursive: true, force: true });

  const cli = path.join(path.dirname(require.resolve('playwright/package.json')), 'cli.js');
  const pw = await run(process.execPath, [cli, 'test', ...args]);
  if (pw.code === 130) {
    console.error('gate: interrupted');
    return 2;
  }

  if (!existsSync(gateJson)) {
    console.error(`gate: harness error: Playwright exited ${pw.code} without the gate summary (${gateJson}); see its output above`);
    return 2;
  }
  const g = JSON.parse(readFileSync(gateJson, 'utf8')) as GateJson;
  if (g.errors.length && g.totals.total === 0) {
    console.error(`gate: harness error: no test ran:\n  ${g.errors.join('\n  ')}`);
    return 2;
  }

  console.log((await generateAllure(reports.allureResults, reports.allureReport)).message);
  console.log(`html:   ${reports.html}/index.html   (npx playwright show-report ${reports.html})`);
  console.log(`gate:   ${g.verdict} (exit ${g.verdict === 'GO' ? 0 : 1})`);
  return g.verdict === 'GO' ? 0 : 1;
}

try {
  process.exitCode = await main();
} catch (e) {
  console.error(`gate: harness error: ${e instanceof HarnessConfigError ? e.message : ((e as Error).stack ?? e)}`);
  process.exitCode = 2;
}
