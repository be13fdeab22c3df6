// OTP latency: from the portal handing the OTP mail to its SMTP client to the harness holding the code.
//
// The portal (createApp), the mail catcher and the harness's mailbox run in this process. The portal's
// mailer is the production SMTP mailer (server/mail/otp-mail.ts, smtpMailer) wrapped by one that notes the
// instant it is handed the mail and the instant the SMTP server accepted it; nothing else is changed.
// Each login is a real one over HTTP (GET /login, POST /login with the CSRF token) by a terminal user
// with MFA ON and an address of its own, after the cutover: the portal mails a code.
//
// For every login two readers wait for that mail, both started before the login is posted (as a
// scenario does: it submits the form, then waits), the login posted at a random point of the polling
// reader's interval:
//   - ours: the harness's Mailbox.waitForOtp, woken by the catcher's /api/events websocket;
//   - polling: mailpit-api's MailpitClient.waitForMessage({ query: 'to:<address>' }) with its defaults
//     (interval 500 ms, timeout 5 s), then reading the code from the message.
// Each reader's latency is the instant it holds the code minus the hand-off instant. The polling reader
// of one login may still be waiting while the next login runs (its latency is its own).
// The floor: a bare nodemailer send of a message of the same size to the same catcher, sendMail → the
// server's "250 accepted" (a pooled connection, as the portal's mailer uses).
//
// Targets: ours p50 ≤ 10 ms, p99 ≤ 50 ms; polling p50 / ours p50 ≥ 25.
//
//   npx tsx harness/bench/otp.ts [--logins N]

import { createServer } from 'node:http';
import { pathToFileURL } from 'node:url';
import { MailpitClient } from 'mailpit-api';
import nodemailer from 'nodemailer';
import { createApp } from '../../server/app.ts';
import { instantOf, systemClock } from '../../server/calendar.ts';
import { loadConfig } from '../../server/config.ts';
import { hashPassword } from '../../server/auth/password.ts';
import { OTP_FROM, OTP_SUBJECT, otpMailBody, smtpMailer, type Mailer } from '../../server/mail/otp-mail.ts';
import { Store } from '../../server/store/db.ts';
import { startCatcher } from '../mail/catcher.ts';
import { Mailbox } from '../mail/mailbox.ts';
import { parseOtpMail } from '../mail/otp-mail.ts';
import { bulkTenant, dist, FormClient, fmtDist, listen, type Dist, type FigureRow } from './support.ts';

export const OTP_TARGETS = { p50Ms: 10, p99Ms: 50, ratio: 25 };
/** mailpit-api's default interval of waitForMessage. */
const POLL_INTERVAL_MS = 500;

export interface OtpBenchResult {
  logins: number;
  warmup: number;
  /** Mailbox.waitForOtp (event-driven): hand-off → code held. */
  ours: Dist;
  /** mailpit-api waitForMessage, default polling: hand-off → code held. */
  polling: Dist;
  pollingIntervalMs: number;
  /** Bare nodemailer sendMail → SMTP accepted (the floor). */
  bareSmtp: Dist;
  /** The portal's own send: hand-off → SMTP accepted. */
  portalSmtp: Dist;
  /** polling p50 / ours p50. */
  ratio: number;
  /** Whether the mailbox was woken by the websocket (not its search fallback) at the end of the run. */
  eventsConnected: boolean;
  targets: typeof OTP_TARGETS;
  pass: boolean;
}

interface Handoff {
  handedAt: number;
  acceptedAt?: number;
  code: string;
}

export async function benchOtp(opts: { logins: number; warmup?: number }): Promise<OtpBenchResult> {
  const warmup = opts.warmup ?? 3;
  const total = opts.logins + warmup;
  const catcher = await startCatcher({ smtpPort: 0, httpPort: 0, maxMessages: 0 });
  const config = loadConfig({ SEED_DEMO: '0', SMTP_URL: catcher.smtpUrl, LOGIN_RATE_LIMIT: '1000000', PORT: '0' });
  const store = await Store.open('');
  const smtp = smtpMailer(catcher.smtpUrl);
  const handoffs = new Map<string, Handoff>();
  // The production mailer, with the two instants noted around it.
  const mailer: Mailer = {
    async sendOtp(m) {
      const h: Handoff = { handedAt: performance.now(), code: m.code };
      handoffs.set(m.to, h);
      await smtp.sendOtp(m);
      h.acceptedAt = performance.now();
    },
  };
  const { app } = createApp({ config, store, clock: systemClock, mailer });
  const server = await listen(createServer(app));
  const mailbox = new Mailbox(catcher.httpUrl);
  const mailpit = new MailpitClient(catcher.httpUrl);
  const url = new URL(catcher.smtpUrl);
  const bare = nodemailer.createTransport({ host: url.hostname, port: Number(url.port), secure: false, ignoreTLS: true, pool: true, maxConnections: 4 });

  try {
    const password = 'Bench2026otp';
    const tag = Date.now().toString(36);
    const users = Array.from({ length: total }, (_, i) => ({
      kind: 'terminal' as const,
      loginId: `otp-${tag}-${i}`,
      extension: String(30000 + i),
      mfa: true,
      email: Mailbox.uniqueAddress(`otp-bench-${i}`),
    }));
    await bulkTenant(store, systemClock, { at: instantOf('after'), passwordHash: await hashPassword(password, config.scryptN), accounts: users });

    const ours: number[] = [];
    const portalSmtp: number[] = [];
    const bareSmtp: number[] = [];
    const polls: Promise<number>[] = [];
    for (let i = 0; i < total; i++) {
      const u = users[i];
      const client = new FormClient(server.url);
      await client.get('/login');
      const after = new Date();
      const oursHeld = mailbox.waitForOtp({ to: u.email, after }).then((o) => ({ code: o.code, at: performance.now() }));
      const pollHeld = mailpit.waitForMessage({ query: `to:${u.email}` }).then((m) => ({ code: parseOtpMail(m.Text).code, at: performance.now() }));
      // The mail comes at a random point of the polling reader's interval (as it does when a scenario's
      // steps before the wait take varying time): otherwise its first search always just misses.
      await new Promise((r) => setTimeout(r, Math.random() * POLL_INTERVAL_MS));
      const res = await client.post('/login', { loginId: u.loginId, password });
      if (res.status !== 303 || res.location !== '/mfa/otp') throw new Error(`login of ${u.loginId} answered ${res.status} ${res.location ?? ''}: expected 303 to /mfa/otp`);
      const held = await oursHeld;
      const h = handoffs.get(u.email);
      if (!h || h.acceptedAt === undefined) throw new Error(`the portal did not hand a mail to ${u.email} to SMTP`);
      if (held.code !== h.code) throw new Error(`the mailbox read code ${held.code} for ${u.email}, the portal sent ${h.code}`);
      const counted = i >= warmup;
      const poll = pollHeld.then((p) => {
        if (p.code !== h.code) throw new Error(`waitForMessage read code ${p.code} for ${u.email}, the portal sent ${h.code}`);
        return p.at - h.handedAt;
      });
      if (counted) {
        ours.push(held.at - h.handedAt);
        portalSmtp.push(h.acceptedAt - h.handedAt);
        polls.push(poll);
      } else {
        await poll;
      }

      // The floor: the same size of message through a bare pooled nodemailer transport.
      const t0 = performance.now();
      await bare.sendMail({ from: OTP_FROM, to: Mailbox.uniqueAddress('otp-bench-floor'), subject: OTP_SUBJECT, text: otpMailBody(h.code, new Date()), textEncoding: 'base64' });
      if (counted) bareSmtp.push(performance.now() - t0);
    }
    const polling = await Promise.all(polls);
    const o = dist(ours);
    const p = dist(polling);
    const ratio = p.p50 / o.p50;
    return {
      logins: opts.logins,
      warmup,
      ours: o,
      polling: p,
      pollingIntervalMs: POLL_INTERVAL_MS,
      bareSmtp: dist(bareSmtp),
      portalSmtp: dist(portalSmtp),
      ratio,
      eventsConnected: mailbox.eventsConnected,
      targets: OTP_TARGETS,
      pass: o.p50 <= OTP_TARGETS.p50Ms && o.p99 <= OTP_TARGETS.p99Ms && ratio >= OTP_TARGETS.ratio,
    };
  } finally {
    bare.close();
    await mailbox.close();
    await server.close();
    smtp.close();
    await catcher.close();
  }
}

export function otpRows(r: OtpBenchResult): FigureRow[] {
  return [
    { figure: 'OTP latency, harness mailbox (events), p50', value: `${r.ours.p50.toFixed(1)} ms`, target: `≤ ${r.targets.p50Ms} ms`, met: r.ours.p50 <= r.targets.p50Ms },
    { figure: 'OTP latency, harness mailbox (events), p99', value: `${r.ours.p99.toFixed(1)} ms`, target: `≤ ${r.targets.p99Ms} ms`, met: r.ours.p99 <= r.targets.p99Ms },
    { figure: 'OTP latency, ratio polling / ours (p50)', value: `${r.ratio.toFixed(1)}×`, target: `≥ ${r.targets.ratio}×`, met: r.ratio >= r.targets.ratio },
    { figure: `  beside: mailpit-api waitForMessage (polls every ${r.pollingIntervalMs} ms)`, value: fmtDist(r.polling), target: '', met: null },
    { figure: '  floor: bare nodemailer send → SMTP accepted', value: fmtDist(r.bareSmtp), target: '', met: null },
    { figure: '  the portal\'s own hand-off → SMTP accepted', value: fmtDist(r.portalSmtp), target: '', met: null },
  ];
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const argv = process.argv.slice(2);
  let logins = 200;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--logins' || a.startsWith('--logins=')) {
      const v = a.includes('=') ? a.slice(a.indexOf('=') + 1) : argv[++i];
      logins = Number(v);
      if (!Number.isInteger(logins) || logins < 1) {
        console.error(`bench: --logins wants a positive whole number, got "${v}"`);
        process.exit(2);
      }
    } else {
      console.error(`bench: unknown argument "${a}" (usage: npx tsx harness/bench/otp.ts [--logins N])`);
      process.exit(2);
    }
  }
  const r = await benchOtp({ logins });
  for (const row of otpRows(r)) console.log(`${row.figure}: ${row.value}${row.target ? `  [${row.target}] ${row.met ? 'met' : 'MISSED'}` : ''}`);
  process.exitCode = r.pass ? 0 : 1;
}
