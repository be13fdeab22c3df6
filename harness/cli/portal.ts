// npm run portal: the reference portal and the mail catcher for a person to click through.
// Prints the URLs and the demo logins; Ctrl-C stops both.

import { ConfigError } from '../../server/config.ts';
import { DEMO } from '../../server/store/seed.ts';
import { startEmbedded } from '../embedded.ts';

try {
  const port = process.env.PORT ? Number(process.env.PORT) : 3000;
  const e = await startEmbedded({ harnessApi: process.env.HARNESS_API === '1', portalPort: port });
  console.log(`
Web設定変更サイト (reference portal)  ${e.portalUrl}/login
Mail (Mailpit API)                    ${e.mailpitUrl}/api/v1/messages   (SMTP ${e.smtpUrl})
Harness API                           ${process.env.HARNESS_API === '1' ? `${e.portalUrl}/__harness` : 'off (HARNESS_API=1 to mount it)'}

Demo logins (tenant "${DEMO.tenantId}", on the real date unless you move its clock through the harness API):
  ユーザ管理者  ${DEMO.admin.loginId} / ${DEMO.admin.password}
  端末ユーザ    ${DEMO.terminals.join(', ')} / ${DEMO.terminalPassword}   (MFA OFF, no address yet)

Ctrl-C to stop.`);
  const stop = async () => {
    await e.close();
    process.exit(0);
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
} catch (err) {
  console.error(err instanceof ConfigError ? `configuration error: ${err.message}` : err);
  process.exit(2);
}
