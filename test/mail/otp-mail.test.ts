// The OTP mail: parsing its body, and the whole mail (UTF-8 and ISO-2022-JP) through the catcher and
// back through Mailpit's API with Mailbox.waitForOtp.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Mailbox } from '../../harness/mail/mailbox.ts';
import { OTP_FROM, OTP_SUBJECT, parseOtpMail } from '../../harness/mail/otp-mail.ts';
import { iso2022jpMessage, sendRaw, withCatcher } from './support.ts';

/** The body exactly as the notice gives it (full-width colon after the code label, half-width after the expiry label). */
const otpBody = (code: string, expires: string) =>
  [
    'このメールはNTTコミュニケーションズ SmartPBX',
    'サービス から自動で送信しています。',
    '',
    'お客様のメールワンタイムパスワードをお知らせし',
    'ます。',
    '',
    `ワンタイムパスワード：${code}`,
    `有効期限:${expires}`,
    '',
    'ログインできないなどお困りの場合は、ユーザ管理',
    '者様へお問い合わせください。',
    '',
    '■本メールは送信専用のメールアドレスで送信し',
    'ております。本メールに返信いただいてもご回答',
    'いたしかねますので、あらかじめご了承ください。',
    '',
  ].join('\n');

const BODY = otpBody('123456', '2026/06/16 18:58');
const EXPIRES_AT = new Date('2026-06-16T09:58:00Z'); // 18:58 Japan time

test('parseOtpMail reads the code and the expiry (Japan time) of the mail as the notice gives it', () => {
  const otp = parseOtpMail(BODY);
  assert.equal(otp.code, '123456');
  assert.equal(otp.expiresText, '2026/06/16 18:58');
  assert.equal(otp.expiresAt.toISOString(), EXPIRES_AT.toISOString());
});

test('parseOtpMail accepts either colon after either label, spaces around them, and CRLF line ends', () => {
  const variants = [
    'ワンタイムパスワード：123456\n有効期限:2026/06/16 18:58',
    'ワンタイムパスワード:123456\n有効期限：2026/06/16 18:58',
    'ワンタイムパスワード ： 123456\n有効期限 : 2026/06/16 18:58',
    '  ワンタイムパスワード\u3000：\u3000123456  \r\n\u3000有効期限:\t2026/06/16  18:58 \r\n',
    `prefix\r\n${BODY.replace(/\n/g, '\r\n')}`,
  ];
  for (const v of variants) {
    const otp = parseOtpMail(v);
    assert.equal(otp.code, '123456', JSON.stringify(v));
    assert.equal(otp.expiresText, '2026/06/16 18:58', JSON.stringify(v));
    assert.equal(otp.expiresAt.getTime(), EXPIRES_AT.getTime(), JSON.stringify(v));
  }
  // midnight crossing: 2026/07/01 08:59 JST is still 30 June in UTC
  assert.equal(parseOtpMail('ワンタイムパスワード：000001\n有効期限:2026/07/01 08:59').expiresAt.toISOString(), '2026-06-30T23:59:00.000Z');
  assert.equal(parseOtpMail('ワンタイムパスワード：000001\n有効期限:2026/07/01 08:59').code, '000001', 'leading zeros are kept');
});

test('parseOtpMail names what is missing or malformed', () => {
  assert.throws(() => parseOtpMail(BODY.replace(/^ワンタイムパスワード：.*$/m, '')), (e: Error) => {
    assert.match(e.message, /no one-time password line "ワンタイムパスワード：<digits>"/);
    assert.doesNotMatch(e.message, /expiry/);
    return true;
  });
  assert.throws(() => parseOtpMail(BODY.replace(/^有効期限:.*$/m, '')), (e: Error) => {
    assert.match(e.message, /no expiry line "有効期限:YYYY\/MM\/DD HH:mm"/);
    assert.doesNotMatch(e.message, /one-time password/);
    return true;
  });
  assert.throws(() => parseOtpMail('お客様のメールワンタイムパスワードをお知らせします。'), /no one-time password line.*; no expiry line/s);
  assert.throws(() => parseOtpMail(''), /no one-time password line.*no expiry line/s);
  assert.throws(() => parseOtpMail(otpBody('', '2026/06/16 18:58')), /one-time password after "ワンタイムパスワード：" is not a number/);
  assert.throws(() => parseOtpMail(otpBody('１２３４５６', '2026/06/16 18:58')), /not a number of ASCII digits/);
  assert.throws(() => parseOtpMail(otpBody('123456', '2026/6/16 18:58')), /expiry after "有効期限:" is not "YYYY\/MM\/DD HH:mm"/);
  assert.throws(() => parseOtpMail(otpBody('123456', '2026-06-16 18:58')), /is not "YYYY\/MM\/DD HH:mm"/);
  assert.throws(() => parseOtpMail(otpBody('123456', '2026/02/30 18:58')), /"2026\/02\/30 18:58" is not a valid date and time/);
  assert.throws(() => parseOtpMail(otpBody('123456', '2026/06/16 24:00')), /not a valid date and time/);
});

test('round trip: the OTP mail in UTF-8 and in ISO-2022-JP, sent over SMTP and read back through the Mailpit API', () =>
  withCatcher({}, async (c, t) => {
    const box = new Mailbox(c.httpUrl);
    try {
      const utf8To = Mailbox.uniqueAddress('otp utf8');
      const jisTo = Mailbox.uniqueAddress('otp jis');
      const sentAt = new Date();
      await t.sendMail({ from: OTP_FROM, to: utf8To, subject: OTP_SUBJECT, text: otpBody('123456', '2026/06/16 18:58'), textEncoding: 'base64' });
      await sendRaw(t, { from: OTP_FROM, to: [jisTo] }, iso2022jpMessage({ from: OTP_FROM, to: jisTo, subject: OTP_SUBJECT, body: otpBody('654321', '2026/06/16 19:05') }));

      const utf8 = await box.waitForOtp({ to: utf8To, after: sentAt, timeoutMs: 5000 });
      assert.equal(utf8.code, '123456');
      assert.equal(utf8.expiresText, '2026/06/16 18:58');
      assert.equal(utf8.expiresAt.toISOString(), '2026-06-16T09:58:00.000Z');
      assert.equal(utf8.message.Subject, OTP_SUBJECT);
      assert.deepEqual(utf8.message.From, { Name: '', Address: OTP_FROM });
      assert.deepEqual(utf8.message.To, [{ Name: '', Address: utf8To }]);
      assert.equal(utf8.message.Text.replace(/\r\n/g, '\n').trimEnd(), otpBody('123456', '2026/06/16 18:58').trimEnd());

      const jis = await box.waitForOtp({ to: jisTo, after: sentAt, timeoutMs: 5000 });
      assert.equal(jis.code, '654321');
      assert.equal(jis.expiresText, '2026/06/16 19:05');
      assert.equal(jis.expiresAt.toISOString(), '2026-06-16T10:05:00.000Z');
      assert.equal(jis.message.Subject, OTP_SUBJECT);
      assert.deepEqual(jis.message.From, { Name: '', Address: OTP_FROM });
      assert.equal(jis.message.Text.replace(/\r\n/g, '\n').trimEnd(), otpBody('654321', '2026/06/16 19:05').trimEnd());
      const raw = await box.rawMessage(jis.message.ID);
      assert.match(raw, /^Subject: =\?ISO-2022-JP\?B\?/m, 'the source is still ISO-2022-JP');
      assert.match(raw, /^Content-Type: text\/plain; charset=ISO-2022-JP/m);
    } finally {
      await box.close();
    }
  }));

test('waitForOtp returns the newest OTP mail to the address, and ignores other subjects', () =>
  withCatcher({}, async (c, t) => {
    const box = new Mailbox(c.httpUrl);
    try {
      const to = Mailbox.uniqueAddress('otp newest');
      const sentAt = new Date();
      await t.sendMail({ from: OTP_FROM, to, subject: OTP_SUBJECT, text: otpBody('111111', '2026/06/16 18:58') });
      await t.sendMail({ from: OTP_FROM, to, subject: OTP_SUBJECT, text: otpBody('222222', '2026/06/16 18:59') });
      await t.sendMail({ from: OTP_FROM, to, subject: 'お知らせ', text: otpBody('999999', '2026/06/16 19:00') });
      const otp = await box.waitForOtp({ to, after: sentAt, timeoutMs: 5000 });
      assert.equal(otp.code, '222222');
      assert.equal(otp.expiresText, '2026/06/16 18:59');
    } finally {
      await box.close();
    }
  }));

test('waitForOtp names the mail it cannot read', () =>
  withCatcher({}, async (c, t) => {
    const box = new Mailbox(c.httpUrl);
    try {
      const to = Mailbox.uniqueAddress('otp broken');
      const sentAt = new Date();
      await t.sendMail({ from: OTP_FROM, to, subject: OTP_SUBJECT, text: 'ワンタイムパスワード：\n' });
      await assert.rejects(box.waitForOtp({ to, after: sentAt, timeoutMs: 5000 }), new RegExp(`the OTP mail \\w{22} to ${to.replace(/[.]/g, '\\.')} .*cannot be read: OTP mail: .*one-time password.*no expiry line`, 's'));
    } finally {
      await box.close();
    }
  }));
