// The account bulk-settings CSV (アカウント一括設定CSV): columns, values, limits and messages.
//
// The real file's layout is not published; everything here is an assumption (SPEC "アカウント一括設定CSV")
// kept in this one module so that it can be set to the real file's when known. The parser, the
// validator, the exporter and the csv:check command read every name and value from here.

import { DEFAULT_CALENDAR } from '../calendar.ts';

/** Column names as they appear in the header row. */
export const COL = {
  kind: 'アカウント区分',
  extension: '内線番号',
  loginId: 'ログインID',
  password: 'パスワード',
  mfa: '多要素認証',
  email: 'メールアドレス',
} as const;

export type ColumnKey = keyof typeof COL;
export type Column = (typeof COL)[ColumnKey];

/** The header row, in file order. */
export const COLUMNS: readonly Column[] = [COL.kind, COL.extension, COL.loginId, COL.password, COL.mfa, COL.email];
export const COLUMN_COUNT = COLUMNS.length;

/** Values of アカウント区分. */
export const KIND_VALUE = { terminal: '端末ユーザ', admin: 'ユーザ管理者' } as const;
/** Values of 多要素認証. */
export const MFA_VALUE = { on: 'ON', off: 'OFF' } as const;
/** The メールアドレス value that clears the registered address. */
export const EMAIL_DELETE = '削除';

/** 内線番号: 2 to 11 digits (拠点番号 + 端末番号). */
export const EXTENSION_PATTERN = /^[0-9]{2,11}$/;
export const EXTENSION_MIN = 2;
export const EXTENSION_MAX = 11;
/** ログインID: 1 to 64 characters of printable ASCII (no space). */
export const LOGIN_ID_PATTERN = /^[\x21-\x7e]{1,64}$/;
export const LOGIN_ID_MAX = 64;

/** Largest file accepted, in bytes (configurable per call). */
export const MAX_BYTES_DEFAULT = 10 * 1024 * 1024;

export type CsvEncoding = 'cp932' | 'utf-8' | 'utf-8-bom';
export type CsvEol = 'crlf' | 'lf';

export const ENCODING_LABEL: Record<CsvEncoding, string> = {
  cp932: 'Shift_JIS (CP932)',
  'utf-8': 'UTF-8',
  'utf-8-bom': 'UTF-8 (BOM付き)',
};
export const EOL_LABEL: Record<CsvEol, string> = { crlf: 'CRLF', lf: 'LF' };

// ---- Protection against formula injection (CSV injection) ----------------------------------
//
// On export a cell that a spreadsheet would take for a formula (it begins with = + - @ TAB or CR),
// or that begins with apostrophes followed by such a character, gets one leading apostrophe.
// On import exactly one leading apostrophe is removed from a cell that begins with one or more
// apostrophes followed by such a character. So export → import gives back every value unchanged.

const FORMULA_START = /^'*[=+\-@\t\r]/;
const PROTECTED_START = /^'+[=+\-@\t\r]/;
const APOSTROPHE = 0x27;

/** The cell as written to a downloaded file. */
export function protectCell(value: string): string {
  return value.length > 0 && FORMULA_START.test(value) ? `'${value}` : value;
}

/** The cell's value as read from an uploaded file (the protective apostrophe removed). */
export function unprotectCell(value: string): string {
  return value.length > 1 && value.charCodeAt(0) === APOSTROPHE && PROTECTED_START.test(value) ? value.slice(1) : value;
}

// ---- Messages ------------------------------------------------------------------------------

function jstDateLabel(instant: Date): string {
  const j = new Date(instant.getTime() + 9 * 3600_000);
  return `${j.getUTCFullYear()}年${j.getUTCMonth() + 1}月${j.getUTCDate()}日`;
}

/** The cutover day as written in messages: `2026年6月29日`. */
export const CUTOVER_LABEL = jstDateLabel(DEFAULT_CALENDAR.cutover);

const SHOW_MAX = 40;

/** A value as quoted in a message: line breaks and tabs made visible, long values shortened. */
export function showValue(value: string): string {
  let v = value.replace(/\r\n|\r|\n/g, '↵').replace(/\t/g, '⇥');
  if (v.length > SHOW_MAX) v = `${v.slice(0, SHOW_MAX)}…（${value.length}文字）`;
  return v;
}

/**
 * One row's message: `3行目 多要素認証「OFF」: …`. The password's value is never repeated
 * (messages end up on the status page and in reports).
 */
export function rowMessage(line: number, column: Column, value: string, text: string): string {
  if (column === COL.password) return `${line}行目 ${column}（値は表示しません）: ${text}`;
  return `${line}行目 ${column}「${showValue(value)}」: ${text}`;
}

/** Texts of the per-row rules (the part after the colon). */
export const ROW_TEXT = {
  kindInvalid: `「${KIND_VALUE.terminal}」または「${KIND_VALUE.admin}」を指定してください。`,
  adminSkipped: `${KIND_VALUE.admin}の行は取り込みでは変更しません。`,
  extensionRequired: `${KIND_VALUE.terminal}の行には内線番号が必要です。`,
  extensionInvalid: `内線番号は${EXTENSION_MIN}桁以上${EXTENSION_MAX}桁以内の半角数字で入力してください。`,
  loginIdRequired: 'ログインIDを入力してください。',
  loginIdInvalid: `ログインIDは${LOGIN_ID_MAX}文字以内の半角英数字記号で入力してください。`,
  mfaInvalid: `「${MFA_VALUE.on}」または「${MFA_VALUE.off}」を指定してください（空欄は変更なし）。`,
  mfaOnOnly: `「${MFA_VALUE.on}」を指定してください（空欄は変更なし）。${CUTOVER_LABEL}以降、多要素認証は「${MFA_VALUE.on}」のみです。`,
  mfaOffRefused: `${CUTOVER_LABEL}以降、端末ユーザの多要素認証はOFFにできません。`,
  emailInvalid: `メールアドレスの形式が正しくありません（254文字以内、空欄は変更なし、「${EMAIL_DELETE}」で登録を削除）。`,
  unknownLoginId: 'このログインIDのアカウントはありません（取り込みではアカウントを作成しません）。',
  duplicateLoginId: (firstLine: number) => `同じログインIDが${firstLine}行目にもあります。2つ目以降の行は取り込みません。`,
  adminAccountAsTerminal: `このログインIDは${KIND_VALUE.admin}のアカウントです。${KIND_VALUE.terminal}として変更することはできません。`,
  extensionMismatch: (actual: string | null) =>
    `このログインIDのアカウントの内線番号（${actual ?? '-'}）と一致しません。内線番号は取り込みでは変更できません。`,
  nothingToChange: '変更する項目がありません（パスワード・多要素認証・メールアドレスがすべて空欄）。',
} as const;

// ---- Whole-file faults ---------------------------------------------------------------------

export type CsvFileFault = 'empty' | 'too-large' | 'undecodable' | 'not-csv' | 'header' | 'structure';

/** A fault of the whole file: nothing in it is applied. `message` is for the administrator, `detail` says where. */
export class CsvFileError extends Error {
  override readonly name = 'CsvFileError';
  constructor(
    readonly fault: CsvFileFault,
    message: string,
    readonly detail: string,
    readonly line?: number,
  ) {
    super(message);
  }
}

const RETRY = 'ファイルは取り込まれていません（どの行も変更されていません）。';

export const FILE_TEXT = {
  empty: `ファイルが空です。見出し行（${COLUMNS.join(',')}）のあるCSVファイルを指定してください。${RETRY}`,
  tooLarge: (limit: number) =>
    `ファイルのサイズが上限（${formatBytes(limit)}）を超えています。ファイルを分けて取り込んでください。${RETRY}`,
  undecodable: `ファイルの文字コードを読み取れません。Shift_JIS（Excelの「CSV（コンマ区切り）」）またはUTF-8で保存したCSVファイルを指定してください。${RETRY}`,
  utf16: `UTF-16のファイルには対応していません。Excelでは「CSV（コンマ区切り）」または「CSV UTF-8（コンマ区切り）」で保存してください。${RETRY}`,
  notCsv: `CSVファイルではありません（文字以外のデータが含まれています）。${RETRY}`,
  header: `1行目の見出し行が正しくありません。見出し行は「${COLUMNS.join(',')}」としてください。${RETRY}`,
  headerMissing: `見出し行がありません。1行目に「${COLUMNS.join(',')}」を入れてください。${RETRY}`,
  columnCount: (line: number, count: number) =>
    `${line}行目の列の数が正しくありません（${count}列。正しくは${COLUMN_COUNT}列）。${RETRY}`,
  unclosedQuote: (line: number) => `${line}行目から始まる「"」で囲まれた値が閉じられていません。${RETRY}`,
  afterQuote: (line: number) => `${line}行目で「"」で囲まれた値のあとに余分な文字があります。${RETRY}`,
} as const;

export function formatBytes(n: number): string {
  if (n >= 1024 * 1024 && n % (1024 * 1024) === 0) return `${n / (1024 * 1024)}MB`;
  if (n >= 1024 * 1024) return `${(n / (1024 * 1024)).toFixed(1)}MB`;
  if (n >= 1024) return `${(n / 1024).toFixed(1)}KB`;
  return `${n}バイト`;
}
