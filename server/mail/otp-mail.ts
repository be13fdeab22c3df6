// The OTP mail exactly as the notice shows it, and its delivery over SMTP (UTF-8 or ISO-2022-JP).

import { randomUUID } from 'node:crypto';
import iconv from 'iconv-lite';
import nodemailer from 'nodemailer';
import { formatJst } from '../calendar.ts';
import type { MailCharset } from '../config.ts';

export const OTP_SUBJECT = 'SmartPBXワンタイムパスワード発行';
export const OTP_FROM = 'info@f.smart-pbx.jp';

export function otpMailBody(code: string, expiresAt: Date): string {
  return [
    'このメールはNTTコミュニケーションズ SmartPBX',
    'サービス から自動で送信しています。',
    '',
    'お客様のメールワンタイムパスワードをお知らせし',
    'ます。',
    '',
    `ワンタイムパスワード：${code}`,
    `有効期限:${formatJst(expiresAt)}`,
    '',
    'ログインできないなどお困りの場合は、ユーザ管理',
    '者様へお問い合わせください。',
    '',
    '■本メールは送信専用のメールアドレスで送信し',
    'ております。本メールに返信いただいてもご回答',
    'いたしかねますので、あらかじめご了承ください。',
    '',
  ].join('\n');
}

export interface OtpMessage {
  to: string;
  code: string;
  expiresAt: Date;
  /** The tenant's instant of sending (the mail's Date header). */
  sentAt: Date;
  charset: MailCharset;
}

export interface Mailer {
  sendOtp(m: OtpMessage): Promise<void>;
}

/**
 * Text as ISO-2022-JP bytes (ASCII and JIS X 0208). iconv-lite has no ISO-2022-JP codec, but its EUC-JP
 * one gives the same JIS X 0208 code points: a two-byte EUC-JP character (0xA1–0xFE, 0xA1–0xFE) is the
 * character's JIS row/cell + 0x80, written in ISO-2022-JP between ESC $ B and ESC ( B. Every line ends in
 * ASCII (the escape back comes before the CR). A character outside JIS X 0208 (half-width katakana,
 * JIS X 0212, emoji…) cannot be sent: an Error names it.
 */
export function toIso2022jp(text: string): Buffer {
  const out: number[] = [];
  let jis = false;
  for (const ch of text) {
    const euc = iconv.encode(ch, 'EUC-JP');
    if (euc.length === 1 && euc[0] < 0x80 && ch.codePointAt(0)! < 0x80) {
      if (jis) out.push(0x1b, 0x28, 0x42);
      jis = false;
      out.push(euc[0]);
    } else if (euc.length === 2 && euc[0] >= 0xa1 && euc[0] <= 0xfe && euc[1] >= 0xa1 && euc[1] <= 0xfe) {
      if (!jis) out.push(0x1b, 0x24, 0x42);
      jis = true;
      out.push(euc[0] - 0x80, euc[1] - 0x80);
    } else {
      throw new Error(`"${ch}" (U+${ch.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}) is not in JIS X 0208 and cannot be sent as ISO-2022-JP`);
    }
  }
  if (jis) out.push(0x1b, 0x28, 0x42);
  return Buffer.from(out);
}

/** RFC 2047 B-encoding of an ISO-2022-JP header value. */
function jisHeader(text: string): string {
  return `=?ISO-2022-JP?B?${toIso2022jp(text).toString('base64')}?=`;
}

/** The whole message as ISO-2022-JP (7bit), as Japanese mail systems traditionally send it. */
export function iso2022jpMessage(m: OtpMessage, messageId: string): Buffer {
  const body = toIso2022jp(otpMailBody(m.code, m.expiresAt).replace(/\n/g, '\r\n'));
  const head = [
    `From: ${OTP_FROM}`,
    `To: ${m.to}`,
    `Subject: ${jisHeader(OTP_SUBJECT)}`,
    `Date: ${m.sentAt.toUTCString().replace('GMT', '+0000')}`,
    `Message-ID: <${messageId}>`,
    'MIME-Version: 1.0',
    'Content-Type: text/plain; charset=ISO-2022-JP',
    'Content-Transfer-Encoding: 7bit',
    '',
    '',
  ].join('\r\n');
  return Buffer.concat([Buffer.from(head, 'ascii'), body]);
}

export function smtpMailer(smtpUrl: string): Mailer & { close(): void } {
  const url = new URL(smtpUrl);
  const transport = nodemailer.createTransport({
    host: url.hostname,
    port: Number(url.port),
    secure: false,
    ignoreTLS: true,
    pool: true,
    maxConnections: 4,
  });
  return {
    async sendOtp(m) {
      if (m.charset === 'iso-2022-jp') {
        const id = `${randomUUID()}@f.smart-pbx.jp`;
        await transport.sendMail({ envelope: { from: OTP_FROM, to: [m.to] }, raw: iso2022jpMessage(m, id) });
      } else {
        await transport.sendMail({
          from: OTP_FROM,
          to: m.to,
          subject: OTP_SUBJECT,
          text: otpMailBody(m.code, m.expiresAt),
          textEncoding: 'base64',
          date: m.sentAt,
        });
      }
    },
    close: () => transport.close(),
  };
}
