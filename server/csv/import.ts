// Import of an account CSV into one tenant: read the file, plan every row by the tenant's phase, hash the
// new passwords, then apply every applied row and record the import — all in one Store.update, i.e. one
// atomic write of the store file (lowdb writes a temporary file and renames it over the old one).
//
// So an import is all-or-nothing on disk: a process that dies before the rename leaves the store as it
// was, one that dies after it leaves every applied row applied. No row is ever half-applied.

import { randomUUID } from 'node:crypto';
import { hashPassword } from '../auth/password.ts';
import type { Store } from '../store/db.ts';
import type { Account, Data, ImportRecord, ImportRowRecord } from '../store/types.ts';
import type { Tenants } from '../tenants.ts';
import { COL, CsvFileError, rowMessage, type CsvEncoding } from './format.ts';
import { parseAccountCsv, type CsvRow } from './parse.ts';
import { planImport, type RowOutcome } from './validate.ts';

/** Imports kept per tenant on CSV取込ステータス; older ones are dropped when a new one is recorded. */
export const IMPORTS_KEPT = 20;

/** Passwords hashed at once (scrypt runs on libuv's thread pool; more at once only queues). */
const HASH_BATCH = 8;

export const IMPORT_TEXT = {
  changedMeanwhile:
    'このアカウントは取り込みの間に変更されました。この行は取り込んでいません。もう一度取り込んでください。',
} as const;

export interface UploadedFile {
  name: string;
  bytes: Buffer;
}

export type ImportResult = { ok: true; record: ImportRecord } | { ok: false; record: ImportRecord; error: CsvFileError };

/** New password hashes by the row's line, each with the plain text it was made from. */
export type PasswordHashes = Map<number, { plain: string; hash: string }>;

/** The tenant's accounts in `data`. */
function accountsOf(data: Data, tenantId: string): Account[] {
  return data.accounts.filter((a) => a.tenantId === tenantId);
}

/**
 * Applies the applied rows of a plan to `data` (synchronous; nothing here throws once it has begun to
 * change data). A row whose new password has no hash made from the same text is refused instead.
 * Returns the outcomes as applied (refusals of that kind included).
 */
export function applyPlan(data: Data, tenantId: string, outcomes: RowOutcome[], hashes: PasswordHashes): RowOutcome[] {
  const byId = new Map<string, Account>();
  for (const a of data.accounts) if (a.tenantId === tenantId) byId.set(a.id, a);
  // First decide, then change.
  const final = outcomes.map((o): RowOutcome => {
    if (o.status !== 'applied' || !o.change) return o;
    const p = o.change.passwordPlain;
    const h = p === undefined ? undefined : hashes.get(o.line);
    if (!byId.has(o.change.accountId) || (p !== undefined && h?.plain !== p)) {
      return { line: o.line, loginId: o.loginId, status: 'refused', messages: [rowMessage(o.line, COL.loginId, o.loginId, IMPORT_TEXT.changedMeanwhile)] };
    }
    return o;
  });
  const dropOtps = new Set<string>();
  for (const o of final) {
    if (o.status !== 'applied' || !o.change) continue;
    const c = o.change;
    const a = byId.get(c.accountId)!;
    if (c.passwordPlain !== undefined) {
      a.passwordHash = hashes.get(o.line)!.hash;
      a.passwordVersion = (a.passwordVersion ?? 0) + 1;
      dropOtps.add(a.id);
    }
    if (c.mfa !== undefined) a.mfa = c.mfa;
    if (c.email !== undefined && c.email !== a.email) {
      a.email = c.email;
      // Codes sent to the old address are void; a cleared address is asked for again at the next login.
      dropOtps.add(a.id);
      if (c.email === null) a.registrationOffered = false;
    }
  }
  if (dropOtps.size > 0) data.otps = data.otps.filter((x) => !dropOtps.has(x.accountId));
  return final;
}

function rowRecords(outcomes: RowOutcome[]): ImportRowRecord[] {
  return outcomes.map((o) => ({ line: o.line, loginId: o.loginId, result: o.status, reason: o.messages.join(' ') }));
}

function counts(rows: ImportRowRecord[]): ImportRecord['counts'] {
  const c = { rows: rows.length, applied: 0, refused: 0, skipped: 0 };
  for (const r of rows) c[r.result]++;
  return c;
}

/** Records an import, keeping the newest IMPORTS_KEPT of the tenant. */
function record(data: Data, rec: ImportRecord): void {
  const all = (data.imports ??= []);
  all.push(rec);
  let mine = 0;
  for (const r of all) if (r.tenantId === rec.tenantId) mine++;
  if (mine > IMPORTS_KEPT) {
    let drop = mine - IMPORTS_KEPT;
    data.imports = all.filter((r) => !(r.tenantId === rec.tenantId && drop-- > 0));
  }
}

/** Hashes the new passwords of the rows a plan would apply. */
async function hashPasswords(outcomes: RowOutcome[], scryptN: number): Promise<PasswordHashes> {
  const todo = outcomes.filter((o) => o.status === 'applied' && o.change?.passwordPlain !== undefined);
  const hashes: PasswordHashes = new Map();
  for (let i = 0; i < todo.length; i += HASH_BATCH) {
    const batch = todo.slice(i, i + HASH_BATCH);
    const made = await Promise.all(batch.map((o) => hashPassword(o.change!.passwordPlain!, scryptN)));
    batch.forEach((o, j) => hashes.set(o.line, { plain: o.change!.passwordPlain!, hash: made[j] }));
  }
  return hashes;
}

export interface ImportDeps {
  store: Store;
  tenants: Tenants;
  scryptN: number;
  maxBytes: number;
}

/**
 * Imports `file` into the tenant as the administrator `by`. A whole-file fault applies nothing; otherwise
 * each row is applied or refused on its own. Either way the import is recorded for CSV取込ステータス.
 */
export async function importAccountsCsv(deps: ImportDeps, tenantId: string, by: string, file: UploadedFile): Promise<ImportResult> {
  const { store, tenants } = deps;
  await tenants.settle(tenantId);
  const tenantNow = () => {
    const t = tenants.get(tenantId);
    if (!t) throw new Error(`no tenant ${tenantId}`);
    return { at: tenants.now(t).toISOString(), phase: tenants.phase(t) };
  };
  const base = { id: randomUUID(), tenantId, by, fileName: file.name };

  let rows: CsvRow[];
  let encoding: CsvEncoding;
  try {
    const parsed = parseAccountCsv(file.bytes, { maxBytes: deps.maxBytes });
    rows = parsed.rows;
    encoding = parsed.encoding;
  } catch (e) {
    if (!(e instanceof CsvFileError)) throw e;
    const error = e;
    const rec = await store.update((d) => {
      const r: ImportRecord = { ...base, ...tenantNow(), encoding: null, fault: { message: error.message, detail: error.detail }, counts: counts([]), rows: [] };
      record(d, r);
      return r;
    });
    return { ok: false, record: rec, error };
  }

  // The passwords are hashed outside the write (scrypt is slow); the plan is made again inside it, on the
  // data and the phase of that moment, so that what is applied is what the rules say then.
  const draft = planImport(rows, accountsOf(store.data, tenantId), tenantNow().phase);
  const hashes = await hashPasswords(draft, deps.scryptN);
  const rec = await store.update((d) => {
    const now = tenantNow();
    const outcomes = applyPlan(d, tenantId, planImport(rows, accountsOf(d, tenantId), now.phase), hashes);
    const rowsDone = rowRecords(outcomes);
    const r: ImportRecord = { ...base, ...now, encoding, fault: null, counts: counts(rowsDone), rows: rowsDone };
    record(d, r);
    return r;
  });
  return { ok: true, record: rec };
}

/** The tenant's imports, newest first. */
export function importsOf(data: Data, tenantId: string): ImportRecord[] {
  const mine: ImportRecord[] = [];
  for (const r of data.imports ?? []) if (r.tenantId === tenantId) mine.push(r);
  return mine.reverse();
}
