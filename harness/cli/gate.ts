// npm start / npm run gate: runs every scenario in every phase it concerns against the target
// (the embedded reference portal and catcher unless PORTAL_URL names one) and ends with a verdict.
// Exit 0 GO, 1 NO-GO, 2 harness error (bad config, no browser...).

import { spawn } from 'node:child_process';
import { ensureBrowser } from './setup.ts';

async function main(): Promise<number> {
  try {
    ensureBrowser();
  } catch (e) {
    console.error(`gate: harness error: ${(e as Error).message}`);
    return 2;
  }
  const args = ['playwright', 'test', ...process.argv.slice(2)];
  const child = spawn('npx', args, { stdio: 'inherit', env: process.env });
  const code: number = await new Promise((resolve) => child.on('exit', (c) => resolve(c ?? 2)));
  console.log(code === 0 ? '\ngate: GO — every scenario passed' : `\ngate: NO-GO — playwright exited ${code}`);
  return code === 0 ? 0 : 1;
}

process.exit(await main());
