// Character encoding of an uploaded account CSV: UTF-8 with a BOM, UTF-8, else CP932 (Shift_JIS as
// Excel writes it). Bytes that are neither are a whole-file fault.

import { isUtf8 } from 'node:buffer';
import iconv from 'iconv-lite';
import { CsvFileError, FILE_TEXT, type CsvEncoding } from './format.ts';

export interface DecodedCsv {
  text: string;
  encoding: CsvEncoding;
}

const REPLACEMENT = '\uFFFD';

/** Line number (1-based) of a character offset in a text. */
export function lineAt(text: string, offset: number): number {
  let line = 1;
  for (let i = 0; i < offset && i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x0a) line++;
    else if (c === 0x0d) {
      line++;
      if (text.charCodeAt(i + 1) === 0x0a) i++;
    }
  }
  return line;
}

export function decodeCsv(bytes: Buffer): DecodedCsv {
  if (bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) {
    const body = bytes.subarray(3);
    if (!isUtf8(body)) {
      const text = body.toString('utf8');
      throw undecodable(text, text.indexOf(REPLACEMENT), 'UTF-8 (BOM付き)');
    }
    return { text: body.toString('utf8'), encoding: 'utf-8-bom' };
  }
  if (bytes.length >= 2 && ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff))) {
    throw new CsvFileError('undecodable', FILE_TEXT.utf16, 'UTF-16のBOM（先頭2バイト）があります。', 1);
  }
  if (isUtf8(bytes)) return { text: bytes.toString('utf8'), encoding: 'utf-8' };
  const text = iconv.decode(bytes, 'cp932');
  const bad = text.indexOf(REPLACEMENT);
  if (bad >= 0) throw undecodable(text, bad, 'UTF-8でもShift_JIS (CP932)でもありません');
  return { text, encoding: 'cp932' };
}

function undecodable(text: string, offset: number, what: string): CsvFileError {
  const line = offset >= 0 ? lineAt(text, offset) : undefined;
  const where = line !== undefined ? `${line}行目に読み取れないバイトがあります（${what}）。` : `${what}。`;
  return new CsvFileError('undecodable', FILE_TEXT.undecodable, where, line);
}
