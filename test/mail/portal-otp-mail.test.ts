// The portal's own OTP mail (server/mail/otp-mail.ts), in each charset: its ISO-2022-JP encoder checked
// against an independent decoder (the platform's TextDecoder), and the whole mail sent by the portal's
// mailer over SMTP and read back through the Mailpit API of the catcher.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Mailbox } from '../../harness/mail/mailbox.ts';
import { formatJst } from '../../server/calendar.ts';
import { OTP_FROM, OTP_SUBJECT, iso2022jpMessage, otpMailBody, smtpMailer, toIso2022jp } from '../../server/mail/otp-mail.ts';
import { withCatcher } from './support.ts';

const jisDecode = (b: Buffer) => new TextDecoder('iso-2022-jp', { fatal: true }).decode(b);

test('toIso2022jp: ASCII stays, JIS X 0208 goes between ESC $ B and ESC ( B, and the text decodes back', () => {
  assert.deepEqual([...toIso2022jp('aあb')], [0x61, 0x1b, 0x24, 0x42, 0x24, 0x22, 0x1b, 0x28, 0x42, 0x62]);
  assert.deepEqual([...toIso2022jp('abc')], [0x61, 0x62, 0x63]);
  for (const text of [OTP_SUBJECT, otpMailBody('012345', new Date('2026-06-16T09:58:00Z')), 'ワンタイムパスワード：1\r\n有効期限:2', '■、。「」（）']) {
    const bytes = toIso2022jp(text);
    assert.ok(bytes.every((b) => b < 0x80), `7-bit: ${text}`);
    assert.equal(jisDecode(bytes), text);
  }
  // each line ends in ASCII: the escape back comes before the line end
  assert.ok(toIso2022jp('あ\r\nb').includes(Buffer.from('\x1b(B\r\n', 'latin1')));
});

test('toIso2022jp: a character outside JIS X 0208 is refused by name', () => {
  assert.throws(() => toIso2022jp('ｱ'), /"ｱ" \(U\+FF71\) is not in JIS X 0208/);
  assert.throws(() => toIso2022jp('😀'), /U\+1F600/);
  assert.throws(() => toIso2022jp('é'), /U\+00E9/);
});

test('iso2022jpMessage: 7-bit source, encoded-word subject, the body of the notice after an independent decode', () => {
  const sentAt = new Date('2026-06-16T09:48:12Z');
  const raw = iso2022jpMessage({ to: 'a@mail.example.test', code: '654321', expiresAt: new Date(sentAt.getTime() + 600_000), sentAt, charset: 'iso-2022-jp' }, 'id@f.smart-pbx.jp');
  assert.ok(raw.every((b) => b < 0x80));
  const text = raw.toString('latin1');
  const [head, body] = [text.slice(0, text.indexOf('\r\n\r\n')), raw.subarray(text.indexOf('\r\n\r\n') + 4)];
  assert.match(head, /^Content-Type: text\/plain; charset=ISO-2022-JP$/m);
  assert.match(head, /^Date: Tue, 16 Jun 2026 09:48:12 \+0000$/m);
  const word = /^Subject: =\?ISO-2022-JP\?B\?([A-Za-z0-9+/=]+)\?=$/m.exec(head);
  assert.ok(word);
  assert.equal(jisDecode(Buffer.from(word[1], 'base64')), OTP_SUBJECT);
  assert.equal(jisDecode(body).replace(/\r\n/g, '\n'), otpMailBody('654321', new Date('2026-06-16T09:58:12Z')));
  assert.match(jisDecode(body), /^有効期限:2026\/06\/16 18:58\r$/m);
});

test('the portal mailer sends the OTP mail in UTF-8 and in ISO-2022-JP; both read back the same through the Mailpit API', () =>
  withCatcher({}, async (c) => {
    const mailer = smtpMailer(c.smtpUrl);
    const box = new Mailbox(c.httpUrl);
    try {
      const sentAt = new Date('2026-06-16T09:48:00Z');
      const expiresAt = new Date(sentAt.getTime() + 600_000);
      const after = new Date();
      for (const charset of ['utf-8', 'iso-2022-jp'] as const) {
        const to = Mailbox.uniqueAddress(`portal ${charset}`);
        await mailer.sendOtp({ to, code: '012345', expiresAt, sentAt, charset });
        const otp = await box.waitForOtp({ to, after, timeoutMs: 5000 });
        assert.equal(otp.code, '012345', charset);
        assert.equal(otp.expiresText, formatJst(expiresAt));
        assert.equal(otp.expiresText, '2026/06/16 18:58');
        assert.equal(otp.message.Subject, OTP_SUBJECT);
        assert.deepEqual(otp.message.From, { Name: '', Address: OTP_FROM });
        assert.deepEqual(otp.message.To, [{ Name: '', Address: to }]);
        assert.equal(new Date(otp.message.Date).toISOString(), sentAt.toISOString());
        assert.equal(otp.message.Text.replace(/\r\n/g, '\n'), otpMailBody('012345', expiresAt));
        const raw = await box.rawMessage(otp.message.ID);
        assert.match(raw, charset === 'utf-8' ? /^Content-Type: text\/plain; charset=utf-8$/im : /^Content-Type: text\/plain; charset=ISO-2022-JP$/m);
      }
    } finally {
      mailer.close();
      await box.close();
    }
  }));
