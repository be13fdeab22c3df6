// Starts the reference portal: settings from the environment, the store, the SMTP mailer, listen.

import { pathToFileURL } from 'node:url';
import type { AddressInfo } from 'node:net';
import { systemClock, type Clock } from './calendar.ts';
import { ConfigError, loadConfig, type Config } from './config.ts';
import { createApp } from './app.ts';
import { smtpMailer } from './mail/otp-mail.ts';
import { Store } from './store/db.ts';
import { seedDemo } from './store/seed.ts';

export interface RunningPortal {
  url: string;
  config: Config;
  close(): Promise<void>;
}

export async function startPortal(config: Config, clock: Clock = systemClock): Promise<RunningPortal> {
  const store = await Store.open(config.dataFile);
  if (config.seedDemo) await seedDemo(store, config.scryptN, clock.now());
  const mailer = smtpMailer(config.smtpUrl);
  const { app } = createApp({ config, store, clock, mailer });
  const server = app.listen(config.port, config.host);
  await new Promise<void>((resolve, reject) => {
    server.once('listening', resolve);
    server.once('error', reject);
  });
  const { port } = server.address() as AddressInfo;
  const host = config.host.includes(':') ? `[${config.host}]` : config.host;
  return {
    url: `http://${host}:${port}`,
    config,
    close: () =>
      new Promise<void>((resolve) => {
        mailer.close();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  try {
    const portal = await startPortal(loadConfig());
    console.log(`portal: ${portal.url}  (harness API ${portal.config.harnessApi ? 'on' : 'off'}, mail to ${portal.config.smtpUrl})`);
  } catch (e) {
    if (e instanceof ConfigError) {
      console.error(`configuration error: ${e.message}`);
      process.exit(2);
    }
    throw e;
  }
}
