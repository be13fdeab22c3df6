// Prepared accounts standing in for a test's own tenant on a target without the harness API.
// Only a scenario that leaves its accounts as it found them asks for this (tenants.create({ prepared: true })),
// only in the phase the target is in, and only with an account of the very role and state it wishes;
// otherwise the test is skipped with the reason. An account is used by one test at a time, across workers.

import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, rmSync, watch, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Phase } from '../server/calendar.ts';
import { describeWish, type AccountsFile, type PreparedAccount } from './accounts-file.ts';
import type { AccountWish, TestAccount, TestTenant } from './fixtures.ts';

export const NEEDS_OWN_ACCOUNTS = 'this scenario changes the accounts it uses, so prepared accounts cannot stand in; creating its own needs the harness API';
export const NO_ACCOUNTS_FILE = 'the target has no harness API: creating tenants and moving their clock needs the reference portal with HARNESS_API=1 (and no ACCOUNTS_FILE names prepared accounts)';
export const NO_CLOCK = 'moving the target\'s clock needs the harness API';

/** Claims of prepared accounts shared by the workers of a run: a directory per account, made atomically. */
export class AccountClaims {
  private readonly root: string;

  constructor(file: AccountsFile) {
    const key = createHash('sha1').update(path.resolve(file.path)).digest('hex').slice(0, 12);
    this.root = path.join(tmpdir(), 'smartpbx-gate-claims', key);
    mkdirSync(this.root, { recursive: true });
  }

  private dir(a: PreparedAccount): string {
    return path.join(this.root, createHash('sha1').update(a.loginId).digest('hex').slice(0, 16));
  }

  private tryClaim(a: PreparedAccount): boolean {
    const d = this.dir(a);
    try {
      mkdirSync(d);
    } catch {
      // Taken: by a live process, or left by one that died.
      let owner = NaN;
      try {
        owner = Number(readFileSync(path.join(d, 'pid'), 'utf8'));
      } catch {
        return false; // being written right now
      }
      if (Number.isFinite(owner) && alive(owner)) return false;
      rmSync(d, { recursive: true, force: true });
      return this.tryClaim(a);
    }
    writeFileSync(path.join(d, 'pid'), String(process.pid));
    return true;
  }

  /** Claims one of the candidates, waiting (for a release, not a timer) while all are in use. */
  async claim(candidates: PreparedAccount[], timeoutMs = 60_000): Promise<{ account: PreparedAccount; release(): void }> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      // Listen before trying, so a release between the try and the wait is not missed.
      let stop = () => {};
      const released = new Promise<void>((resolve) => {
        const w = watch(this.root, () => resolve());
        const t = setTimeout(resolve, Math.max(0, deadline - Date.now()));
        stop = () => {
          w.close();
          clearTimeout(t);
        };
      });
      const account = candidates.find((c) => this.tryClaim(c));
      if (account) {
        stop();
        return { account, release: () => rmSync(this.dir(account), { recursive: true, force: true }) };
      }
      if (Date.now() >= deadline) {
        stop();
        throw new Error(`every prepared account fit for this test stayed in use for ${timeoutMs / 1000} s: ${candidates.map((c) => c.loginId).join(', ')}`);
      }
      await released;
      stop();
    }
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export interface PreparedSpec {
  at?: Date;
  mailCharset?: string;
  accounts: AccountWish[];
  prepared?: boolean;
}

/** The reason a spec cannot run on the prepared accounts in this phase, or undefined when it can. */
export function whyNotPrepared(file: AccountsFile | undefined, spec: PreparedSpec, phase: Phase): string | undefined {
  if (!file) return NO_ACCOUNTS_FILE;
  if (spec.at) return `this scenario sets the customer's date; ${NO_CLOCK}`;
  if (file.phase !== phase) {
    return `the target is in phase ${file.phase} (${file.phaseFrom === 'file' ? 'ACCOUNTS_FILE' : "today's date"}); phase ${phase} needs its clock moved: ${NO_CLOCK}`;
  }
  if (!spec.prepared) return NEEDS_OWN_ACCOUNTS;
  if (spec.mailCharset) return 'this scenario sets the customer\'s mail charset, which needs the harness API';
  for (const w of spec.accounts) {
    if (typeof w.email === 'string') return 'this scenario registers an address of its own choosing, which needs the harness API';
    if (w.locked) return 'this scenario needs a locked account, which needs the harness API';
  }
  return undefined;
}

/** The prepared accounts fit for each wish (same role, MFA, with or without an address, extension if named). */
export function candidatesFor(file: AccountsFile, wishes: AccountWish[]): { wish: AccountWish; fit: PreparedAccount[] }[] {
  return wishes.map((w) => ({
    wish: w,
    fit: file.accounts.filter((a) => a.kind === (w.kind ?? 'terminal') && a.mfa === (w.mfa ?? false) && (a.email !== null) === (w.email === true) && (w.extension === undefined || a.extension === w.extension)),
  }));
}

/** A tenant made of prepared accounts; skips (through `skip`) when it cannot be made honestly. */
export async function preparedTenant(opts: {
  file: AccountsFile | undefined;
  spec: PreparedSpec;
  phase: Phase;
  claims: AccountClaims | undefined;
  skip: (reason: string) => never;
  /** Called with each claimed account's release and address (for the mails attached on a failure). */
  onClaim: (release: () => void, email: string | null) => void;
}): Promise<TestTenant> {
  const why = whyNotPrepared(opts.file, opts.spec, opts.phase);
  if (why) opts.skip(why);
  const file = opts.file!;
  const chosen: PreparedAccount[] = [];
  for (const { wish, fit } of candidatesFor(file, opts.spec.accounts)) {
    const free = fit.filter((a) => !chosen.includes(a));
    const desc = describeWish({ kind: wish.kind ?? 'terminal', mfa: wish.mfa ?? false, email: wish.email === true });
    if (!free.length) opts.skip(`ACCOUNTS_FILE has no${fit.length ? ' further' : ''} prepared account: ${desc} (phase ${file.phase})`);
    const { account, release } = await opts.claims!.claim(free);
    opts.onClaim(release, account.email);
    chosen.push(account);
  }
  const list: TestAccount[] = chosen.map((a) => ({ kind: a.kind, loginId: a.loginId, password: a.password, extension: a.extension, mfa: a.mfa, email: a.email }));
  const noClock = (): never => opts.skip(NO_CLOCK);
  return {
    id: 'prepared',
    accounts: list,
    terminal: (n = 0) => list.filter((a) => a.kind === 'terminal')[n] ?? opts.skip(`the test asked for terminal user #${n}, which it did not wish for`),
    admin: () => list.find((a) => a.kind === 'admin') ?? opts.skip('the test asked for an administrator it did not wish for'),
    now: async () => new Date(),
    state: async () => opts.skip('reading the customer\'s state needs the harness API'),
    setClock: async () => noClock(),
    advance: async () => noClock(),
  };
}
