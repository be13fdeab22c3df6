// The account CSV generator (tests, benchmarks) and a small run of the benchmark.

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { applyToData, benchCsv, renderBench } from '../../harness/bench/csv.ts';
import { generateAccountsCsv } from '../../harness/csv/generate.ts';
import { COL } from '../../server/csv/format.ts';
import { parseAccountCsv } from '../../server/csv/parse.ts';
import { planImport } from '../../server/csv/validate.ts';
import type { Account } from '../../server/store/types.ts';

describe('generateAccountsCsv', () => {
  for (const encoding of ['cp932', 'utf-8', 'utf-8-bom'] as const) {
    test(`${encoding}: the file parses to its rows, matching the accounts`, () => {
      const g = generateAccountsCsv({ rows: 2500, encoding, eol: encoding === 'utf-8' ? 'lf' : 'crlf', deleteEmailRatio: 0.1 });
      const p = parseAccountCsv(g.bytes);
      assert.equal(p.encoding, encoding);
      assert.equal(p.eol, encoding === 'utf-8' ? 'lf' : 'crlf');
      assert.equal(p.rows.length, 2501);
      assert.equal(g.rowCount, 2501);
      assert.equal(g.accounts.length, 2501);
      assert.equal(p.rows[0].values[COL.kind], 'ユーザ管理者');
      assert.equal(p.rows[1].values[COL.loginId], 'u000001');
      assert.equal(p.rows[1].values[COL.extension], '2000001');
      assert.equal(p.rows[2500].line, 2502);
      const byLogin = new Map(g.accounts.map((a) => [a.loginId, a]));
      for (const r of p.rows) {
        const a = byLogin.get(r.values[COL.loginId])!;
        assert.equal(a.extension ?? '', r.values[COL.extension]);
        assert.equal(a.mfa, r.values[COL.mfa] === 'ON');
      }
      const out = planImport(p.rows, g.accounts, 'window');
      assert.equal(out.filter((o) => o.status === 'applied').length, 2500, 'every terminal row applies before the cutover');
      assert.ok(out.some((o) => o.change?.email === null), 'some rows clear the address (削除)');
      assert.ok(g.text.startsWith('アカウント区分,'));
    });
  }
  test('deterministic for a seed; quoteAll gives the same values', () => {
    const a = generateAccountsCsv({ rows: 50, seed: 7 });
    const b = generateAccountsCsv({ rows: 50, seed: 7 });
    const c = generateAccountsCsv({ rows: 50, seed: 7, quoteAll: true });
    assert.deepEqual(a.bytes, b.bytes);
    assert.notDeepEqual(a.bytes, c.bytes);
    assert.deepEqual(parseAccountCsv(a.bytes).rows.map((r) => r.values), parseAccountCsv(c.bytes).rows.map((r) => r.values));
  });
  test('ratios: all OFF, no addresses, passwords', () => {
    const g = generateAccountsCsv({ rows: 20, mfaOffRatio: 1, noEmailRatio: 1, withPasswords: true, adminRow: false });
    const rows = parseAccountCsv(g.bytes).rows;
    assert.ok(rows.every((r) => r.values[COL.mfa] === 'OFF' && r.values[COL.email] === '' && r.values[COL.password] !== ''));
    assert.ok(planImport(rows, g.accounts, 'before').every((o) => o.status === 'applied' && o.change?.passwordPlain));
  });
});

describe('benchmark', () => {
  test('applyToData applies each planned change with the portal\'s apply step', () => {
    const g = generateAccountsCsv({ rows: 10, adminRow: false, accountsMfa: 'opposite' });
    const before = structuredClone(g.accounts);
    const data = { tenants: [], accounts: g.accounts, otps: [] };
    const out = planImport(parseAccountCsv(g.bytes).rows, g.accounts, 'window');
    assert.equal(applyToData(data, 't-gen', out), 10);
    for (const o of out) assert.equal(data.accounts.find((a) => a.id === o.change!.accountId)!.mfa, o.change!.mfa);
    assert.ok(before.every((a, i) => data.accounts[i].mfa !== a.mfa), 'every account changed');
  });
  test('a small run gives consistent figures', async () => {
    const r = await benchCsv({ rows: 3000 });
    assert.equal(r.rows, 3000);
    assert.equal(r.applied, 3000);
    assert.equal(r.refused, 0);
    const sum = r.stages.decodeMs + r.stages.parseMs + r.stages.validateMs + r.stages.applyMs;
    assert.ok(Math.abs(sum - r.totalMs) < 1, 'the stages add up to the total');
    for (const v of [r.totalMs, r.rowsPerSec, r.bareCsvParseMs, r.bareRowsPerSec, r.ratio, r.peakRssMb]) assert.ok(Number.isFinite(v) && v > 0);
    assert.match(renderBench(r), /bare csv-parse/);
  });
});
