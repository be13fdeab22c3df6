// The per-row rules of the account CSV import, and the plan of an import (pure: nothing is changed here).
//
// Each row is all-or-nothing: a row with any problem is refused as a whole and changes nothing; the
// other rows go on. Rows are matched to existing accounts by ログインID; the import never creates
// an account, never changes a 内線番号, and leaves ユーザ管理者 rows alone.

import type { Phase } from '../calendar.ts';
import { passwordProblem } from '../auth/password-policy.ts';
import type { Account } from '../store/types.ts';
import { isEmailAddress } from '../validation.ts';
import {
  COL,
  EMAIL_DELETE,
  EXTENSION_PATTERN,
  KIND_VALUE,
  LOGIN_ID_PATTERN,
  MFA_VALUE,
  ROW_TEXT,
  rowMessage,
} from './format.ts';
import type { CsvRow } from './parse.ts';

/** What an applied row changes on its account; a field that is absent stays as it is. */
export interface RowChange {
  accountId: string;
  passwordPlain?: string;
  mfa?: boolean;
  /** null clears the address (`削除`). */
  email?: string | null;
}

export type RowStatus = 'applied' | 'refused' | 'skipped';

export interface RowOutcome {
  line: number;
  loginId: string;
  /** 'applied': will be applied (atomically, by the portal); 'refused': changes nothing; 'skipped': nothing to do. */
  status: RowStatus;
  /** Refusals name line, column and value; a skipped row says why. Empty for an applied row. */
  messages: string[];
  /** Present only when status is 'applied'. */
  change?: RowChange;
}

export interface RowCheck {
  /** From アカウント区分; null when that value is not one of the two. */
  kind: 'terminal' | 'admin' | null;
  loginId: string;
  /** Whether the ログインID is well-formed (only then is it matched to an account). */
  loginIdValid: boolean;
  extensionValid: boolean;
  /** The row's own problems (refusal messages); empty when the row is fine by itself. */
  messages: string[];
  /** The row's non-empty settable fields, as they would be applied. */
  fields: Omit<RowChange, 'accountId'>;
}

/**
 * The rules of one row that need no account: each column's format, and 多要素認証 in the phase.
 * A ユーザ管理者 row is not checked further (the import leaves it alone).
 */
export function validateRow(row: CsvRow, phase: Phase): RowCheck {
  const v = row.values;
  const line = row.line;
  const loginId = v[COL.loginId];
  const kindValue = v[COL.kind];
  const kind = kindValue === KIND_VALUE.terminal ? 'terminal' : kindValue === KIND_VALUE.admin ? 'admin' : null;
  const loginIdValid = LOGIN_ID_PATTERN.test(loginId);
  const extension = v[COL.extension];
  const extensionValid = EXTENSION_PATTERN.test(extension);
  const check: RowCheck = { kind, loginId, loginIdValid, extensionValid, messages: [], fields: {} };
  if (kind === 'admin') return check;
  const messages = check.messages;

  if (kind === null) messages.push(rowMessage(line, COL.kind, kindValue, ROW_TEXT.kindInvalid));

  if (extension === '') messages.push(rowMessage(line, COL.extension, extension, ROW_TEXT.extensionRequired));
  else if (!extensionValid) messages.push(rowMessage(line, COL.extension, extension, ROW_TEXT.extensionInvalid));

  if (loginId === '') messages.push(rowMessage(line, COL.loginId, loginId, ROW_TEXT.loginIdRequired));
  else if (!loginIdValid) messages.push(rowMessage(line, COL.loginId, loginId, ROW_TEXT.loginIdInvalid));

  const password = v[COL.password];
  if (password !== '') {
    const problem = passwordProblem(password, loginIdValid ? loginId : undefined);
    if (problem) messages.push(rowMessage(line, COL.password, password, problem));
    else check.fields.passwordPlain = password;
  }

  const mfa = v[COL.mfa];
  if (mfa !== '') {
    if (mfa === MFA_VALUE.on) check.fields.mfa = true;
    else if (mfa === MFA_VALUE.off) {
      if (phase === 'after') messages.push(rowMessage(line, COL.mfa, mfa, ROW_TEXT.mfaOffRefused));
      else check.fields.mfa = false;
    } else {
      messages.push(rowMessage(line, COL.mfa, mfa, phase === 'after' ? ROW_TEXT.mfaOnOnly : ROW_TEXT.mfaInvalid));
    }
  }

  const email = v[COL.email];
  if (email !== '') {
    if (email === EMAIL_DELETE) check.fields.email = null;
    else if (isEmailAddress(email)) check.fields.email = email;
    else messages.push(rowMessage(line, COL.email, email, ROW_TEXT.emailInvalid));
  }
  return check;
}

/**
 * The outcome of every row of an import into a tenant whose accounts are `accounts`, in `phase`.
 * Exactly one outcome per row, in row order; a refused or skipped row carries no change.
 */
export function planImport(rows: CsvRow[], accounts: Account[], phase: Phase): RowOutcome[] {
  // One lookup per row: ログインID → its account (if any) and the first line it appeared on (0: not yet).
  const slots = new Map<string, { account: Account | undefined; firstLine: number }>();
  for (const a of accounts) slots.set(a.loginId, { account: a, firstLine: 0 });
  const outcomes: RowOutcome[] = new Array(rows.length);

  for (let i = 0; i < rows.length; i++) {
    const row = rows[i];
    const line = row.line;
    const check = validateRow(row, phase);
    const loginId = check.loginId;
    let seenOn = 0;
    let known: Account | undefined;
    if (loginId !== '') {
      const slot = slots.get(loginId);
      if (slot === undefined) slots.set(loginId, { account: undefined, firstLine: line });
      else if (slot.firstLine === 0) {
        slot.firstLine = line;
        known = slot.account;
      } else {
        seenOn = slot.firstLine;
        known = slot.account;
      }
    }

    if (check.kind === 'admin') {
      outcomes[i] = {
        line,
        loginId,
        status: 'skipped',
        messages: [rowMessage(line, COL.kind, row.values[COL.kind], ROW_TEXT.adminSkipped)],
      };
      continue;
    }

    const messages = check.messages;
    let account: Account | undefined;
    if (check.loginIdValid) {
      if (seenOn > 0) {
        messages.push(rowMessage(line, COL.loginId, loginId, ROW_TEXT.duplicateLoginId(seenOn)));
      } else {
        account = known;
        if (!account) {
          messages.push(rowMessage(line, COL.loginId, loginId, ROW_TEXT.unknownLoginId));
        } else if (account.kind === 'admin') {
          if (check.kind === 'terminal') {
            messages.push(rowMessage(line, COL.kind, row.values[COL.kind], ROW_TEXT.adminAccountAsTerminal));
          }
        } else if (check.extensionValid && account.extension !== row.values[COL.extension]) {
          messages.push(rowMessage(line, COL.extension, row.values[COL.extension], ROW_TEXT.extensionMismatch(account.extension)));
        }
      }
    }

    if (messages.length > 0 || !account) {
      outcomes[i] = { line, loginId, status: 'refused', messages };
      continue;
    }
    const f = check.fields;
    if (f.passwordPlain === undefined && f.mfa === undefined && f.email === undefined) {
      outcomes[i] = { line, loginId, status: 'skipped', messages: [rowMessage(line, COL.loginId, loginId, ROW_TEXT.nothingToChange)] };
      continue;
    }
    const change: RowChange = { accountId: account.id };
    if (f.passwordPlain !== undefined) change.passwordPlain = f.passwordPlain;
    if (f.mfa !== undefined) change.mfa = f.mfa;
    if (f.email !== undefined) change.email = f.email;
    outcomes[i] = { line, loginId, status: 'applied', messages, change };
  }
  return outcomes;
}

/** Counts of a plan, for a summary line. */
export function summarizePlan(outcomes: RowOutcome[]): Record<RowStatus, number> {
  const counts: Record<RowStatus, number> = { applied: 0, refused: 0, skipped: 0 };
  for (const o of outcomes) counts[o.status]++;
  return counts;
}
