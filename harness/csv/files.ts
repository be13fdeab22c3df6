// Account CSV files as an administrator makes them for an upload in a scenario: the header, then rows
// written field by field (quoted where needed), in the encoding Excel would use.

import { csvLine, encodeCsvText } from '../../server/csv/export.ts';
import { COLUMNS, KIND_VALUE, type CsvEncoding } from '../../server/csv/format.ts';

export interface CsvRowSpec {
  kind?: string;
  extension: string;
  loginId: string;
  password?: string;
  mfa?: string;
  email?: string;
}

/** The row of a terminal user: 端末ユーザ, its 内線番号 and ログインID, and the fields to set (empty = unchanged). */
export function rowOf(r: CsvRowSpec): string[] {
  return [r.kind ?? KIND_VALUE.terminal, r.extension, r.loginId, r.password ?? '', r.mfa ?? '', r.email ?? ''];
}

/** A whole file: header and rows, CRLF after each line, encoded (CP932 unless told). */
export function accountCsv(rows: CsvRowSpec[], opts: { encoding?: CsvEncoding; eol?: '\r\n' | '\n' } = {}): Buffer {
  const eol = opts.eol ?? '\r\n';
  const text = [csvLine(COLUMNS), ...rows.map((r) => csvLine(rowOf(r)))].join(eol) + eol;
  return encodeCsvText(text, opts.encoding ?? 'cp932');
}
