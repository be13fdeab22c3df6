// Reading an uploaded account CSV into rows, each with the physical line it starts on.
//
// The record splitter is a small RFC 4180 reader of its own rather than csv-parse: it must give the
// physical line number of each record also when a quoted value spans lines with CRLF inside (csv-parse
// counts CR and LF inside quotes as two lines), accept CRLF, LF and CR line ends in one file, and say
// precisely where a file is broken. It is checked against csv-parse in the tests.
//
// Rules: fields separated by commas; a field may be enclosed in double quotes, inside which commas,
// line breaks and doubled quotes ("") are literal; a quote inside an unquoted field is kept as is.
// Blank lines (also of spaces only) and rows whose fields are all empty are ignored. Empty fields after the last column are
// ignored (spreadsheets write them); any other column count is a whole-file fault.

import { decodeCsv, lineAt, type DecodedCsv } from './decode.ts';
import {
  COLUMNS,
  COLUMN_COUNT,
  CsvFileError,
  FILE_TEXT,
  KIND_VALUE,
  MAX_BYTES_DEFAULT,
  formatBytes,
  showValue,
  unprotectCell,
  type Column,
  type CsvEncoding,
  type CsvEol,
} from './format.ts';

export { CsvFileError } from './format.ts';

export interface CsvRow {
  /** Physical line (1 = the header) on which the row starts. */
  line: number;
  /** The row's values by column, the protective apostrophe (see format.ts) removed. */
  values: Record<Column, string>;
  /** The fields as written in the file (quotes removed, apostrophes kept), one per column. */
  raw: string[];
}

export interface ParsedCsv {
  encoding: CsvEncoding;
  eol: CsvEol;
  /** The header's fields as written (equal to COLUMNS). */
  header: string[];
  rows: CsvRow[];
}

export interface ParseOptions {
  /** Largest file accepted, in bytes (default 10 MB). */
  maxBytes?: number;
}

const COMMA = 0x2c;
const QUOTE = 0x22;
const CR = 0x0d;
const LF = 0x0a;
const CONTROL = /[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]/;
const NOT_BLANK = /[^\s]/;

export function parseAccountCsv(bytes: Buffer, opts: ParseOptions = {}): ParsedCsv {
  const maxBytes = opts.maxBytes ?? MAX_BYTES_DEFAULT;
  if (bytes.length > maxBytes) {
    throw new CsvFileError(
      'too-large',
      FILE_TEXT.tooLarge(maxBytes),
      `ファイルのサイズ: ${bytes.length.toLocaleString('ja-JP')}バイト（上限 ${maxBytes.toLocaleString('ja-JP')}バイト = ${formatBytes(maxBytes)}）`,
    );
  }
  if (bytes.length === 0) throw new CsvFileError('empty', FILE_TEXT.empty, 'ファイルの大きさが0バイトです。');
  return parseDecodedCsv(decodeCsv(bytes));
}

/** The rows of an already decoded file (parseAccountCsv without the size check and decoding). */
export function parseDecodedCsv(decodedCsv: DecodedCsv): ParsedCsv {
  const { text: decoded, encoding } = decodedCsv;
  // A DOS end-of-file mark (Ctrl-Z) at the very end is dropped.
  const text = decoded.charCodeAt(decoded.length - 1) === 0x1a ? decoded.slice(0, -1) : decoded;
  if (!NOT_BLANK.test(text)) throw new CsvFileError('empty', FILE_TEXT.empty, '空白と改行しかありません。');
  const control = CONTROL.exec(text);
  if (control) {
    const line = lineAt(text, control.index);
    const code = control[0].charCodeAt(0).toString(16).toUpperCase().padStart(4, '0');
    throw new CsvFileError('not-csv', FILE_TEXT.notCsv, `${line}行目に制御文字（U+${code}）があります。`, line);
  }
  return { encoding, eol: detectEol(text), ...splitRecords(text) };
}

function detectEol(text: string): CsvEol {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === LF) return 'lf';
    // CRLF, or a lone CR (old Mac spreadsheets): written back as CRLF.
    if (c === CR) return 'crlf';
  }
  return 'crlf';
}

/** Line breaks (CRLF, LF or CR, each one) in text[from, to). */
function countBreaks(text: string, from: number, to: number): number {
  let n = 0;
  for (let i = from; i < to; i++) {
    const c = text.charCodeAt(i);
    if (c === LF) n++;
    else if (c === CR) {
      n++;
      if (i + 1 < to && text.charCodeAt(i + 1) === LF) i++;
    }
  }
  return n;
}

function splitRecords(text: string): { header: string[]; rows: CsvRow[] } {
  const n = text.length;
  const rows: CsvRow[] = [];
  let header: string[] | null = null;
  let pos = 0;
  let line = 1;
  let fields: string[] = [];
  while (pos < n) {
    const startLine = line;
    fields = [];
    // One record.
    for (;;) {
      if (pos < n && text.charCodeAt(pos) === QUOTE) {
        const open = pos;
        let from = pos + 1;
        let value = '';
        for (;;) {
          const q = text.indexOf('"', from);
          if (q < 0) throw new CsvFileError('structure', FILE_TEXT.unclosedQuote(line), `${line}行目の「"」から、ファイルの終わりまでに閉じる「"」がありません。`, line);
          if (q + 1 < n && text.charCodeAt(q + 1) === QUOTE) {
            value += text.slice(from, q + 1);
            from = q + 2;
            continue;
          }
          value += text.slice(from, q);
          pos = q + 1;
          break;
        }
        line += countBreaks(text, open, pos);
        fields.push(value);
        const c = pos < n ? text.charCodeAt(pos) : -1;
        if (c === COMMA) {
          pos++;
          continue;
        }
        if (c === -1 || c === CR || c === LF) break;
        let end = pos;
        while (end < n && end - pos < 20) {
          const e = text.charCodeAt(end);
          if (e === COMMA || e === CR || e === LF) break;
          end++;
        }
        throw new CsvFileError('structure', FILE_TEXT.afterQuote(line), `「"${showValue(value)}"」のあとに「${showValue(text.slice(pos, end))}」があります。`, line);
      }
      let p = pos;
      let c = -1;
      while (p < n) {
        c = text.charCodeAt(p);
        if (c === COMMA || c === LF || c === CR) break;
        p++;
      }
      fields.push(text.slice(pos, p));
      pos = p;
      if (p < n && c === COMMA) {
        pos++;
        continue;
      }
      break;
    }
    // The record's line break.
    if (pos < n) {
      if (text.charCodeAt(pos) === CR && pos + 1 < n && text.charCodeAt(pos + 1) === LF) pos += 2;
      else pos++;
      line++;
    }
    if (header === null) {
      header = checkHeader(fields);
      continue;
    }
    let count = fields.length;
    while (count > COLUMN_COUNT && fields[count - 1] === '') count--;
    // A line of spaces only counts as blank too.
    let blank = true;
    if (count === 1) blank = fields[0].trim() === '';
    else {
      for (let i = 0; i < count; i++) {
        if (fields[i] !== '') {
          blank = false;
          break;
        }
      }
    }
    if (blank) continue;
    if (count !== COLUMN_COUNT) {
      throw new CsvFileError(
        'structure',
        FILE_TEXT.columnCount(startLine, count),
        `${startLine}行目: 「${showValue(fields.slice(0, count).join(','))}」`,
        startLine,
      );
    }
    rows.push({ line: startLine, values: toValues(fields), raw: count === fields.length ? fields : fields.slice(0, count) });
  }
  if (header === null) throw new CsvFileError('empty', FILE_TEXT.empty, '見出し行がありません。');
  return { header, rows };
}

function toValues(f: string[]): Record<Column, string> {
  return {
    [COLUMNS[0]]: unprotectCell(f[0]),
    [COLUMNS[1]]: unprotectCell(f[1]),
    [COLUMNS[2]]: unprotectCell(f[2]),
    [COLUMNS[3]]: unprotectCell(f[3]),
    [COLUMNS[4]]: unprotectCell(f[4]),
    [COLUMNS[5]]: unprotectCell(f[5]),
  } as Record<Column, string>;
}

function checkHeader(fields: string[]): string[] {
  let count = fields.length;
  while (count > COLUMN_COUNT && fields[count - 1] === '') count--;
  const got = fields.slice(0, count);
  if (count === COLUMN_COUNT && got.every((f, i) => f === COLUMNS[i])) return got;
  const shown = showHeader(got);
  if (got[0] === KIND_VALUE.terminal || got[0] === KIND_VALUE.admin) {
    throw new CsvFileError('header', FILE_TEXT.headerMissing, `1行目: 「${shown}」`, 1);
  }
  const differs = COLUMNS.findIndex((c, i) => got[i] !== c);
  const where =
    differs >= 0
      ? `${differs + 1}列目は「${COLUMNS[differs]}」のはずですが「${showValue(got[differs] ?? '')}」です`
      : `列が${count}あります（正しくは${COLUMN_COUNT}列）`;
  throw new CsvFileError('header', FILE_TEXT.header, `1行目: 「${shown}」（${where}）`, 1);
}

function showHeader(fields: string[]): string {
  const joined = fields.join(',');
  const v = joined.replace(/\r\n|\r|\n/g, '↵');
  return v.length > 120 ? `${v.slice(0, 120)}…` : v;
}
