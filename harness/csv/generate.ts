// Account CSV files for tests and benchmarks, with the accounts they belong to.
//
// The file is what an administrator would upload: one row per account (an administrator row first
// when asked), each row matching its account's ログインID and 内線番号. Deterministic for a seed.

import { COLUMNS, EMAIL_DELETE, KIND_VALUE, MFA_VALUE, protectCell, type CsvEncoding, type CsvEol } from '../../server/csv/format.ts';
import { csvLine, encodeCsvText, eolText } from '../../server/csv/export.ts';
import { decodeCsv } from '../../server/csv/decode.ts';
import type { Account } from '../../server/store/types.ts';

export interface GenerateOptions {
  /** Terminal-user rows (the administrator row, when any, comes in addition). */
  rows: number;
  encoding?: CsvEncoding;
  eol?: CsvEol;
  /** Put a ユーザ管理者 row (and account) first. Default true. */
  adminRow?: boolean;
  /** Share of terminal rows with 多要素認証 OFF (default 0.3). */
  mfaOffRatio?: number;
  /** Share of terminal rows with an empty メールアドレス (default 0.2). */
  noEmailRatio?: number;
  /** Share of terminal rows whose メールアドレス is `削除` (default 0). */
  deleteEmailRatio?: number;
  /** Write a password in every terminal row (default false: passwords left empty, unchanged). */
  withPasswords?: boolean;
  /** Put every field in double quotes, as some tools write (exercises the quoted path). */
  quoteAll?: boolean;
  /** Seed of the generator (default 1). */
  seed?: number;
  tenantId?: string;
  /** Current state of the accounts: 'same' as the file (default) or 'opposite' MFA (so every row changes something). */
  accountsMfa?: 'same' | 'opposite';
}

export interface GeneratedCsv {
  bytes: Buffer;
  /** The file's text (decoded from the bytes on each access). */
  readonly text: string;
  encoding: CsvEncoding;
  eol: CsvEol;
  /** The tenant's accounts the file refers to (administrator first when adminRow). */
  accounts: Account[];
  /** Terminal-row count + admin row. */
  rowCount: number;
}

/** Small deterministic PRNG (mulberry32). */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const SURNAMES = ['sato', 'suzuki', 'takahashi', 'tanaka', 'watanabe', 'ito', 'yamamoto', 'nakamura', 'kobayashi', 'kato'];
const DOMAINS = ['example.co.jp', 'example.jp', 'ntt.example.com', 'mail.example.ne.jp'];

export function loginIdOf(i: number): string {
  return `u${String(i + 1).padStart(6, '0')}`;
}

export function extensionOf(i: number): string {
  return String(2000001 + i);
}

export function generateAccountsCsv(opts: GenerateOptions): GeneratedCsv {
  const encoding = opts.encoding ?? 'cp932';
  const eol = opts.eol ?? 'crlf';
  const random = prng(opts.seed ?? 1);
  const tenantId = opts.tenantId ?? 't-gen';
  const mfaOff = opts.mfaOffRatio ?? 0.3;
  const noEmail = opts.noEmailRatio ?? 0.2;
  const delEmail = opts.deleteEmailRatio ?? 0;
  const accounts: Account[] = [];
  const nl = eolText(eol);
  // The file is encoded in chunks, so that a large file never exists as lines, text and bytes at once.
  const chunks: Buffer[] = [];
  let chunk = csvLine(COLUMNS) + nl;
  let inChunk = 0;
  let rowCount = 0;
  const push = (fields: string[]) => {
    chunk += (opts.quoteAll ? fields.map((f) => `"${protectCell(f).replace(/"/g, '""')}"`).join(',') : csvLine(fields.map(protectCell))) + nl;
    rowCount++;
    if (++inChunk === 2000) {
      chunks.push(encodeCsvText(chunk, encoding === 'utf-8-bom' ? 'utf-8' : encoding));
      chunk = '';
      inChunk = 0;
    }
  };

  if (opts.adminRow ?? true) {
    accounts.push(account(tenantId, 'admin-0', 'admin', 'admin01', null, true, 'admin@example.co.jp'));
    push([KIND_VALUE.admin, '', 'admin01', '', MFA_VALUE.on, 'admin@example.co.jp']);
  }
  for (let i = 0; i < opts.rows; i++) {
    const loginId = loginIdOf(i);
    const extension = extensionOf(i);
    const on = random() >= mfaOff;
    const r = random();
    const email =
      r < noEmail ? '' : r < noEmail + delEmail ? EMAIL_DELETE : `${SURNAMES[i % SURNAMES.length]}.${i + 1}@${DOMAINS[i % DOMAINS.length]}`;
    const password = opts.withPasswords ? `Pass${i + 1}word` : '';
    const accountMfa = opts.accountsMfa === 'opposite' ? !on : on;
    accounts.push(account(tenantId, `acc-${i + 1}`, 'terminal', loginId, extension, accountMfa, email === '' || email === EMAIL_DELETE ? null : email));
    push([KIND_VALUE.terminal, extension, loginId, password, on ? MFA_VALUE.on : MFA_VALUE.off, email]);
  }
  if (encoding === 'utf-8-bom') chunks.unshift(Buffer.from([0xef, 0xbb, 0xbf]));
  chunks.push(encodeCsvText(chunk, encoding === 'utf-8-bom' ? 'utf-8' : encoding));
  const bytes = Buffer.concat(chunks);
  return {
    bytes,
    get text() {
      return decodeCsv(bytes).text;
    },
    encoding,
    eol,
    accounts,
    rowCount,
  };
}

export function account(
  tenantId: string,
  id: string,
  kind: 'terminal' | 'admin',
  loginId: string,
  extension: string | null,
  mfa: boolean,
  email: string | null,
): Account {
  return {
    id,
    tenantId,
    kind,
    loginId,
    extension,
    passwordHash: 'scrypt$16384$8$1$none$none',
    mfa,
    email,
    registrationOffered: false,
    failedLogins: 0,
    locked: false,
  };
}
