// Allure 3 (the `allure` package, offline): results → a static report. Its failure is reported, never the verdict.

import { spawn } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

const require = createRequire(import.meta.url);

/** Runs `allure generate RESULTS -o OUT`; returns the line to print. */
export async function generateAllure(results: string, out: string): Promise<{ ok: boolean; message: string }> {
  if (!existsSync(results) || readdirSync(results).length === 0) return { ok: false, message: `allure: no results in ${results}` };
  let cli: string;
  try {
    cli = path.join(path.dirname(require.resolve('allure')), '..', 'cli.js'); // the package exports dist/index.js; its bin is cli.js
  } catch (e) {
    return { ok: false, message: `allure: the allure package is not installed (${(e as Error).message}); the verdict stands` };
  }
  const t0 = Date.now();
  const r = await new Promise<{ code: number; output: string }>((resolve) => {
    const child = spawn(process.execPath, [cli, 'generate', results, '-o', out], { stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (d) => (output += d));
    child.stderr.on('data', (d) => (output += d));
    child.on('error', (e) => resolve({ code: 127, output: e.message }));
    child.on('exit', (c) => resolve({ code: c ?? 2, output }));
  });
  if (r.code !== 0 || !existsSync(path.join(out, 'index.html'))) {
    const tail = r.output.trim().split('\n').slice(-5).join('\n');
    return { ok: false, message: `allure: generating the report failed (exit ${r.code}); the verdict stands.\n${tail}` };
  }
  return { ok: true, message: `allure: ${out}/index.html (${((Date.now() - t0) / 1000).toFixed(1)} s)` };
}
