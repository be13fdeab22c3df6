// Shared fixtures of the account CSV tests.

import iconv from 'iconv-lite';
import { COLUMNS, COL, type Column, type CsvEncoding } from '../../server/csv/format.ts';
import type { CsvRow } from '../../server/csv/parse.ts';
import type { Account } from '../../server/store/types.ts';
import { account } from '../../harness/csv/generate.ts';

export const HEADER = COLUMNS.join(',');

/** Lines joined with `eol` (one after the last too), encoded. */
export function csvBytes(lines: string[], opts: { encoding?: CsvEncoding; eol?: '\r\n' | '\n' } = {}): Buffer {
  const eol = opts.eol ?? '\r\n';
  const text = lines.join(eol) + eol;
  const encoding = opts.encoding ?? 'utf-8';
  if (encoding === 'cp932') return iconv.encode(text, 'cp932');
  const body = Buffer.from(text, 'utf8');
  return encoding === 'utf-8-bom' ? Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), body]) : body;
}

/** The tenant of the tests: three terminal users and the administrator. */
export function fixtureAccounts(): Account[] {
  return [
    account('t1', 'acc-admin', 'admin', 'admin01', null, true, 'admin@example.co.jp'),
    account('t1', 'acc-1', 'terminal', 'user01', '20201', false, null),
    account('t1', 'acc-2', 'terminal', 'user02', '20202', true, 'user02@example.co.jp'),
    account('t1', 'acc-3', 'terminal', 'user03', '20203', false, 'user03@example.co.jp'),
  ];
}

/** A CsvRow for the rules without going through a file. */
export function row(line: number, values: Partial<Record<Column, string>>): CsvRow {
  const v = {
    [COL.kind]: '端末ユーザ',
    [COL.extension]: '20201',
    [COL.loginId]: 'user01',
    [COL.password]: '',
    [COL.mfa]: '',
    [COL.email]: '',
    ...values,
  } as Record<Column, string>;
  return { line, values: v, raw: COLUMNS.map((c) => v[c]) };
}
