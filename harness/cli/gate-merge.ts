// npm run gate:merge -- [DIR]: merges the blob reports of the shards (default reports/blob, searched through
// its folders) into one HTML report, one Allure report and one gate summary with the verdict of the whole.
// Exit 0 GO, 1 NO-GO, 2 harness error (no blob report, a merge that fails).

import { spawn } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { generateAllure } from '../gate/allure.ts';
import { reportPaths } from '../gate/reporters.ts';

const require = createRequire(import.meta.url);

function blobs(dir: string): string[] {
  const out: string[] = [];
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory() && e.name !== 'resources') out.push(...blobs(p));
    else if (e.isFile() && e.name.endsWith('.zip')) out.push(p);
  }
  return out;
}

async function main(): Promise<number> {
  const args = process.argv.slice(2);
  const unknown = args.filter((a) => a.startsWith('-'));
  if (unknown.length || args.length > 1) {
    console.error(`gate:merge: unexpected ${unknown.length ? `option ${unknown[0]}` : 'arguments'}\nusage: npm run gate:merge -- [DIR with the shards' blob reports, default reports/blob]`);
    return 2;
  }
  const r = reportPaths();
  const dir = args[0] ?? r.blob;
  if (!existsSync(dir) || !statSync(dir).isDirectory()) {
    console.error(`gate:merge: harness error: ${dir} is not a folder; run the shards first (npm run gate -- --shard=1/2 …)`);
    return 2;
  }
  const found = blobs(dir);
  if (!found.length) {
    console.error(`gate:merge: harness error: no blob report (*.zip) under ${dir}`);
    return 2;
  }
  // merge-reports reads one folder: gather the shards' reports there (names stay apart: report-1.zip, report-2.zip…).
  const flat = mkdtempSync(path.join(tmpdir(), 'gate-merge-'));
  for (const f of found) {
    const name = path.basename(f);
    const dest = existsSync(path.join(flat, name)) ? `${path.basename(path.dirname(f))}-${name}` : name;
    copyFileSync(f, path.join(flat, dest));
  }
  console.log(`gate:merge: ${found.length} blob report(s): ${found.map((f) => path.relative(process.cwd(), f)).join(', ')}`);

  const gateJson = path.join(r.dir, 'gate.json');
  rmSync(gateJson, { force: true });
  rmSync(r.allureResults, { recursive: true, force: true });
  const cli = path.join(path.dirname(require.resolve('playwright/package.json')), 'cli.js');
  const config = path.join(import.meta.dirname, '..', 'gate', 'merge.config.ts');
  const code = await new Promise<number>((resolve) => {
    const child = spawn(process.execPath, [cli, 'merge-reports', '--config', config, flat], {
      stdio: 'inherit',
      env: { ...process.env, GATE_MERGED_SHARDS: String(found.length) },
    });
    child.on('exit', (c) => resolve(c ?? 2));
  });
  rmSync(flat, { recursive: true, force: true });
  if (!existsSync(gateJson)) {
    console.error(`gate:merge: harness error: merge-reports exited ${code} without the gate summary`);
    return 2;
  }
  const g = JSON.parse(readFileSync(gateJson, 'utf8')) as { verdict: 'GO' | 'NO-GO' };
  console.log((await generateAllure(r.allureResults, r.allureReport)).message);
  console.log(`html:   ${r.html}/index.html`);
  console.log(`gate:   ${g.verdict} (exit ${g.verdict === 'GO' ? 0 : 1})`);
  return g.verdict === 'GO' ? 0 : 1;
}

process.exitCode = await main();
