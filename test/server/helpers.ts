// Starting the portal on port 0 for integration tests, with a mailer that records instead of sending.

import type { AddressInfo } from 'node:net';
import type { Express } from 'express';
import { createApp } from '../../server/app.ts';
import { OffsetClock, systemClock } from '../../server/calendar.ts';
import { loadConfig, type Config } from '../../server/config.ts';
import type { Mailer, OtpMessage } from '../../server/mail/otp-mail.ts';
import { Store } from '../../server/store/db.ts';

export interface TestPortal {
  url: string;
  /** The Express app (the security tests read its routes). */
  app: Express;
  store: Store;
  clock: OffsetClock;
  config: Config;
  sent: OtpMessage[];
  port: number;
  close(): Promise<void>;
}

/** The portal on port 0 of `host` (default loopback). */
export async function startTestPortal(env: Record<string, string> = {}, host = '127.0.0.1'): Promise<TestPortal> {
  const config = loadConfig({ SCRYPT_LOG2_N: '10', SEED_DEMO: '0', ...env });
  const store = await Store.open(config.dataFile);
  const clock = new OffsetClock(systemClock);
  const sent: OtpMessage[] = [];
  const mailer: Mailer = { sendOtp: async (m) => void sent.push(m) };
  const { app } = createApp({ config, store, clock, mailer });
  const server = app.listen(0, host);
  await new Promise((r) => server.once('listening', r));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    app,
    store,
    clock,
    config,
    sent,
    port,
    close: () => new Promise<void>((r) => { server.closeAllConnections(); server.close(() => r()); }),
  };
}
