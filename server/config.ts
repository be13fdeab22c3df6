// Typed settings of the reference portal, read from the environment once, at the edge.
// A bad value stops the start with a message naming the variable and what it expects.

import { DEFAULT_CALENDAR, type Calendar, parseInstant } from './calendar.ts';

export type MailCharset = 'utf-8' | 'iso-2022-jp';

export interface Config {
  calendar: Calendar;
  /** Lifetime of a one-time password. */
  otpLifetimeMs: number;
  /** Wrong codes that end one OTP attempt. */
  otpMaxAttempts: number;
  /** New codes one may ask for (ワンタイムパスワード再送信) within otpResendWindowMs. */
  otpResendLimit: number;
  otpResendWindowMs: number;
  /** Wrong passwords in a row that lock an account. */
  lockThreshold: number;
  /** Failed logins allowed per client address within loginRateWindowMs. */
  loginRateLimit: number;
  loginRateWindowMs: number;
  /** Failed logins allowed per login ID within loginRateWindowMs (from any address). */
  loginAccountRateLimit: number;
  /** Sessions: idle and absolute timeouts. */
  sessionIdleMs: number;
  sessionAbsoluteMs: number;
  /** scrypt cost (N); 2^14 by default. */
  scryptN: number;
  host: string;
  port: number;
  /** Where the OTP mail goes: smtp://host:port */
  smtpUrl: string;
  mailCharset: MailCharset;
  /** lowdb file; empty for an in-memory store. */
  dataFile: string;
  /** Mount /__harness (test control). Only ever with HARNESS_API=1. */
  harnessApi: boolean;
  /** Seed the demo tenant when the store is empty. */
  seedDemo: boolean;
  /** Served over TLS (behind a proxy): cookies get Secure. */
  secureCookies: boolean;
  sessionSecret: string;
  /** Largest request body / upload. */
  maxBodyBytes: number;
  maxUploadBytes: number;
}

export class ConfigError extends Error {}

type Env = Record<string, string | undefined>;

function int(env: Env, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  if (!/^\d+$/.test(raw.trim())) throw new ConfigError(`${name}="${raw}": expected a whole number between ${min} and ${max}`);
  const n = Number(raw);
  if (n < min || n > max) throw new ConfigError(`${name}=${raw}: expected a whole number between ${min} and ${max}`);
  return n;
}

function flag(env: Env, name: string, fallback: boolean): boolean {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  if (['1', 'true', 'yes', 'on'].includes(raw.toLowerCase())) return true;
  if (['0', 'false', 'no', 'off'].includes(raw.toLowerCase())) return false;
  throw new ConfigError(`${name}="${raw}": expected 1 or 0`);
}

function instant(env: Env, name: string, fallback: Date): Date {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  try {
    return parseInstant(raw);
  } catch (e) {
    throw new ConfigError(`${name}: ${(e as Error).message}`);
  }
}

export function loadConfig(env: Env = process.env): Config {
  const calendar = {
    registrationOpens: instant(env, 'REGISTRATION_OPENS', DEFAULT_CALENDAR.registrationOpens),
    cutover: instant(env, 'CUTOVER', DEFAULT_CALENDAR.cutover),
  };
  if (calendar.registrationOpens.getTime() > calendar.cutover.getTime()) {
    throw new ConfigError('REGISTRATION_OPENS must not be after CUTOVER');
  }
  const smtpUrl = env.SMTP_URL || 'smtp://127.0.0.1:1025';
  if (!/^smtp:\/\/[^/:]+:\d+\/?$/.test(smtpUrl)) throw new ConfigError(`SMTP_URL="${smtpUrl}": expected smtp://host:port`);
  const charset = (env.OTP_MAIL_CHARSET || 'utf-8').toLowerCase();
  if (charset !== 'utf-8' && charset !== 'iso-2022-jp') {
    throw new ConfigError(`OTP_MAIL_CHARSET="${env.OTP_MAIL_CHARSET}": expected utf-8 or iso-2022-jp`);
  }
  return {
    calendar,
    otpLifetimeMs: int(env, 'OTP_LIFETIME_MINUTES', 10, 1, 1440) * 60_000,
    otpMaxAttempts: int(env, 'OTP_MAX_ATTEMPTS', 5, 1, 100),
    otpResendLimit: int(env, 'OTP_RESEND_LIMIT', 3, 0, 100),
    otpResendWindowMs: int(env, 'OTP_RESEND_WINDOW_MINUTES', 10, 1, 1440) * 60_000,
    lockThreshold: int(env, 'LOCK_THRESHOLD', 5, 1, 100),
    loginRateLimit: int(env, 'LOGIN_RATE_LIMIT', 30, 1, 1_000_000),
    loginRateWindowMs: int(env, 'LOGIN_RATE_WINDOW_MINUTES', 15, 1, 1440) * 60_000,
    loginAccountRateLimit: int(env, 'LOGIN_ACCOUNT_RATE_LIMIT', 10, 1, 1_000_000),
    sessionIdleMs: int(env, 'SESSION_IDLE_MINUTES', 30, 1, 1440) * 60_000,
    sessionAbsoluteMs: int(env, 'SESSION_ABSOLUTE_MINUTES', 480, 1, 10080) * 60_000,
    scryptN: 2 ** int(env, 'SCRYPT_LOG2_N', 14, 10, 20),
    host: env.HOST || '127.0.0.1',
    port: int(env, 'PORT', 3000, 0, 65535),
    smtpUrl,
    mailCharset: charset,
    dataFile: env.DATA_FILE ?? '',
    harnessApi: env.HARNESS_API === '1',
    seedDemo: flag(env, 'SEED_DEMO', true),
    secureCookies: flag(env, 'SECURE_COOKIES', false),
    sessionSecret: env.SESSION_SECRET || '',
    maxBodyBytes: int(env, 'MAX_BODY_KB', 64, 1, 10240) * 1024,
    maxUploadBytes: int(env, 'MAX_UPLOAD_MB', 10, 1, 200) * 1024 * 1024,
  };
}
