// The portal at scale: a tenant with 10,000 terminal users (and its administrator), in the reference
// portal (createApp over real HTTP on loopback, the in-memory store as the harness runs it, the OTP mail
// sent over SMTP to the mail catcher).
//
// The accounts are written straight into the store, all with one password hash computed once at the
// portal's scrypt cost (SCRYPT_LOG2_N, default 14): hashing 10,000 passwords one by one would take minutes
// and is not what is measured. Each login still verifies its password against that hash at full cost.
//
//   - アカウント管理: the administrator, logged in, asks the list (search + one rendered page) over HTTP:
//     by turns a page of the whole list, a search by 内線番号, a search by ログインID, a page of 10; the
//     time is from the request to the whole body read. Beside it, the small トップ page in the same session
//     (the HTTP and session floor).
//   - ログイン + OTP: terminal users (MFA ON, an address each, after the cutover) post the login form; the
//     time is of POST /login, which verifies the password, issues the code and hands the mail to SMTP
//     before it answers 303 → /mfa/otp. Beside it, scrypt verification of one password alone.
//
// Target: アカウント管理 p50 ≤ 50 ms.
//
//   npx tsx harness/bench/portal.ts [--accounts N] [--requests N] [--logins N]

import { createServer } from 'node:http';
import { pathToFileURL } from 'node:url';
import { createApp } from '../../server/app.ts';
import { instantOf, systemClock } from '../../server/calendar.ts';
import { loadConfig } from '../../server/config.ts';
import { hashPassword, verifyPassword } from '../../server/auth/password.ts';
import { smtpMailer } from '../../server/mail/otp-mail.ts';
import { Store } from '../../server/store/db.ts';
import { startCatcher } from '../mail/catcher.ts';
import { Mailbox } from '../mail/mailbox.ts';
import { bulkTenant, dist, FormClient, fmtDist, listen, type Dist, type FigureRow } from './support.ts';

export const PORTAL_TARGETS = { listP50Ms: 50 };

export interface PortalBenchResult {
  accounts: number;
  scryptLog2N: number;
  /** GET /accounts (search + one page), whole body. */
  list: Dist;
  /** The same by kind of request. */
  listByKind: Record<ListKind, Dist>;
  /** GET /top in the same session: the floor. */
  top: Dist;
  /** POST /login → 303 /mfa/otp (password check, code issued, mail handed to SMTP and accepted). */
  loginOtp: Dist;
  /** verifyPassword alone at the same cost. */
  scryptVerify: Dist;
  targets: typeof PORTAL_TARGETS;
  pass: boolean;
}

const rnd = (n: number) => Math.floor(Math.random() * n);

export type ListKind = 'page of the whole list' | 'search by 内線番号' | 'search by ログインID' | 'page of 10';
const KINDS: ListKind[] = ['page of the whole list', 'search by 内線番号', 'search by ログインID', 'page of 10'];

export async function benchPortal(opts: { accounts: number; requests: number; logins: number }): Promise<PortalBenchResult> {
  const catcher = await startCatcher({ smtpPort: 0, httpPort: 0 });
  const config = loadConfig({ SEED_DEMO: '0', SMTP_URL: catcher.smtpUrl, LOGIN_RATE_LIMIT: '1000000', PORT: '0' });
  const store = await Store.open('');
  const mailer = smtpMailer(catcher.smtpUrl);
  const { app } = createApp({ config, store, clock: systemClock, mailer });
  const server = await listen(createServer(app));
  try {
    const password = 'Bench2026portal';
    const passwordHash = await hashPassword(password, config.scryptN);
    const tag = Date.now().toString(36);
    const terminals = Array.from({ length: opts.accounts }, (_, i) => ({
      kind: 'terminal' as const,
      loginId: `pb${tag}-${String(i + 1).padStart(5, '0')}`,
      extension: String(100000 + i + 1),
      mfa: true,
      email: Mailbox.uniqueAddress(`portal-bench-${i}`),
    }));
    const admin = { kind: 'admin' as const, loginId: `pb${tag}-admin`, mfa: false };
    await bulkTenant(store, systemClock, { at: instantOf('after'), passwordHash, accounts: [admin, ...terminals] });

    const client = new FormClient(server.url);
    const res = await client.login(admin.loginId, password);
    if (res.location !== '/top') throw new Error(`the administrator's login answered ${res.status} ${res.location ?? ''}: expected 303 to /top`);

    const pages = Math.max(1, Math.ceil(opts.accounts / 100));
    const paths = (i: number) => {
      switch (i % 4) {
        case 0:
          return `/accounts?page=${1 + rnd(pages)}`;
        case 1:
          return `/accounts?extension=${String(100000 + 1 + rnd(opts.accounts)).slice(2, 5)}`;
        case 2:
          return `/accounts?loginId=${encodeURIComponent(terminals[rnd(terminals.length)].loginId.slice(-4))}`;
        default:
          return `/accounts?perPage=10&page=${1 + rnd(pages * 10)}`;
      }
    };
    const list: number[] = [];
    const byKind = new Map<ListKind, number[]>(KINDS.map((k) => [k, []]));
    const top: number[] = [];
    const warm = 4;
    for (let i = 0; i < Math.max(4, opts.requests) + warm; i++) {
      const t0 = performance.now();
      const page = await client.get(paths(i));
      const t1 = performance.now();
      if (page.status !== 200 || !page.html.includes('件が該当します。')) throw new Error(`GET ${paths(i)} answered ${page.status} without the list`);
      const t2 = performance.now();
      const small = await client.get('/top');
      const t3 = performance.now();
      if (small.status !== 200) throw new Error(`GET /top answered ${small.status}`);
      if (i < warm) continue;
      list.push(t1 - t0);
      byKind.get(KINDS[i % 4])!.push(t1 - t0);
      top.push(t3 - t2);
    }

    const loginOtp: number[] = [];
    const n = Math.min(opts.logins, terminals.length);
    for (let i = 0; i < n; i++) {
      const u = terminals[Math.floor((i * terminals.length) / n)];
      const c = new FormClient(server.url);
      const r = await c.login(u.loginId, password, (ms) => loginOtp.push(ms));
      if (r.status !== 303 || r.location !== '/mfa/otp') throw new Error(`login of ${u.loginId} answered ${r.status} ${r.location ?? ''}: expected 303 to /mfa/otp`);
    }
    const scryptVerify: number[] = [];
    for (let i = 0; i < Math.min(n, 20); i++) {
      const t0 = performance.now();
      await verifyPassword(password, passwordHash);
      scryptVerify.push(performance.now() - t0);
    }
    const l = dist(list);
    return {
      accounts: opts.accounts,
      scryptLog2N: Math.log2(config.scryptN),
      list: l,
      listByKind: Object.fromEntries(KINDS.map((k) => [k, dist(byKind.get(k)!)])) as Record<ListKind, Dist>,
      top: dist(top),
      loginOtp: dist(loginOtp),
      scryptVerify: dist(scryptVerify),
      targets: PORTAL_TARGETS,
      pass: l.p50 <= PORTAL_TARGETS.listP50Ms,
    };
  } finally {
    await server.close();
    mailer.close();
    await catcher.close();
  }
}

export function portalRows(r: PortalBenchResult): FigureRow[] {
  const n = r.accounts.toLocaleString('en-US');
  return [
    { figure: `Portal, ${n} accounts: アカウント管理 search + page`, value: fmtDist(r.list), target: `p50 ≤ ${r.targets.listP50Ms} ms`, met: r.list.p50 <= r.targets.listP50Ms },
    ...KINDS.map((k) => ({ figure: `  ${k}`, value: fmtDist(r.listByKind[k]), target: '', met: null })),
    { figure: '  beside: トップ in the same session', value: fmtDist(r.top), target: '', met: null },
    { figure: `Portal, ${n} accounts: login + OTP issue (POST /login)`, value: fmtDist(r.loginOtp), target: '', met: null },
    { figure: `  beside: scrypt verification alone (N=2^${r.scryptLog2N})`, value: fmtDist(r.scryptVerify), target: '', met: null },
  ];
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const argv = process.argv.slice(2);
  const o = { accounts: 10_000, requests: 200, logins: 200 };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const m = /^--(accounts|requests|logins)(?:=(.*))?$/.exec(a);
    if (!m) {
      console.error(`bench: unknown argument "${a}" (usage: npx tsx harness/bench/portal.ts [--accounts N] [--requests N] [--logins N])`);
      process.exit(2);
    }
    const v = m[2] ?? argv[++i];
    const n = Number(v);
    if (!Number.isInteger(n) || n < 1) {
      console.error(`bench: --${m[1]} wants a positive whole number, got "${v}"`);
      process.exit(2);
    }
    o[m[1] as keyof typeof o] = n;
  }
  const r = await benchPortal(o);
  for (const row of portalRows(r)) console.log(`${row.figure}: ${row.value}${row.target ? `  [${row.target}] ${row.met ? 'met' : 'MISSED'}` : ''}`);
  process.exitCode = r.pass ? 0 : 1;
}
