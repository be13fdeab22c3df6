// Download of the accounts in the account CSV format, and the round trip download → upload.

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import iconv from 'iconv-lite';
import { decodeCsv } from '../../server/csv/decode.ts';
import { exportAccountsCsv } from '../../server/csv/export.ts';
import { COL } from '../../server/csv/format.ts';
import { parseAccountCsv } from '../../server/csv/parse.ts';
import { planImport } from '../../server/csv/validate.ts';
import { account } from '../../harness/csv/generate.ts';
import { HEADER, fixtureAccounts } from './helpers.ts';

describe('exportAccountsCsv', () => {
  test('CP932 by default, CRLF, header, one row per account, password always empty', () => {
    const bytes = exportAccountsCsv(fixtureAccounts());
    const text = iconv.decode(bytes, 'cp932');
    assert.equal(decodeCsv(bytes).encoding, 'cp932');
    assert.equal(bytes.subarray(0, 2).toString('hex'), iconv.encode('ア', 'cp932').toString('hex'), 'no BOM, Shift_JIS bytes');
    assert.equal(
      text,
      [
        HEADER,
        'ユーザ管理者,,admin01,,ON,admin@example.co.jp',
        '端末ユーザ,20201,user01,,OFF,',
        '端末ユーザ,20202,user02,,ON,user02@example.co.jp',
        '端末ユーザ,20203,user03,,OFF,user03@example.co.jp',
        '',
      ].join('\r\n'),
    );
  });
  test('UTF-8 with BOM on request', () => {
    const bytes = exportAccountsCsv(fixtureAccounts(), { encoding: 'utf-8-bom' });
    assert.deepEqual([...bytes.subarray(0, 3)], [0xef, 0xbb, 0xbf]);
    assert.equal(decodeCsv(bytes).encoding, 'utf-8-bom');
    assert.ok(bytes.toString('utf8').includes('\r\n端末ユーザ,20201,user01,,OFF,\r\n'));
  });
  test('cells that a spreadsheet would run as formulas get a leading apostrophe', () => {
    const accounts = [
      account('t', 'a1', 'terminal', '=HYPERLINK("http://x")', '20201', true, '+cmd@example.com'),
      account('t', 'a2', 'terminal', '@SUM(1)', '20202', false, '-x@example.com'),
      account('t', 'a3', 'terminal', "'=x", '20203', false, '=1+1@example.com'),
    ];
    const text = iconv.decode(exportAccountsCsv(accounts), 'cp932').split('\r\n');
    assert.equal(text[1], `端末ユーザ,20201,"'=HYPERLINK(""http://x"")",,ON,'+cmd@example.com`);
    assert.equal(text[2], "端末ユーザ,20202,'@SUM(1),,OFF,'-x@example.com");
    assert.equal(text[3], "端末ユーザ,20203,''=x,,OFF,'=1+1@example.com");
  });
  test('a downloaded file uploads again unchanged (values equal the accounts, in both encodings)', () => {
    const accounts = [
      ...fixtureAccounts(),
      account('t1', 'acc-4', 'terminal', '-dash', '20204', true, '=eq@example.com'),
      account('t1', 'acc-5', 'terminal', '+plus,comma', '20205', false, '+plus@example.com'),
      account('t1', 'acc-8', 'terminal', '@at', '20208', false, 'at@example.com'),
      account('t1', 'acc-6', 'terminal', "'=quoted\"", '20206', true, null),
      account('t1', 'acc-7', 'terminal', "'plain", '20207', true, "o'neil@example.com"),
    ];
    for (const encoding of ['cp932', 'utf-8-bom'] as const) {
      const parsed = parseAccountCsv(exportAccountsCsv(accounts, { encoding }));
      assert.equal(parsed.encoding, encoding);
      assert.equal(parsed.eol, 'crlf');
      assert.deepEqual(
        parsed.rows.map((r) => [r.values[COL.loginId], r.values[COL.extension], r.values[COL.mfa], r.values[COL.email], r.values[COL.password]]),
        accounts.map((a) => [a.loginId, a.extension ?? '', a.mfa ? 'ON' : 'OFF', a.email ?? '', '']),
      );
      const plan = planImport(parsed.rows, accounts, 'before');
      assert.equal(plan[0].status, 'skipped', 'the administrator row is left alone');
      for (const o of plan.slice(1)) {
        const a = accounts.find((x) => x.loginId === o.loginId)!;
        assert.equal(o.status, 'applied', o.messages.join());
        assert.equal(o.change!.accountId, a.id);
        assert.equal(o.change!.mfa, a.mfa, 'MFA unchanged');
        assert.equal(o.change!.email, a.email ?? undefined, 'address unchanged');
        assert.equal(o.change!.passwordPlain, undefined, 'password unchanged');
      }
    }
  });
  test('a character CP932 cannot hold is an error, not a silent "?"', () => {
    const accounts = [account('t', 'a1', 'terminal', 'user01', '20201', true, 'a😀@example.com')];
    assert.throws(() => exportAccountsCsv(accounts), /CP932/);
    assert.ok(exportAccountsCsv(accounts, { encoding: 'utf-8-bom' }).toString('utf8').includes('a😀@example.com'));
  });
  test('no accounts: the header only, which uploads as zero rows', () => {
    const bytes = exportAccountsCsv([]);
    assert.equal(iconv.decode(bytes, 'cp932'), `${HEADER}\r\n`);
    assert.deepEqual(parseAccountCsv(bytes).rows, []);
  });
});
