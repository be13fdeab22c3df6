// npx tsx harness/staging/run.ts [ACCOUNTS_FILE] [-- playwright args]
// Starts the reference portal without its harness API, seeded with the accounts of the accounts file
// (default harness/staging/accounts.example.json), and runs the gate against it as against staging:
// PORTAL_URL, MAILPIT_URL and ACCOUNTS_FILE set. Exit code: the gate's.

import { spawn } from 'node:child_process';
import { startStagingReference } from './reference-staging.ts';

const argv = process.argv.slice(2);
const sep = argv.indexOf('--');
const own = sep < 0 ? argv : argv.slice(0, sep);
const pwArgs = sep < 0 ? [] : argv.slice(sep + 1);
const accountsFile = own[0] ?? 'harness/staging/accounts.example.json';

let staging;
try {
  staging = await startStagingReference(accountsFile);
} catch (e) {
  console.error(`staging reference: ${(e as Error).message}`);
  process.exit(2);
}
console.log(`staging reference: ${staging.portalUrl} (no harness API), mail ${staging.mailpitUrl}, accounts ${accountsFile}`);
const child = spawn(process.execPath, ['--import', 'tsx', 'harness/cli/gate.ts', ...pwArgs], {
  stdio: 'inherit',
  env: { ...process.env, PORTAL_URL: staging.portalUrl, MAILPIT_URL: staging.mailpitUrl, SMTP_URL: staging.smtpUrl, ACCOUNTS_FILE: accountsFile },
});
const code: number = await new Promise((resolve) => child.on('exit', (c) => resolve(c ?? 2)));
await staging.close();
process.exit(code);
