// The command line of `npm run repro`.

import { parseInstant } from '../../server/calendar.ts';

export interface ReproOptions {
  loginId: string;
  password: string;
  /** The customer's date to replay on (reference portal with the harness API only). */
  at: Date | null;
  /** The portal; null: the embedded reference portal with the demo customer. */
  target: string | null;
  /** Mailpit of the target (default MAILPIT_URL). */
  mailpit: string | null;
  /** The address to register when asked, and where the OTP goes when the target cannot tell. */
  email: string | null;
  headed: boolean;
  /** Where the run's folder is made (default reports/repro). */
  out: string;
}

export class ReproArgsError extends Error {}

export const REPRO_USAGE = `usage: npm run repro -- --login-id ID --password PW [--at INSTANT] [--target URL] [--mailpit URL] [--email ADDRESS] [--headed] [--out DIR]

  --login-id ID      the user's ログインID (required)
  --password PW      the user's パスワード (required)
  --at INSTANT       replay on this date of the user's customer, e.g. 2026-06-30 or 2026-06-29T09:00:00+09:00
                     (needs the reference portal's harness API; the customer's clock is put back afterwards)
  --target URL       the portal (default: start the embedded reference portal with the demo customer)
  --mailpit URL      the Mailpit that receives the target's mail (default: MAILPIT_URL; the embedded catcher without --target)
  --email ADDRESS    the address to register if メールアドレス登録 is shown (default: a fresh address of the catcher),
                     and the registered address when the target cannot tell it (no harness API)
  --headed           show the browser
  --out DIR          where the run's folder goes (default reports/repro)`;

const FLAGS = new Set(['--login-id', '--password', '--at', '--target', '--mailpit', '--email', '--out']);
const SWITCHES = new Set(['--headed']);

export function parseReproArgs(argv: readonly string[], env: Record<string, string | undefined> = process.env, defaultOut = 'reports/repro'): ReproOptions | 'help' {
  const v: Record<string, string> = {};
  let headed = false;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--help' || a === '-h') return 'help';
    const [name, inline] = a.startsWith('--') && a.includes('=') ? [a.slice(0, a.indexOf('=')), a.slice(a.indexOf('=') + 1)] : [a, undefined];
    if (SWITCHES.has(name)) {
      if (inline !== undefined) throw new ReproArgsError(`${name} takes no value`);
      headed = true;
      continue;
    }
    if (!FLAGS.has(name)) throw new ReproArgsError(`unknown argument "${a}"`);
    const value = inline ?? argv[++i];
    if (value === undefined || (inline === undefined && value.startsWith('--'))) throw new ReproArgsError(`${name} needs a value`);
    if (name in v) throw new ReproArgsError(`${name} is given twice`);
    v[name] = value;
  }
  if (!v['--login-id']) throw new ReproArgsError('--login-id is required');
  if (v['--password'] === undefined) throw new ReproArgsError('--password is required');
  let at: Date | null = null;
  if (v['--at'] !== undefined) {
    try {
      at = parseInstant(v['--at']);
    } catch (e) {
      throw new ReproArgsError(`--at: ${(e as Error).message}`);
    }
  }
  const url = (name: string, value: string | undefined) => {
    if (value === undefined) return null;
    try {
      const u = new URL(value);
      if (u.protocol !== 'http:' && u.protocol !== 'https:') throw new Error();
    } catch {
      throw new ReproArgsError(`${name} "${value}" is not an http(s) URL`);
    }
    return value.replace(/\/+$/, '');
  };
  const target = url('--target', v['--target']);
  const mailpit = url('--mailpit', v['--mailpit'] ?? (target ? env.MAILPIT_URL : undefined));
  if (target && !mailpit) throw new ReproArgsError('--target needs the Mailpit that receives its mail: --mailpit URL or MAILPIT_URL');
  if (!target && v['--mailpit']) throw new ReproArgsError('--mailpit goes with --target (without it the embedded catcher is used)');
  const email = v['--email'] ?? null;
  if (email !== null && !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email)) throw new ReproArgsError(`--email "${email}" is not an address`);
  return { loginId: v['--login-id'], password: v['--password'], at, target, mailpit, email, headed, out: v['--out'] ?? defaultOut };
}
