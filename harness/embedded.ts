// The embedded target: the reference portal and (unless MAILPIT_URL names a Mailpit) the mail catcher.

import { loadConfig } from '../server/config.ts';
import { startPortal, type RunningPortal } from '../server/main.ts';
import { startCatcher, type Catcher } from './mail/catcher.ts';

export interface Embedded {
  portalUrl: string;
  mailpitUrl: string;
  smtpUrl: string;
  portal: RunningPortal;
  catcher: Catcher | undefined;
  close(): Promise<void>;
}

export interface EmbeddedOptions {
  /** Mount the harness API (default true: the scenarios create their own tenants). */
  harnessApi?: boolean;
  portalPort?: number;
  env?: Record<string, string | undefined>;
}

export async function startEmbedded(opts: EmbeddedOptions = {}): Promise<Embedded> {
  const env = opts.env ?? process.env;
  if (env.MAILPIT_URL && !env.SMTP_URL) {
    throw new Error('MAILPIT_URL is set but SMTP_URL is not: give the SMTP address of the same Mailpit (e.g. smtp://127.0.0.1:1025)');
  }
  const catcher = env.MAILPIT_URL ? undefined : await startCatcher({ smtpPort: 0, httpPort: 0 });
  const mailpitUrl = catcher?.httpUrl ?? env.MAILPIT_URL!;
  const smtpUrl = catcher?.smtpUrl ?? env.SMTP_URL!;
  const config = loadConfig({
    ...env,
    SMTP_URL: smtpUrl,
    PORT: String(opts.portalPort ?? 0),
    HARNESS_API: opts.harnessApi === false ? '0' : '1',
    // Every browser of a run comes from 127.0.0.1: the per-address limit is checked by its own test.
    LOGIN_RATE_LIMIT: env.LOGIN_RATE_LIMIT ?? '100000',
  });
  const portal = await startPortal(config);
  return {
    portalUrl: portal.url,
    mailpitUrl,
    smtpUrl,
    portal,
    catcher,
    async close() {
      await portal.close();
      await catcher?.close();
    },
  };
}
