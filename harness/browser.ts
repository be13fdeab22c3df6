// Finds a Chromium for Playwright: CHROMIUM_PATH, Playwright's own download, or the system's chromium.

import { existsSync } from 'node:fs';
import { chromium } from 'playwright';

export interface FoundBrowser {
  executablePath: string | undefined;
  source: 'CHROMIUM_PATH' | 'playwright' | 'system';
  /** Launch flags: the system Chromium runs as root on a closed network. */
  args: string[];
}

export const SYSTEM_CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

const SYSTEM_PATHS = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/lib/chromium/chromium', '/snap/bin/chromium'];

export class NoBrowserError extends Error {}

export function findChromium(env: Record<string, string | undefined> = process.env): FoundBrowser {
  const given = env.CHROMIUM_PATH;
  if (given) {
    if (!existsSync(given)) throw new NoBrowserError(`CHROMIUM_PATH=${given}: no such file. Point it at a Chromium executable or unset it.`);
    return { executablePath: given, source: 'CHROMIUM_PATH', args: SYSTEM_CHROMIUM_ARGS };
  }
  let own: string | undefined;
  try {
    own = chromium.executablePath();
  } catch {
    own = undefined;
  }
  if (own && existsSync(own)) return { executablePath: own, source: 'playwright', args: [] };
  const system = SYSTEM_PATHS.find((p) => existsSync(p));
  if (system) return { executablePath: system, source: 'system', args: SYSTEM_CHROMIUM_ARGS };
  throw new NoBrowserError(
    'No Chromium found. Run `npm run setup` (it tries `npx playwright install chromium`, then `apt-get install -y chromium` as root), ' +
      'or install one yourself (`sudo apt-get install -y chromium`) or set CHROMIUM_PATH to a Chromium executable.',
  );
}
