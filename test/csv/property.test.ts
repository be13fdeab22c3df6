// Property-based test of the account CSV import over generated files, most of them bad in some way:
// bad values in every column, duplicates, unknown IDs, quoted fields with commas, quotes and line
// breaks, blank lines, all three encodings and both line ends, and whole-file corruptions.
//
// For every case: parsing either gives rows or throws a CsvFileError (nothing else); a file that was
// not corrupted gives exactly the generated rows on their physical lines; every row has exactly one
// outcome; a refused row has no change; an applied row's change holds exactly the row's non-empty
// fields; every refusal names its line and a column; and the status agrees with the rules stated
// independently below.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import iconv from 'iconv-lite';
import type { Phase } from '../../server/calendar.ts';
import { passwordProblem } from '../../server/auth/password-policy.ts';
import { csvField } from '../../server/csv/export.ts';
import { COL, COLUMNS, CsvFileError, type Column, type CsvEncoding, type CsvFileFault } from '../../server/csv/format.ts';
import { parseAccountCsv, type ParsedCsv } from '../../server/csv/parse.ts';
import { planImport } from '../../server/csv/validate.ts';
import { isEmailAddress } from '../../server/validation.ts';
import { HEADER, fixtureAccounts } from './helpers.ts';

const RUNS = 10_000;

/** The importer's reading of a cell, stated independently: one protective apostrophe before = + - @ TAB CR goes. */
function cellValue(v: string): string {
  return /^'+[=+\-@\t\r]/.test(v) ? v.slice(1) : v;
}
const ACCOUNTS = fixtureAccounts();
const BY_LOGIN = new Map(ACCOUNTS.map((a) => [a.loginId, a]));

// Characters that make CSV hard: separators, quotes, line breaks, apostrophes and formula triggers, Japanese.
const tricky = fc.string({ unit: fc.constantFrom(',', '"', '\n', '\r', ' ', "'", '=', '-', '@', '\t', 'a', 'Z', '1', '.', 'ア', '山'), maxLength: 6 });

const kind = fc.oneof(
  { weight: 6, arbitrary: fc.constant('端末ユーザ') },
  { weight: 1, arbitrary: fc.constant('ユーザ管理者') },
  { weight: 1, arbitrary: fc.constantFrom('', '端末', 'ﾕｰｻﾞ', "'=端末ユーザ") },
  { weight: 1, arbitrary: tricky },
);
const loginId = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom('user01', 'user02', 'user03') },
  { weight: 1, arbitrary: fc.constantFrom('admin01', 'nobody', '', 'a b', 'x'.repeat(65), '=user01', "'=user01", "'user01") },
  { weight: 1, arbitrary: tricky },
);
const extension = fc.oneof(
  { weight: 6, arbitrary: fc.constant('MATCH') },
  { weight: 1, arbitrary: fc.constantFrom('', '1', '123456789012', '2020a', '20299', '２０２０１') },
  { weight: 1, arbitrary: tricky },
);
const password = fc.oneof(
  { weight: 4, arbitrary: fc.constant('') },
  { weight: 2, arbitrary: fc.constantFrom('Passw0rd', 'Secret123', 'Pa,ss"w0rd\n2', "'=Secret1") },
  { weight: 2, arbitrary: fc.constantFrom('short1', 'abcdefgh', '12345678', 'user0101x', 'パス1234abcd', 'A1' + 'b'.repeat(63)) },
  { weight: 1, arbitrary: tricky },
);
const mfa = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom('', 'ON', 'OFF') },
  { weight: 1, arbitrary: fc.constantFrom('on', 'off', 'X', ' ON', 'ON ', "'=ON") },
  { weight: 1, arbitrary: tricky },
);
const email = fc.oneof(
  { weight: 5, arbitrary: fc.constantFrom('', '削除', 'a@example.com', 'b.c+d@mail.example.co.jp') },
  { weight: 2, arbitrary: fc.constantFrom('bad', 'a@b', "'=cmd@example.com", '=cmd@example.com', '-x@example.com', 'a\r\nb@example.com', 'x,y@example.com', '山田@example.jp', '削除 ') },
  { weight: 1, arbitrary: tricky },
);
const rowArb = fc.record({ kind, extension, loginId, password, mfa, email, blankLinesBefore: fc.nat({ max: 3 }).map((n) => (n === 3 ? 1 : 0)) });

type Corruption = 'none' | 'nul' | 'headerTypo' | 'noHeader' | 'extraField' | 'shortRow' | 'unclosedQuote' | 'junk' | 'badByte' | 'tooLarge' | 'empty';
const corruption = fc.oneof(
  { weight: 10, arbitrary: fc.constant<Corruption>('none') },
  {
    weight: 6,
    arbitrary: fc.constantFrom<Corruption>('nul', 'headerTypo', 'noHeader', 'extraField', 'shortRow', 'unclosedQuote', 'junk', 'badByte', 'tooLarge', 'empty'),
  },
);

const fileArb = fc.record({
  rows: fc.array(rowArb, { maxLength: 6 }),
  encoding: fc.constantFrom<CsvEncoding>('cp932', 'utf-8', 'utf-8-bom'),
  eol: fc.constantFrom('\r\n', '\n'),
  quoteAll: fc.boolean(),
  trailingCommas: fc.boolean(),
  phase: fc.constantFrom<Phase>('before', 'window', 'after'),
  corruption,
  at: fc.nat({ max: 1000 }),
  junk: fc.uint8Array({ minLength: 1, maxLength: 48 }),
});

type GenFile = typeof fileArb extends fc.Arbitrary<infer T> ? T : never;

interface Expected {
  line: number;
  fields: string[];
}

function fieldText(v: string, quoteAll: boolean): string {
  return quoteAll ? `"${v.replace(/"/g, '""')}"` : csvField(v);
}

function breaks(s: string): number {
  return (s.match(/\r\n|\r|\n/g) ?? []).length;
}

/** The file's text and the rows it must parse to (physical lines counted here, independently). */
function build(f: GenFile): { text: string; expected: Expected[] } {
  const lines: string[] = [HEADER + (f.trailingCommas ? ',,' : '')];
  let line = 2;
  const expected: Expected[] = [];
  for (const r of f.rows) {
    for (let i = 0; i < r.blankLinesBefore; i++) {
      lines.push('');
      line++;
    }
    const ext = r.extension === 'MATCH' ? (BY_LOGIN.get(cellValue(r.loginId))?.extension ?? '20201') : r.extension;
    const fields = [r.kind, ext, r.loginId, r.password, r.mfa, r.email];
    const record = fields.map((v) => fieldText(v, f.quoteAll)).join(',') + (f.trailingCommas ? ',,' : '');
    lines.push(record);
    if (fields.some((v) => v !== '')) expected.push({ line, fields });
    line += 1 + breaks(record);
  }
  return { text: lines.join(f.eol) + f.eol, expected };
}

function encode(text: string, encoding: CsvEncoding): Buffer {
  if (encoding === 'cp932') return iconv.encode(text, 'cp932');
  const b = Buffer.from(text, 'utf8');
  return encoding === 'utf-8-bom' ? Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), b]) : b;
}

/** The bytes to parse, the max size, and the fault kinds the corruption must give (null: none). */
function corrupt(f: GenFile, text: string, expected: Expected[]): { bytes: Buffer; maxBytes?: number; faults: CsvFileFault[] | 'any' | null } {
  const enc = (t: string) => encode(t, f.encoding);
  const eol = f.eol;
  switch (f.corruption) {
    case 'none':
      return { bytes: enc(text), faults: null };
    case 'nul': {
      const at = f.at % (text.length + 1);
      return { bytes: enc(text.slice(0, at) + '\u0000' + text.slice(at)), faults: ['not-csv'] };
    }
    case 'headerTypo':
      return { bytes: enc(text.replace('多要素認証', '多要素認証 ')), faults: ['header'] };
    case 'noHeader': {
      const rest = text.slice(text.indexOf(eol) + eol.length);
      return { bytes: enc(rest), faults: ['header', 'empty'] };
    }
    case 'extraField': {
      if (expected.length === 0) return { bytes: enc(text), faults: null };
      return { bytes: enc(text.replace(/\r?\n$/, '') + `${eol}端末ユーザ,20201,user01,,ON,,x${eol}`), faults: ['structure'] };
    }
    case 'shortRow': {
      const at = text.indexOf(eol) + eol.length;
      return { bytes: enc(text.slice(0, at) + `端末ユーザ,20201${eol}` + text.slice(at)), faults: ['structure'] };
    }
    case 'unclosedQuote':
      return { bytes: enc(`${text}"端末ユーザ,20201,user01,,ON,${eol}`), faults: ['structure'] };
    case 'junk':
      return { bytes: Buffer.from(f.junk), faults: 'any' };
    case 'badByte':
      return { bytes: Buffer.concat([enc(text), Buffer.from([0xff])]), faults: ['undecodable'] };
    case 'tooLarge': {
      const bytes = enc(text);
      return { bytes, maxBytes: bytes.length - 1, faults: ['too-large'] };
    }
    case 'empty':
      return { bytes: [Buffer.alloc(0), Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(eol + eol)][f.at % 3], faults: ['empty'] };
  }
}

const NON_EMPTY_TO_CHANGE: Array<[Column, 'passwordPlain' | 'mfa' | 'email']> = [
  [COL.password, 'passwordPlain'],
  [COL.mfa, 'mfa'],
  [COL.email, 'email'],
];

function escapeRe(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
const MESSAGE_HEAD = new RegExp(`^(\\d+)行目 (${COLUMNS.map(escapeRe).join('|')})[「（]`);

/** The rules, stated again independently: is a terminal-user row fine by itself in this phase? */
function rowIsValid(v: Record<string, string>, phase: Phase): boolean {
  if (v[COL.kind] !== '端末ユーザ') return false;
  if (!/^[0-9]{2,11}$/.test(v[COL.extension])) return false;
  if (!/^[\x21-\x7e]{1,64}$/.test(v[COL.loginId])) return false;
  if (v[COL.password] !== '' && passwordProblem(v[COL.password], v[COL.loginId]) !== null) return false;
  const m = v[COL.mfa];
  if (!(m === '' || m === 'ON' || (m === 'OFF' && phase !== 'after'))) return false;
  const e = v[COL.email];
  if (!(e === '' || e === '削除' || isEmailAddress(e))) return false;
  return true;
}

const statuses = { applied: 0, refused: 0, skipped: 0 };

function checkPlan(parsed: ParsedCsv, phase: Phase): void {
  const out = planImport(parsed.rows, ACCOUNTS, phase);
  for (const o of out) statuses[o.status]++;
  assert.equal(out.length, parsed.rows.length, 'one outcome per row');
  const seen = new Set<string>();
  for (let i = 0; i < out.length; i++) {
    const o = out[i];
    const r = parsed.rows[i];
    const v = r.values;
    assert.equal(o.line, r.line, 'outcomes are in row order, on the row’s line');
    assert.equal(o.loginId, v[COL.loginId]);
    assert.ok(['applied', 'refused', 'skipped'].includes(o.status));
    if (o.status !== 'applied') assert.equal(o.change, undefined, `a ${o.status} row has no change`);
    if (o.status !== 'applied') assert.ok(o.messages.length > 0, `a ${o.status} row says why`);
    for (const m of o.messages) {
      const head = MESSAGE_HEAD.exec(m);
      assert.ok(head, `message names a line and a column: ${m}`);
      assert.equal(Number(head[1]), r.line, `message names the row's own line: ${m}`);
    }

    const loginId = v[COL.loginId];
    const duplicate = loginId !== '' && seen.has(loginId);
    if (loginId !== '') seen.add(loginId);
    const account = BY_LOGIN.get(loginId);

    if (v[COL.kind] === 'ユーザ管理者') {
      assert.equal(o.status, 'skipped', 'ユーザ管理者 rows are left alone');
      continue;
    }
    const ok = !duplicate && account !== undefined && account.kind === 'terminal' && account.extension === v[COL.extension] && rowIsValid(v, phase);
    const nothing = v[COL.password] === '' && v[COL.mfa] === '' && v[COL.email] === '';
    const want = !ok ? 'refused' : nothing ? 'skipped' : 'applied';
    assert.equal(o.status, want, `line ${r.line}: ${JSON.stringify(v)} → ${o.messages.join(' / ')}`);

    if (o.status === 'applied') {
      const c = o.change!;
      assert.equal(c.accountId, account!.id);
      const keys = Object.keys(c).filter((k) => k !== 'accountId').sort();
      const wantKeys = NON_EMPTY_TO_CHANGE.filter(([col]) => v[col] !== '').map(([, k]) => k).sort();
      assert.deepEqual(keys, wantKeys, 'the change holds exactly the non-empty fields');
      if (v[COL.password] !== '') assert.equal(c.passwordPlain, v[COL.password]);
      if (v[COL.mfa] !== '') assert.equal(c.mfa, v[COL.mfa] === 'ON');
      if (v[COL.email] !== '') assert.equal(c.email, v[COL.email] === '削除' ? null : v[COL.email]);
    }
    if (phase === 'after' && v[COL.kind] === '端末ユーザ' && v[COL.mfa] === 'OFF') {
      assert.equal(o.status, 'refused');
      assert.ok(o.messages.some((m) => m.startsWith(`${r.line}行目 多要素認証「OFF」: `)), 'the OFF refusal names line, column and value');
    }
  }
}

test(`account CSV import: ${RUNS} generated files, mostly bad`, () => {
  let cases = 0;
  const byCorruption = new Map<string, number>();
  let parsedRows = 0;
  fc.assert(
    fc.property(fileArb, (f) => {
      cases++;
      byCorruption.set(f.corruption, (byCorruption.get(f.corruption) ?? 0) + 1);
      const { text, expected } = build(f);
      const { bytes, maxBytes, faults } = corrupt(f, text, expected);
      let parsed: ParsedCsv;
      try {
        parsed = parseAccountCsv(bytes, { maxBytes });
      } catch (e) {
        assert.ok(e instanceof CsvFileError, `only CsvFileError may be thrown, got ${String(e)}`);
        assert.ok(faults !== null, `an intact file was refused: ${e.message} / ${e.detail}`);
        if (faults !== 'any') assert.ok(faults.includes(e.fault), `fault ${e.fault}, expected one of ${faults.join(', ')}`);
        assert.ok(e.message.length > 0 && e.detail.length > 0);
        return;
      }
      assert.equal(faults, null, `a corrupted file (${f.corruption}) was accepted`);
      assert.equal(parsed.encoding, f.encoding);
      assert.equal(parsed.eol, f.eol === '\r\n' ? 'crlf' : 'lf');
      assert.deepEqual(
        parsed.rows.map((r) => ({ line: r.line, fields: r.raw })),
        expected,
        'the rows are the generated ones, on their physical lines',
      );
      for (const r of parsed.rows) assert.deepEqual(COLUMNS.map((c) => r.values[c]), r.raw.map(cellValue));
      parsedRows += parsed.rows.length;
      checkPlan(parsed, f.phase);
    }),
    { numRuns: RUNS },
  );
  console.log(`property test: ${cases} cases run (${parsedRows} rows planned: ${statuses.applied} applied, ${statuses.refused} refused, ${statuses.skipped} skipped; files: ${[...byCorruption].map(([k, n]) => `${k} ${n}`).join(', ')})`);
  assert.equal(cases, RUNS);
  assert.ok(statuses.applied > 100 && statuses.refused > 100 && statuses.skipped > 100, 'every outcome is exercised');
});
