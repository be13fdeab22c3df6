// The accounts file of a real target (ACCOUNTS_FILE): accounts prepared on staging, per role and state,
// that scenarios leaving their accounts as they found them can use instead of creating a tenant.
//
// {
//   "phase": "after",                      // optional: the phase the target is in; default: from today's date
//   "accounts": [
//     { "kind": "terminal", "loginId": "stg-22001", "password": "…", "extension": "22001", "mfa": true,  "email": "stg-22001@mail.example" },
//     { "kind": "terminal", "loginId": "stg-22002", "password": "…", "extension": "22002", "mfa": false, "email": null },
//     { "kind": "admin",    "loginId": "stg-admin", "password": "…", "mfa": false, "email": null }
//   ]
// }
//
// "email" is the registered address (null: none) and must reach the Mailpit of MAILPIT_URL.

import { readFileSync } from 'node:fs';
import { DEFAULT_CALENDAR, parseInstant, phaseAt, PHASES, type Calendar, type Phase } from '../server/calendar.ts';

export interface PreparedAccount {
  kind: 'terminal' | 'admin';
  loginId: string;
  password: string;
  extension: string | null;
  mfa: boolean;
  email: string | null;
}

export interface AccountsFile {
  path: string;
  /** The phase the target is in now. */
  phase: Phase;
  /** Where the phase came from: the file, or today's date. */
  phaseFrom: 'file' | 'date';
  accounts: PreparedAccount[];
}

export class AccountsFileError extends Error {}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

function calendarFromEnv(env: Record<string, string | undefined>): Calendar {
  return {
    registrationOpens: env.REGISTRATION_OPENS ? parseInstant(env.REGISTRATION_OPENS) : DEFAULT_CALENDAR.registrationOpens,
    cutover: env.CUTOVER ? parseInstant(env.CUTOVER) : DEFAULT_CALENDAR.cutover,
  };
}

/** Parses the file's text; every problem is named with its place (e.g. accounts[2].password). */
export function parseAccountsFile(text: string, path: string, now: Date = new Date(), env: Record<string, string | undefined> = process.env): AccountsFile {
  const bad = (what: string) => new AccountsFileError(`ACCOUNTS_FILE=${path}: ${what}`);
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (e) {
    throw bad(`not valid JSON (${(e as Error).message})`);
  }
  if (!data || typeof data !== 'object' || Array.isArray(data)) throw bad('expected an object {"phase"?: …, "accounts": [...]}');
  const d = data as Record<string, unknown>;
  const unknownKeys = Object.keys(d).filter((k) => k !== 'phase' && k !== 'accounts' && k !== '$comment');
  if (unknownKeys.length) throw bad(`unknown field(s) ${unknownKeys.join(', ')}: expected "phase" and "accounts"`);
  if (d.phase !== undefined && !PHASES.includes(d.phase as Phase)) throw bad(`phase must be one of ${PHASES.join(', ')} (got ${JSON.stringify(d.phase)})`);
  if (!Array.isArray(d.accounts)) throw bad('"accounts" must be an array of accounts');
  if (d.accounts.length === 0) throw bad('"accounts" is empty: list at least one prepared account');
  const seen = new Set<string>();
  const accounts = d.accounts.map((v, i): PreparedAccount => {
    const at = `accounts[${i}]`;
    if (!v || typeof v !== 'object' || Array.isArray(v)) throw bad(`${at} must be an object`);
    const a = v as Record<string, unknown>;
    if (a.kind !== 'terminal' && a.kind !== 'admin') throw bad(`${at}.kind must be "terminal" or "admin" (got ${JSON.stringify(a.kind)})`);
    if (typeof a.loginId !== 'string' || !a.loginId) throw bad(`${at}.loginId is required (a string)`);
    if (seen.has(a.loginId)) throw bad(`${at}.loginId ${a.loginId} is listed twice`);
    seen.add(a.loginId);
    if (typeof a.password !== 'string' || !a.password) throw bad(`${at}.password is required (a string)`);
    if (typeof a.mfa !== 'boolean') throw bad(`${at}.mfa must be true or false`);
    if (a.email !== null && a.email !== undefined && (typeof a.email !== 'string' || !EMAIL.test(a.email))) throw bad(`${at}.email must be an address or null (got ${JSON.stringify(a.email)})`);
    if (a.extension !== undefined && a.extension !== null && (typeof a.extension !== 'string' || !/^\d{2,11}$/.test(a.extension))) throw bad(`${at}.extension must be 2–11 digits as a string`);
    return { kind: a.kind, loginId: a.loginId, password: a.password, extension: (a.extension as string | undefined) ?? null, mfa: a.mfa, email: (a.email as string | null | undefined) ?? null };
  });
  let phase: Phase;
  let phaseFrom: AccountsFile['phaseFrom'] = 'file';
  if (d.phase) phase = d.phase as Phase;
  else {
    phase = phaseAt(now, calendarFromEnv(env));
    phaseFrom = 'date';
  }
  return { path, phase, phaseFrom, accounts };
}

export function loadAccountsFile(path: string, now?: Date, env?: Record<string, string | undefined>): AccountsFile {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new AccountsFileError(`ACCOUNTS_FILE=${path}: cannot be read (${code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'a directory' : (e as Error).message})`);
  }
  return parseAccountsFile(text, path, now, env);
}

/** "terminal, MFA ON, with an address" */
export function describeWish(w: { kind: 'terminal' | 'admin'; mfa: boolean; email: boolean }): string {
  return `${w.kind === 'admin' ? 'administrator' : 'terminal user'}, MFA ${w.mfa ? 'ON' : 'OFF'}, ${w.email ? 'with an address' : 'without an address'}`;
}
