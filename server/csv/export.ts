// Download of a tenant's accounts in the account CSV format: CP932 (or UTF-8 with BOM), CRLF,
// cells protected against formula injection, passwords never written. A downloaded file uploads
// again unchanged (the importer removes the protective apostrophe).

import iconv from 'iconv-lite';
import type { Account } from '../store/types.ts';
import { COLUMNS, KIND_VALUE, MFA_VALUE, protectCell, type CsvEncoding, type CsvEol } from './format.ts';

export interface ExportOptions {
  /** Default 'cp932' (what Excel opens by default in Japan). */
  encoding?: 'cp932' | 'utf-8-bom';
}

const NEEDS_QUOTES = /[",\r\n]/;
const NON_ASCII = /[^\x00-\x7f]/;
const UTF8_BOM = Buffer.from([0xef, 0xbb, 0xbf]);

/** One field as written: quoted when it holds a comma, a quote, a line break, or a space at either end. */
export function csvField(value: string): string {
  if (value === '') return value;
  if (NEEDS_QUOTES.test(value) || value.charCodeAt(0) === 0x20 || value.charCodeAt(value.length - 1) === 0x20) {
    return `"${value.replace(/"/g, '""')}"`;
  }
  return value;
}

/** A record's fields joined (the fields already protected where wanted). */
export function csvLine(fields: readonly string[]): string {
  let s = '';
  for (let i = 0; i < fields.length; i++) s += (i === 0 ? '' : ',') + csvField(fields[i]);
  return s;
}

/** The row of one account, cells protected. */
export function accountRow(a: Account): string[] {
  return [
    a.kind === 'admin' ? KIND_VALUE.admin : KIND_VALUE.terminal,
    a.extension ?? '',
    a.loginId,
    '',
    a.mfa ? MFA_VALUE.on : MFA_VALUE.off,
    a.email ?? '',
  ].map(protectCell);
}

/**
 * Encodes CSV text. For CP932, a character CP932 cannot hold is an error (iconv-lite would silently
 * write `?`), so the file never says something else than the data.
 */
export function encodeCsvText(text: string, encoding: CsvEncoding): Buffer {
  if (encoding === 'utf-8') return Buffer.from(text, 'utf8');
  if (encoding === 'utf-8-bom') return Buffer.concat([UTF8_BOM, Buffer.from(text, 'utf8')]);
  const bytes = iconv.encode(text, 'cp932');
  if (NON_ASCII.test(text) && iconv.decode(bytes, 'cp932') !== text) {
    const chars = [...text];
    const bad = chars.find((c) => iconv.decode(iconv.encode(c, 'cp932'), 'cp932') !== c) ?? '?';
    throw new Error(`a character Shift_JIS (CP932) cannot hold: "${bad}" (U+${bad.codePointAt(0)!.toString(16).toUpperCase()}); export as UTF-8 with BOM instead`);
  }
  return bytes;
}

export function eolText(eol: CsvEol): string {
  return eol === 'crlf' ? '\r\n' : '\n';
}

/** The accounts as an account CSV file (header, one row per account in the given order, CRLF after each). */
export function exportAccountsCsv(accounts: Account[], opts: ExportOptions = {}): Buffer {
  const parts: string[] = [csvLine(COLUMNS)];
  for (const a of accounts) parts.push(csvLine(accountRow(a)));
  return encodeCsvText(parts.join('\r\n') + '\r\n', opts.encoding ?? 'cp932');
}
