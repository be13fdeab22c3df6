// The reference portal dressed as staging: no harness API, and a customer whose accounts are those of an
// accounts file (the same file the gate reads as ACCOUNTS_FILE), seeded into its data file before it starts.
// Used to show what the gate runs and skips against a real target.

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { loadConfig } from '../../server/config.ts';
import { Store } from '../../server/store/db.ts';
import { createTenant } from '../../server/store/seed.ts';
import { loadAccountsFile } from '../accounts-file.ts';
import { startEmbedded, type Embedded } from '../embedded.ts';

export interface StagingReference extends Embedded {
  dataFile: string;
}

export async function startStagingReference(accountsFile: string, opts: { portalPort?: number } = {}): Promise<StagingReference> {
  const file = loadAccountsFile(accountsFile);
  const dir = mkdtempSync(path.join(tmpdir(), 'staging-reference-'));
  const dataFile = path.join(dir, 'db.json');
  const env = { ...process.env, DATA_FILE: dataFile, HARNESS_API: '0', MAILPIT_URL: undefined, SMTP_URL: undefined, PORTAL_URL: undefined };
  const store = await Store.open(dataFile);
  await createTenant(
    store,
    { id: 'staging', name: 'ステージング株式会社', accounts: file.accounts.map((a) => ({ ...a, extension: a.kind === 'terminal' ? a.extension : null })) },
    loadConfig(env).scryptN,
    new Date(),
  );
  const embedded = await startEmbedded({ harnessApi: false, portalPort: opts.portalPort, env });
  return {
    ...embedded,
    dataFile,
    async close() {
      await embedded.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
