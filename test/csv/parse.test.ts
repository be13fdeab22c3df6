// Decoding and reading the account CSV: encodings, line ends, quoted fields, line numbers, whole-file faults.

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { parse as csvParse } from 'csv-parse/sync';
import iconv from 'iconv-lite';
import { decodeCsv } from '../../server/csv/decode.ts';
import { COL, COLUMNS, CsvFileError, MAX_BYTES_DEFAULT, protectCell, unprotectCell } from '../../server/csv/format.ts';
import { parseAccountCsv } from '../../server/csv/parse.ts';
import { HEADER, csvBytes } from './helpers.ts';

const ROW1 = '端末ユーザ,20201,user01,,ON,user01@example.co.jp';
const ROW2 = '端末ユーザ,20202,user02,Passw0rd,OFF,';

function fault(fn: () => unknown): CsvFileError {
  try {
    fn();
  } catch (e) {
    assert.ok(e instanceof CsvFileError, `expected CsvFileError, got ${String(e)}`);
    return e;
  }
  assert.fail('expected a CsvFileError');
}

describe('decodeCsv', () => {
  test('UTF-8 with BOM', () => {
    const d = decodeCsv(csvBytes([HEADER], { encoding: 'utf-8-bom' }));
    assert.equal(d.encoding, 'utf-8-bom');
    assert.equal(d.text, `${HEADER}\r\n`, 'the BOM is not part of the text');
  });
  test('UTF-8 without BOM', () => {
    const d = decodeCsv(csvBytes([HEADER, ROW1]));
    assert.equal(d.encoding, 'utf-8');
    assert.equal(d.text, `${HEADER}\r\n${ROW1}\r\n`);
  });
  test('CP932 (Shift_JIS as Excel writes it), including NEC and IBM extension characters', () => {
    const text = `${HEADER}\r\n端末ユーザ,20201,user01,,ON,①髙﨑\r\n`;
    const bytes = iconv.encode(text, 'cp932');
    assert.equal(bytes.includes(Buffer.from('アカウント', 'utf8')), false, 'the fixture really is CP932');
    const d = decodeCsv(bytes);
    assert.equal(d.encoding, 'cp932');
    assert.equal(d.text, text);
  });
  test('pure ASCII counts as UTF-8', () => {
    assert.equal(decodeCsv(Buffer.from('a,b\r\n')).encoding, 'utf-8');
  });
  test('bytes invalid in UTF-8 and in CP932: a whole-file fault naming the line', () => {
    const bytes = Buffer.concat([iconv.encode(`${HEADER}\r\n${ROW1}\r\n`, 'cp932'), Buffer.from([0x41, 0xff, 0xfe, 0x0d, 0x0a])]);
    const e = fault(() => decodeCsv(bytes));
    assert.equal(e.fault, 'undecodable');
    assert.match(e.message, /文字コード/);
    assert.equal(e.line, 3);
    assert.match(e.detail, /3行目/);
  });
  test('a BOM followed by invalid UTF-8 is undecodable', () => {
    const e = fault(() => decodeCsv(Buffer.from([0xef, 0xbb, 0xbf, 0x41, 0xc3, 0x28])));
    assert.equal(e.fault, 'undecodable');
  });
  test('UTF-16 is named as such', () => {
    const e = fault(() => decodeCsv(Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(HEADER, 'utf16le')])));
    assert.equal(e.fault, 'undecodable');
    assert.match(e.message, /UTF-16/);
  });
});

describe('parseAccountCsv: encodings and line ends', () => {
  const expected = [
    { line: 2, loginId: 'user01', mfa: 'ON', email: 'user01@example.co.jp' },
    { line: 3, loginId: 'user02', mfa: 'OFF', email: '' },
  ];
  for (const encoding of ['cp932', 'utf-8', 'utf-8-bom'] as const) {
    for (const eol of ['\r\n', '\n'] as const) {
      test(`${encoding}, ${eol === '\r\n' ? 'CRLF' : 'LF'}`, () => {
        const p = parseAccountCsv(csvBytes([HEADER, ROW1, ROW2], { encoding, eol }));
        assert.equal(p.encoding, encoding);
        assert.equal(p.eol, eol === '\r\n' ? 'crlf' : 'lf');
        assert.deepEqual(p.header, [...COLUMNS]);
        assert.deepEqual(
          p.rows.map((r) => ({ line: r.line, loginId: r.values[COL.loginId], mfa: r.values[COL.mfa], email: r.values[COL.email] })),
          expected,
        );
        assert.equal(p.rows[0].values[COL.kind], '端末ユーザ', 'Japanese text decoded');
        assert.equal(p.rows[1].values[COL.password], 'Passw0rd');
      });
    }
  }
  test('no line break after the last row', () => {
    const p = parseAccountCsv(Buffer.from(`${HEADER}\r\n${ROW1}`));
    assert.equal(p.rows.length, 1);
    assert.equal(p.rows[0].values[COL.email], 'user01@example.co.jp');
  });
  test('mixed CRLF and LF, and a lone CR, all end lines', () => {
    const p = parseAccountCsv(Buffer.from(`${HEADER}\r\n${ROW1}\n${ROW2}\r${ROW1.replace('user01', 'user09').replace('20201', '20209')}\r\n`));
    assert.deepEqual(p.rows.map((r) => [r.line, r.values[COL.loginId]]), [[2, 'user01'], [3, 'user02'], [4, 'user09']]);
  });
  test('Japanese text in a CP932 file survives (e.g. in a field that the rules will refuse)', () => {
    const p = parseAccountCsv(csvBytes([HEADER, '端末ユーザ,20201,user01,,ON,山田太郎@例え.jp'], { encoding: 'cp932' }));
    assert.equal(p.encoding, 'cp932');
    assert.equal(p.rows[0].values[COL.email], '山田太郎@例え.jp');
  });
});

describe('parseAccountCsv: quoted fields and line numbers', () => {
  test('commas, doubled quotes and line breaks inside quotes', () => {
    const p = parseAccountCsv(
      Buffer.from(
        `${HEADER}\r\n"端末ユーザ","20201","user01","Pa,ss""w0rd","ON","a\r\nb"\r\n端末ユーザ,20202,user02,,"",x@example.com\r\n`,
      ),
    );
    assert.equal(p.rows.length, 2);
    assert.equal(p.rows[0].values[COL.password], 'Pa,ss"w0rd');
    assert.equal(p.rows[0].values[COL.email], 'a\r\nb');
    assert.equal(p.rows[0].line, 2);
    assert.equal(p.rows[1].line, 4, 'the quoted CRLF moved the next row to physical line 4');
    assert.equal(p.rows[1].values[COL.mfa], '');
  });
  test('several line breaks in several quoted fields, LF file, blank lines counted', () => {
    const text = `${HEADER}\n\n端末ユーザ,20201,user01,"x\n\ny",ON,"p\nq"\n\n,,,,,\n端末ユーザ,20202,user02,,OFF,\n`;
    const p = parseAccountCsv(Buffer.from(text));
    assert.deepEqual(p.rows.map((r) => r.line), [3, 9]);
  });
  test('a quote inside an unquoted field is kept', () => {
    const p = parseAccountCsv(Buffer.from(`${HEADER}\n端末ユーザ,20201,user01,ab"c1234,ON,\n`));
    assert.equal(p.rows[0].values[COL.password], 'ab"c1234');
  });
  test('blank lines and rows of empty fields are ignored; only a header gives no rows', () => {
    assert.deepEqual(parseAccountCsv(csvBytes([HEADER])).rows, []);
    assert.deepEqual(parseAccountCsv(csvBytes([HEADER, '', ',,,,,', '', ',,,,,,,', '   '])).rows, []);
  });
  test('empty fields after the last column are ignored (spreadsheets write them)', () => {
    const p = parseAccountCsv(csvBytes([`${HEADER},,`, `${ROW1},,`, ROW2]));
    assert.equal(p.rows.length, 2);
    assert.deepEqual(p.rows[0].raw, ROW1.split(','));
  });
  test('raw keeps the protective apostrophe, values drop it', () => {
    const p = parseAccountCsv(csvBytes([HEADER, "端末ユーザ,20201,'=user,,ON,'-a@example.com"]));
    assert.equal(p.rows[0].values[COL.loginId], '=user');
    assert.equal(p.rows[0].values[COL.email], '-a@example.com');
    assert.equal(p.rows[0].raw[2], "'=user");
  });
  test('same records as csv-parse on a file with quotes, commas and line breaks', () => {
    const text = `${HEADER}\r\n"端末ユーザ",20201,"user,01","a""b","ON","x\ny"\r\n端末ユーザ,20202,user02,,OFF,\r\n"ユーザ管理者","",admin,"","ON",""\r\n`;
    const ours = parseAccountCsv(Buffer.from(text)).rows.map((r) => r.raw);
    const theirs = (csvParse(text) as string[][]).slice(1);
    assert.deepEqual(ours, theirs);
  });
});

describe('unprotectCell / protectCell (formula injection)', () => {
  test('protect: a cell starting with = + - @ TAB CR gets one apostrophe', () => {
    for (const v of ['=1+1', '+81', '-x', '@SUM(A1)', '\tx', '\rx']) assert.equal(protectCell(v), `'${v}`);
    for (const v of ['a=1', 'user01', '', "'", "'a", '1-2']) assert.equal(protectCell(v), v);
    assert.equal(protectCell("'=x"), "''=x", 'an apostrophe before a trigger is protected too');
  });
  test('unprotect removes exactly one protective apostrophe, only before a trigger', () => {
    assert.equal(unprotectCell("'=1+1"), '=1+1');
    assert.equal(unprotectCell("''=x"), "'=x");
    assert.equal(unprotectCell("'abc"), "'abc");
    assert.equal(unprotectCell("'"), "'");
    assert.equal(unprotectCell('=x'), '=x');
  });
  test('round trip for any string', () => {
    for (const v of ['', "'", "''", "'=", "''+a", '=', '-', 'a', "'\t", '@@', "x'=y"]) assert.equal(unprotectCell(protectCell(v)), v);
  });
});

describe('parseAccountCsv: whole-file faults', () => {
  test('empty file', () => {
    const e = fault(() => parseAccountCsv(Buffer.alloc(0)));
    assert.equal(e.fault, 'empty');
    assert.match(e.message, /空/);
  });
  test('only a BOM, or only blank lines', () => {
    assert.equal(fault(() => parseAccountCsv(Buffer.from([0xef, 0xbb, 0xbf]))).fault, 'empty');
    assert.equal(fault(() => parseAccountCsv(Buffer.from('\r\n\r\n  \r\n'))).fault, 'empty');
  });
  test('over the size limit (default 10 MB, configurable)', () => {
    const bytes = csvBytes([HEADER, ROW1]);
    const e = fault(() => parseAccountCsv(bytes, { maxBytes: bytes.length - 1 }));
    assert.equal(e.fault, 'too-large');
    assert.match(e.message, /上限/);
    assert.match(e.detail, new RegExp(String(bytes.length)));
    assert.equal(parseAccountCsv(bytes, { maxBytes: bytes.length }).rows.length, 1, 'exactly at the limit is fine');
    assert.equal(MAX_BYTES_DEFAULT, 10 * 1024 * 1024);
    const big = Buffer.alloc(MAX_BYTES_DEFAULT + 1, 0x41);
    assert.equal(fault(() => parseAccountCsv(big)).fault, 'too-large');
  });
  test('wrong header: names the column that differs', () => {
    const e = fault(() => parseAccountCsv(csvBytes([HEADER.replace('多要素認証', 'MFA'), ROW1])));
    assert.equal(e.fault, 'header');
    assert.equal(e.line, 1);
    assert.match(e.message, /1行目の見出し行/);
    assert.match(e.detail, /5列目は「多要素認証」のはずですが「MFA」/);
  });
  test('columns in another order, or one missing, or one more', () => {
    const swapped = [...COLUMNS];
    [swapped[1], swapped[2]] = [swapped[2], swapped[1]];
    assert.equal(fault(() => parseAccountCsv(csvBytes([swapped.join(','), ROW1]))).fault, 'header');
    assert.equal(fault(() => parseAccountCsv(csvBytes([COLUMNS.slice(0, 5).join(','), ROW1]))).fault, 'header');
    assert.equal(fault(() => parseAccountCsv(csvBytes([`${HEADER},備考`, ROW1]))).fault, 'header');
  });
  test('missing header (the first line is a data row)', () => {
    const e = fault(() => parseAccountCsv(csvBytes([ROW1, ROW2])));
    assert.equal(e.fault, 'header');
    assert.match(e.message, /見出し行がありません/);
  });
  test('not a CSV: binary data', () => {
    const png = Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex');
    assert.ok(fault(() => parseAccountCsv(png)) instanceof CsvFileError);
    const e = fault(() => parseAccountCsv(Buffer.concat([csvBytes([HEADER, ROW1]), Buffer.from([0, 1, 2, 3])])));
    assert.equal(e.fault, 'not-csv');
    assert.match(e.detail, /3行目に制御文字（U\+0000）/);
  });
  test('ragged rows: a row with too few or too many columns names its line', () => {
    const e = fault(() => parseAccountCsv(csvBytes([HEADER, ROW1, '端末ユーザ,20202,user02'])));
    assert.equal(e.fault, 'structure');
    assert.equal(e.line, 3);
    assert.match(e.message, /3行目の列の数が正しくありません（3列。正しくは6列）/);
    const more = fault(() => parseAccountCsv(csvBytes([HEADER, `${ROW1},extra`])));
    assert.equal(more.fault, 'structure');
    assert.match(more.message, /2行目/);
  });
  test('an unclosed quote names the line it starts on', () => {
    const e = fault(() => parseAccountCsv(csvBytes([HEADER, ROW1, '端末ユーザ,20202,user02,,ON,"x@example.com', ROW1])));
    assert.equal(e.fault, 'structure');
    assert.match(e.message, /3行目から始まる/);
  });
  test('text after a closing quote', () => {
    const e = fault(() => parseAccountCsv(csvBytes([HEADER, '端末ユーザ,20201,user01,,"ON"x,'])));
    assert.equal(e.fault, 'structure');
    assert.match(e.message, /2行目/);
  });
  test('a trailing DOS end-of-file mark is not a fault', () => {
    const p = parseAccountCsv(Buffer.concat([csvBytes([HEADER, ROW1]), Buffer.from([0x1a])]));
    assert.equal(p.rows.length, 1);
  });
});
