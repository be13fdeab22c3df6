// Playwright's global setup: starts the embedded portal and catcher unless PORTAL_URL names a target,
// and tells the workers (through the environment) what the target is and allows.

import type { FullConfig } from '@playwright/test';
import { startEmbedded } from './embedded.ts';
import { probeHarnessApi } from './target.ts';
import { loadAccountsFile } from './accounts-file.ts';

export default async function globalSetup(_config: FullConfig): Promise<() => Promise<void>> {
  let close = async () => {};
  if (!process.env.PORTAL_URL) {
    // Test accounts are hashed at scrypt cost 2^10 instead of the portal's 2^14 (unless SCRYPT_LOG2_N says
    // otherwise): every test creates its accounts, and the cost is the same code path, only cheaper.
    // The production default and its test (test/security/login.test.ts) stay at 2^14.
    const embedded = await startEmbedded({ harnessApi: process.env.HARNESS_API !== '0', env: { SCRYPT_LOG2_N: '10', ...process.env } });
    process.env.PORTAL_URL = embedded.portalUrl;
    process.env.MAILPIT_URL = embedded.mailpitUrl;
    process.env.SMTP_URL = embedded.smtpUrl;
    process.env.HARNESS_EMBEDDED = '1';
    close = () => embedded.close();
  } else if (!process.env.MAILPIT_URL) {
    throw new Error('PORTAL_URL is set but MAILPIT_URL is not: name the Mailpit that receives the portal\'s mail');
  }
  process.env.HARNESS_API_AVAILABLE = (await probeHarnessApi(process.env.PORTAL_URL!)) ? '1' : '0';
  // A bad accounts file stops the run here, with its problem named, rather than in every test.
  if (process.env.ACCOUNTS_FILE) {
    const f = loadAccountsFile(process.env.ACCOUNTS_FILE);
    console.log(`gate: ${f.accounts.length} prepared account(s) from ${f.path}; the target is in phase ${f.phase} (${f.phaseFrom === 'file' ? 'from the file' : "from today's date"})`);
  }
  return close;
}
