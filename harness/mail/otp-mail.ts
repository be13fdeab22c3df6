// Reading the one-time-password mail as the portal sends it (text/plain body):
//
//   ワンタイムパスワード：123456
//   有効期限:2026/06/16 18:58
//
// Either colon (full-width ： or half-width :) is accepted after either label, with optional spaces
// around it; the expiry is Japan time (UTC+9).

export const OTP_SUBJECT = 'SmartPBXワンタイムパスワード発行';
export const OTP_FROM = 'info@f.smart-pbx.jp';

export interface OtpMail {
  code: string;
  expiresAt: Date;
  /** As the mail writes it, e.g. "2026/06/16 18:58" (Japan time). */
  expiresText: string;
}

// spaces: ASCII and the full-width space (U+3000)
const SP = '[ \\t\\u3000]*';
const COLON = '[：:]';
const CODE_LINE = new RegExp(`^${SP}ワンタイムパスワード${SP}${COLON}${SP}([0-9]+)${SP}$`, 'm');
const CODE_LABEL = new RegExp(`^${SP}ワンタイムパスワード${SP}${COLON}`, 'm');
const EXPIRY_LINE = new RegExp(`^${SP}有効期限${SP}${COLON}${SP}(\\d{4})/(\\d{2})/(\\d{2})${SP}(\\d{2}):(\\d{2})${SP}$`, 'm');
const EXPIRY_LABEL = new RegExp(`^${SP}有効期限${SP}${COLON}`, 'm');

const JST_OFFSET_MS = 9 * 3600_000;

/** The code and expiry of an OTP mail body; throws an Error naming what is missing or malformed. */
export function parseOtpMail(text: string): OtpMail {
  const body = text.replace(/\r\n?/g, '\n');
  const problems: string[] = [];

  const code = CODE_LINE.exec(body)?.[1];
  if (code === undefined) {
    problems.push(
      CODE_LABEL.test(body)
        ? 'the one-time password after "ワンタイムパスワード：" is not a number of ASCII digits'
        : 'no one-time password line "ワンタイムパスワード：<digits>"',
    );
  }

  let expiresAt: Date | undefined;
  let expiresText = '';
  const e = EXPIRY_LINE.exec(body);
  if (!e) {
    problems.push(EXPIRY_LABEL.test(body) ? 'the expiry after "有効期限:" is not "YYYY/MM/DD HH:mm"' : 'no expiry line "有効期限:YYYY/MM/DD HH:mm"');
  } else {
    const [, y, mo, d, h, mi] = e;
    expiresText = `${y}/${mo}/${d} ${h}:${mi}`;
    const utc = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi));
    const back = new Date(utc);
    // the fields must be a real date and time (no 2026/02/30 or 25:00)
    if (back.getUTCFullYear() !== Number(y) || back.getUTCMonth() !== Number(mo) - 1 || back.getUTCDate() !== Number(d) || back.getUTCHours() !== Number(h) || back.getUTCMinutes() !== Number(mi)) {
      problems.push(`the expiry "${expiresText}" is not a valid date and time`);
    } else {
      expiresAt = new Date(utc - JST_OFFSET_MS);
    }
  }

  if (problems.length > 0 || code === undefined || expiresAt === undefined) {
    const excerpt = body.length > 400 ? `${body.slice(0, 400)}…` : body;
    throw new Error(`OTP mail: ${problems.join('; ')}. Body:\n${excerpt}`);
  }
  return { code, expiresAt, expiresText };
}
