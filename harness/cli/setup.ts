// Makes sure the machine can run the scenarios: a Chromium, and a Japanese font so nothing renders as boxes.
// Order: CHROMIUM_PATH; Playwright's download; the system's chromium; else `playwright install chromium`,
// else (as root, with apt) `apt-get install -y chromium fonts-ipafont-gothic`; else a message saying what to do.

import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { findChromium, NoBrowserError, type FoundBrowser } from '../browser.ts';

const FONT_FILES = ['/usr/share/fonts/opentype/ipafont-gothic/ipag.ttf', '/usr/share/fonts/truetype/fonts-japanese-gothic.ttf'];

function run(cmd: string, args: string[], timeoutMs: number): boolean {
  console.log(`setup: ${cmd} ${args.join(' ')}`);
  const r = spawnSync(cmd, args, { stdio: ['ignore', 'inherit', 'inherit'], timeout: timeoutMs, env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
  return r.status === 0;
}

const isRoot = () => typeof process.getuid === 'function' && process.getuid() === 0;
const hasApt = () => existsSync('/usr/bin/apt-get');

function aptInstall(packages: string[]): boolean {
  if (!isRoot() || !hasApt()) return false;
  return run('apt-get', ['update', '-qq'], 300_000) && run('apt-get', ['install', '-y', '-qq', '--no-install-recommends', ...packages], 600_000);
}

function tryFind(): FoundBrowser | undefined {
  try {
    return findChromium();
  } catch (e) {
    if (e instanceof NoBrowserError && !process.env.CHROMIUM_PATH) return undefined;
    throw e;
  }
}

export function ensureBrowser(): FoundBrowser {
  const packages: string[] = [];
  let found = tryFind();
  if (!found) {
    run('npx', ['playwright', 'install', 'chromium'], 120_000);
    found = tryFind();
    if (!found) packages.push('chromium');
  }
  const needFont = !FONT_FILES.some((f) => existsSync(f)) && hasApt();
  if (needFont) packages.push('fonts-ipafont-gothic');
  if (packages.length) aptInstall(packages);
  found ??= tryFind();
  if (!found) {
    throw new NoBrowserError(
      'No Chromium could be found or installed.\n' +
        (isRoot() ? '' : '  - not root: run `sudo apt-get install -y chromium fonts-ipafont-gothic`\n') +
        '  - or run `npx playwright install chromium` where the network allows it\n' +
        '  - or set CHROMIUM_PATH to a Chromium executable',
    );
  }
  return found;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  try {
    const b = ensureBrowser();
    console.log(`setup: browser ${b.executablePath ?? '(playwright default)'} (${b.source})`);
  } catch (e) {
    console.error(`setup: ${(e as Error).message}`);
    process.exit(2);
  }
}
