// The OTP mail (SPEC §1 "The OTP mail"), read through Mailpit's API as a terminal user receives it:
// subject, sender, recipient, every line of the body, the expiry (the customer's instant of sending +
// 10 minutes, Japan time) and the code, which then logs in. Once per charset the portal may send it in
// (ISO-2022-JP and UTF-8); the raw source shows that the two really are encoded differently.

import { test, expect } from '../../harness/fixtures.ts';
import { OTP_FROM, OTP_SUBJECT } from '../../harness/mail/otp-mail.ts';
import { instantOf } from '../../server/calendar.ts';

const EVERY_PHASE = ['@mfa', '@before', '@window', '@after'];
const LIFETIME_MS = 10 * 60_000;

/** The body of the notice, with the code and the expiry of this mail. */
const noticeBody = (code: string, expiry: string) => [
  'このメールはNTTコミュニケーションズ SmartPBX',
  'サービス から自動で送信しています。',
  '',
  'お客様のメールワンタイムパスワードをお知らせし',
  'ます。',
  '',
  `ワンタイムパスワード：${code}`,
  `有効期限:${expiry}`,
  '',
  'ログインできないなどお困りの場合は、ユーザ管理',
  '者様へお問い合わせください。',
  '',
  '■本メールは送信専用のメールアドレスで送信し',
  'ております。本メールに返信いただいてもご回答',
  'いたしかねますので、あらかじめご了承ください。',
];

/** Japan time as the mail writes it: `YYYY/MM/DD HH:mm`. */
function japanTime(instant: Date): string {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Tokyo', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' })
      .formatToParts(instant)
      .map((p) => [p.type, p.value]),
  );
  return `${parts.year}/${parts.month}/${parts.day} ${parts.hour}:${parts.minute}`;
}

/** The body lines, as a reader sees them (line ends normalised, the final line end dropped). */
const linesOf = (text: string) => text.replace(/\r\n?/g, '\n').replace(/\n+$/, '').split('\n');

/** Header and body of a raw message; the body decoded from its transfer encoding and charset, independently of Mailpit. */
function readSource(source: string): { header: string; contentType: string; subject: string; body: string } {
  const split = source.search(/\r?\n\r?\n/);
  expect(split, 'the raw message has a header and a body').toBeGreaterThan(0);
  const header = source.slice(0, split).replace(/\r?\n[ \t]+/g, ' ');
  const field = (name: string) => new RegExp(`^${name}:[ \\t]*(.*)$`, 'im').exec(header)?.[1].trim() ?? '';
  const contentType = field('Content-Type');
  const encoding = field('Content-Transfer-Encoding').toLowerCase() || '7bit';
  const charset = /charset="?([^";\s]+)"?/i.exec(contentType)?.[1] ?? 'us-ascii';
  const rawBody = source.slice(split).replace(/^\r?\n\r?\n/, '');
  const bytes = encoding === 'base64' ? Buffer.from(rawBody.replace(/\s+/g, ''), 'base64') : Buffer.from(rawBody, 'latin1');
  return { header, contentType, subject: field('Subject'), body: new TextDecoder(charset, { fatal: true }).decode(bytes) };
}

const CHARSETS = [
  { charset: 'iso-2022-jp', label: 'ISO-2022-JP' },
  { charset: 'utf-8', label: 'UTF-8' },
] as const;

for (const { charset, label } of CHARSETS) {
  test(`ワンタイムパスワードのメール（${label}）: 件名・差出人・宛先・本文のすべての行と有効期限（送信の10分後）がお知らせのとおりで、そのコードでログインできる`, { tag: EVERY_PHASE }, async ({
    phase, tenants, mailbox, loginPage, otpPage, topPage,
  }) => {
    // The customer's clock starts on the minute (in the window: the notice's own example, sent 18:48 and
    // valid until 18:58), so that the instant of sending falls in a known minute.
    const start = phase === 'window' ? new Date('2026-06-16T18:48:00+09:00') : instantOf(phase);
    const tenant = await tenants.create({ at: start, mailCharset: charset, accounts: [{ mfa: true, email: true }] });
    const user = tenant.terminal();
    const address = user.email!;

    const sentAt = new Date();
    const before = await tenant.now();
    await test.step('端末ユーザがログインIDとパスワードでログインし、ワンタイムパスワード入力画面へ進む', async () => {
      await loginPage.goto();
      await loginPage.login(user.loginId, user.password);
      await expect(otpPage.heading).toBeVisible();
      await expect(otpPage.error, 'no error such as メールを送信できませんでした').toHaveCount(0);
    });
    const mail = await test.step('メールで届いたワンタイムパスワードを読む', () => mailbox.waitForOtp(address, sentAt));
    const after = await tenant.now();
    const m = mail.message;

    await test.step(`件名「${OTP_SUBJECT}」、差出人「${OTP_FROM}」、宛先は登録したメールアドレス`, () => {
      expect(m.Subject).toBe(OTP_SUBJECT);
      expect(m.From.Address).toBe(OTP_FROM);
      expect(m.To.map((a) => a.Address)).toEqual([address]);
      expect(m.Cc).toEqual([]);
      expect(m.Bcc).toEqual([]);
    });

    await test.step('有効期限は、お客さまの時計で送信した時刻の10分後（日本時間 YYYY/MM/DD HH:mm）', () => {
      // the Date header is the customer's instant of sending (to the second)
      const sent = new Date(m.Date);
      expect(sent.getTime(), `the mail's Date ${m.Date} lies between the customer's ${before.toISOString()} and ${after.toISOString()}`).toBeGreaterThanOrEqual(before.getTime() - 1000);
      expect(sent.getTime()).toBeLessThanOrEqual(after.getTime());
      expect(mail.expiresText).toBe(japanTime(new Date(sent.getTime() + LIFETIME_MS)));
      expect([japanTime(new Date(before.getTime() + LIFETIME_MS)), japanTime(new Date(after.getTime() + LIFETIME_MS))]).toContain(mail.expiresText);
      if (phase === 'window') expect(mail.expiresText).toBe('2026/06/16 18:58');
    });

    await test.step('本文はお知らせのとおり一行ずつ同じ（「ワンタイムパスワード：」は全角、「有効期限:」は半角のコロン）', () => {
      expect(mail.code).toMatch(/^[0-9]{6}$/);
      expect(linesOf(m.Text)).toEqual(noticeBody(mail.code, mail.expiresText));
      expect(m.HTML).toBe('');
      expect(m.Attachments).toEqual([]);
    });

    await test.step(`メールのソースは ${label} で符号化され、それを解いても同じ本文`, async () => {
      const raw = await mailbox.box.rawMessage(m.ID);
      const source = readSource(raw);
      if (charset === 'iso-2022-jp') {
        expect(source.contentType).toMatch(/^text\/plain;\s*charset="?iso-2022-jp"?$/i);
        expect(source.subject).toMatch(/^=\?ISO-2022-JP\?B\?/i);
        // 7bit: JIS escape sequences, no 8-bit byte, no UTF-8 text anywhere in the source
        expect(raw).toContain('\x1b$B');
        expect(/[^\x00-\x7f]/.test(raw), 'every byte of an ISO-2022-JP message is 7-bit').toBe(false);
      } else {
        expect(source.contentType).toMatch(/^text\/plain;\s*charset="?utf-8"?$/i);
        expect(source.subject).toMatch(/^=\?UTF-8\?[BQ]\?/i);
        expect(source.header).not.toContain('\x1b');
        expect(source.body).not.toContain('\x1b');
      }
      expect(linesOf(source.body)).toEqual(noticeBody(mail.code, mail.expiresText));
    });

    await test.step('メールのワンタイムパスワードを入力してトップ画面へ', async () => {
      await otpPage.enter(mail.code);
      await topPage.expectShown();
    });
  });
}
