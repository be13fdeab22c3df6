// Replays one user's login step by step, as support would watch it: ログイン → (メールアドレス登録) →
// ワンタイムパスワード入力 with the code read from the mail → トップ. Records a trace, a video, a screenshot
// per step, the mails (.eml, raw from Mailpit) and a step log in <out>/<time>/.

import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright';
import { formatJst } from '../../server/calendar.ts';
import { findChromium } from '../browser.ts';
import { startEmbedded, type Embedded } from '../embedded.ts';
import { HarnessClient, type TenantState } from '../harness-client.ts';
import { Mailbox } from '../mail/mailbox.ts';
import { maskedAddress } from '../mail/mask.ts';
import { EmailRegistrationPage } from '../pages/email-registration-page.ts';
import { LoginPage } from '../pages/login-page.ts';
import { OtpPage } from '../pages/otp-page.ts';
import { RegistrationDonePage } from '../pages/registration-done-page.ts';
import { TopPage } from '../pages/top-page.ts';
import { probeHarnessApi } from '../target.ts';
import type { ReproOptions } from './args.ts';

export interface ReproStep {
  n: number;
  name: string;
  ok: boolean;
  ms: number;
  detail: string;
  url: string;
  screenshot: string | null;
}

export interface ReproResult {
  /** 0 reached トップ; 1 the login stopped elsewhere (told why); 2 a harness error. */
  code: 0 | 1 | 2;
  outcome: string;
  dir: string;
  steps: ReproStep[];
  files: string[];
  mails: string[];
  /** Why there is no video, when there is none. */
  noVideo: string | null;
}

export class ReproError extends Error {}

type Screen = 'top' | 'registration' | 'otp' | 'login-error' | 'registration-done';

const stamp = (d: Date) => d.toISOString().replace(/[:.]/g, '-');

export async function runRepro(o: ReproOptions, print: (line: string) => void = console.log): Promise<ReproResult> {
  const started = new Date();
  const dir = path.resolve(o.out, stamp(started));
  mkdirSync(path.join(dir, 'mails'), { recursive: true });
  const steps: ReproStep[] = [];
  const files: string[] = [];
  const addresses = new Set<string>();
  let embedded: Embedded | undefined;
  let browser: Browser | undefined;
  let mailbox: Mailbox | undefined;
  let restoreClock: (() => Promise<void>) | undefined;
  let outcome = '';
  let code: 0 | 1 | 2 = 1;
  let noVideo: string | null = null;

  try {
    // The target.
    if (!o.target) {
      embedded = await startEmbedded({ harnessApi: true, env: { ...process.env, MAILPIT_URL: undefined, SMTP_URL: undefined, SEED_DEMO: '1' } });
      print(`repro: embedded reference portal ${embedded.portalUrl} (demo customer), mail catcher ${embedded.mailpitUrl}`);
    }
    const portalUrl = o.target ?? embedded!.portalUrl;
    const mailpitUrl = o.mailpit ?? embedded!.mailpitUrl;
    const harnessApi = await probeHarnessApi(portalUrl);
    const harness = harnessApi ? new HarnessClient(portalUrl) : undefined;
    mailbox = new Mailbox(mailpitUrl);

    let tenant: TenantState | undefined;
    if (harness) {
      try {
        tenant = await harness.tenantOfLogin(o.loginId);
      } catch {
        tenant = undefined; // an unknown ID is replayed as it is: the portal answers as it would
      }
    }
    if (o.at) {
      if (!harness) throw new ReproError(`--at needs the harness API (the reference portal with HARNESS_API=1); ${portalUrl} has none`);
      if (!tenant) throw new ReproError(`--at: no account "${o.loginId}" on ${portalUrl}, so no customer whose date to set`);
      const wasNow = new Date(tenant.now).getTime();
      const t0 = Date.now();
      tenant = await harness.setClock(tenant.tenantId, o.at);
      print(`repro: customer "${tenant.name}" (${tenant.tenantId}) set to ${formatJst(o.at)} JST, phase ${tenant.phase}`);
      const id = tenant.tenantId;
      restoreClock = async () => void (await harness.setClock(id, new Date(wasNow + (Date.now() - t0))));
    }
    const account = tenant?.accounts.find((a) => a.loginId === o.loginId);
    const registered = account?.email ?? o.email ?? null;

    // The browser: trace and video from the first page on.
    const found = process.env.PW_CONNECT_WS ? undefined : findChromium();
    browser = process.env.PW_CONNECT_WS
      ? await chromium.connect(process.env.PW_CONNECT_WS)
      : await chromium.launch({ executablePath: found?.executablePath, args: found?.args, headless: !o.headed });
    const contextOptions = { baseURL: portalUrl, locale: 'ja-JP', timezoneId: 'Asia/Tokyo' };
    let context = await browser.newContext({ ...contextOptions, recordVideo: { dir: path.join(dir, 'video') } });
    let page: Page;
    try {
      page = await context.newPage();
    } catch (e) {
      // Video needs Playwright's ffmpeg (`npx playwright install ffmpeg`); without it the trace's screencast stands in.
      if (!/ffmpeg/i.test((e as Error).message)) throw e;
      await context.close();
      noVideo = `no video: Playwright's ffmpeg is not installed (npx playwright install ffmpeg); the trace holds a screencast of every step`;
      print(`repro: ${noVideo}`);
      context = await browser.newContext(contextOptions);
      page = await context.newPage();
    }
    await context.tracing.start({ screenshots: true, snapshots: true, title: `repro ${o.loginId}` });
    if (tenant) await page.clock.setSystemTime(new Date((await harness!.tenant(tenant.tenantId)).now));
    const login = new LoginPage(page);
    const registration = new EmailRegistrationPage(page);
    const otp = new OtpPage(page);
    const done = new RegistrationDonePage(page);
    const top = new TopPage(page);

    const step = async (name: string, fn: () => Promise<string>): Promise<boolean> => {
      const n = steps.length + 1;
      const t0 = Date.now();
      let ok = true;
      let detail: string;
      try {
        detail = await fn();
      } catch (e) {
        ok = false;
        detail = (e as Error).message.split('\n')[0];
      }
      const shot = path.join(dir, `step-${String(n).padStart(2, '0')}.png`);
      const took = await page.screenshot({ path: shot, fullPage: true }).then(() => true, () => false);
      const s: ReproStep = { n, name, ok, ms: Date.now() - t0, detail, url: page.url(), screenshot: took ? path.basename(shot) : null };
      steps.push(s);
      print(`  ${n}. ${name} … ${ok ? 'ok' : 'FAILED'} (${s.ms} ms)${detail ? `\n     ${detail}` : ''}`);
      return ok;
    };

    const screenAfter = async (): Promise<Screen> => {
      const any = top.heading.or(registration.heading).or(otp.heading).or(login.error).or(done.message);
      await any.first().waitFor({ state: 'visible', timeout: 15_000 });
      // The result page of a registration keeps the registration heading: its message decides first.
      if (await done.message.isVisible()) return 'registration-done';
      if (await top.heading.isVisible()) return 'top';
      if (await registration.heading.isVisible()) return 'registration';
      if (await otp.heading.isVisible()) return 'otp';
      return 'login-error';
    };
    const SCREEN_NAME: Record<Screen, string> = { top: 'トップ', registration: 'メールアドレス登録', otp: 'ワンタイムパスワード入力', 'login-error': 'ログイン (message)', 'registration-done': 'メールアドレス登録結果' };

    print(`repro: ${o.loginId} on ${portalUrl}${tenant ? ` (customer ${tenant.tenantId}, ${formatJst(new Date(tenant.now))} JST, phase ${tenant.phase})` : ''}`);
    let screen: Screen | undefined;
    let otpTo: string | null = registered;
    let shownMessage = '';
    const path_: string[] = ['ログイン'];

    if (!(await step('ログイン画面を開く', async () => (await login.goto(), `${portalUrl}/login`)))) throw new ReproError('the login page did not open');
    let sentAt = new Date();
    await step('ログインIDとパスワードを入力して「ログイン」', async () => {
      await login.login(o.loginId, o.password);
      screen = await screenAfter();
      if (screen === 'login-error') shownMessage = (await login.error.first().innerText()).trim();
      return `→ ${SCREEN_NAME[screen]}${shownMessage ? `: ${shownMessage}` : ''}`;
    });

    if (screen === 'registration') {
      path_.push('メールアドレス登録');
      const address = o.email ?? Mailbox.uniqueAddress(`repro-${o.loginId}`);
      otpTo = address;
      addresses.add(address);
      sentAt = new Date();
      await step(`メールアドレス登録: ${address} を入力して「送信」`, async () => {
        await registration.register(address);
        screen = await screenAfter();
        if (screen === 'registration') shownMessage = (await registration.error.first().innerText().catch(() => '')).trim();
        return `→ ${SCREEN_NAME[screen]}${shownMessage ? `: ${shownMessage}` : ''}`;
      });
    }

    if (screen === 'otp') {
      path_.push('ワンタイムパスワード入力');
      if (!otpTo) {
        const shown = (await page.getByText(/にワンタイムパスワードを送信しました。/).first().innerText().catch(() => '')).trim();
        outcome = `stopped at ワンタイムパスワード入力 (${shown || 'the masked address was not shown'}): the registered address is unknown — give --email ADDRESS to read the code`;
        code = 1;
      } else {
        addresses.add(otpTo);
        let code6 = '';
        const mailOk = await step(`メールを受け取る (${otpTo}, 画面の表示 「${maskedAddress(otpTo)}」)`, async () => {
          const mail = await mailbox!.waitForOtp({ to: otpTo!, after: sentAt, timeoutMs: 30_000 });
          code6 = mail.code;
          return `件名 ${mail.message.Subject}, ワンタイムパスワード ${mail.code}, 有効期限 ${mail.expiresText}`;
        });
        if (mailOk) {
          await step(`ワンタイムパスワード ${code6} を入力して「送信」`, async () => {
            await otp.enter(code6);
            screen = await screenAfter();
            if (screen === 'otp') shownMessage = (await otp.error.first().innerText().catch(() => '')).trim();
            return `→ ${SCREEN_NAME[screen]}${shownMessage ? `: ${shownMessage}` : ''}`;
          });
        } else {
          outcome = `stopped at ワンタイムパスワード入力: no OTP mail reached ${otpTo} at ${mailpitUrl}`;
        }
      }
    }

    if (screen === 'registration-done') {
      path_.push('メールアドレス登録結果');
      await step('「メールアドレスを登録しました。」から「トップ画面へ」', async () => {
        await done.toTop.click();
        screen = await screenAfter();
        return `→ ${SCREEN_NAME[screen]}`;
      });
    }

    if (screen === 'top') {
      path_.push('トップ');
      outcome = `reached トップ: ${path_.join(' → ')}`;
      code = 0;
    } else if (!outcome) {
      const where = screen === 'login-error' ? 'ログイン' : screen ? SCREEN_NAME[screen] : 'an unknown screen';
      const why = shownMessage || (steps.at(-1)?.ok === false ? steps.at(-1)!.detail : '');
      outcome = `stopped at ${where}${why ? `: ${why}` : ''} (${path_.join(' → ')})`;
      code = 1;
    }

    await context.tracing.stop({ path: path.join(dir, 'trace.zip') });
    files.push('trace.zip');
    const video = page.video();
    await context.close();
    if (video) {
      renameSync(await video.path(), path.join(dir, 'video.webm'));
      files.push('video.webm');
    }
  } catch (e) {
    if (e instanceof ReproError) {
      outcome = `harness error: ${e.message}`;
      code = 2;
    } else {
      outcome = `harness error: ${(e as Error).message.split('\n')[0]}`;
      code = 2;
    }
  } finally {
    await browser?.close().catch(() => undefined);
  }

  // The mails that reached the addresses of this login since it began, as received.
  const mails: string[] = [];
  if (mailbox) {
    for (const to of addresses) {
      for (const m of await mailbox.messagesTo(to, new Date(started.getTime() - 1000)).catch(() => [])) {
        const name = `mails/${String(mails.length + 1).padStart(2, '0')}-${m.ID}.eml`;
        writeFileSync(path.join(dir, name), await mailbox.rawMessage(m.ID));
        mails.push(name);
      }
    }
    await mailbox.close();
  }
  await restoreClock?.().catch((e) => print(`repro: could not put the customer's clock back: ${(e as Error).message}`));
  await embedded?.close();

  files.push(...steps.filter((s) => s.screenshot).map((s) => s.screenshot!), ...mails);
  const log = [
    `repro ${o.loginId} — ${started.toISOString()}`,
    `target ${o.target ?? 'embedded reference portal (demo customer)'}${o.at ? `, customer's date ${o.at.toISOString()}` : ''}`,
    '',
    ...steps.map((s) => `${s.n}. ${s.name} — ${s.ok ? 'ok' : 'FAILED'} (${s.ms} ms) ${s.url}\n   ${s.detail}${s.screenshot ? `\n   screenshot ${s.screenshot}` : ''}`),
    '',
    `outcome: ${outcome}`,
    `mails: ${mails.length ? mails.join(', ') : 'none'}`,
    ...(noVideo ? [noVideo] : []),
  ].join('\n');
  writeFileSync(path.join(dir, 'steps.log'), log + '\n');
  writeFileSync(path.join(dir, 'steps.json'), JSON.stringify({ loginId: o.loginId, target: o.target, at: o.at?.toISOString() ?? null, started: started.toISOString(), outcome, code, steps, mails, video: noVideo ?? 'video.webm' }, null, 2) + '\n');
  files.unshift('steps.log', 'steps.json');
  return { code, outcome, dir, steps, files, mails, noVideo };
}

export type { Page };
