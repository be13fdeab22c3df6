// The apply step of an import (server/csv/import.ts): what an applied row changes on its account, the
// refusal of a row whose account or password hash no longer matches, and the record of each import.

import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { verifyPassword } from '../../server/auth/password.ts';
import { OffsetClock, systemClock, DEFAULT_CALENDAR } from '../../server/calendar.ts';
import { applyPlan, importAccountsCsv, importsOf, IMPORTS_KEPT } from '../../server/csv/import.ts';
import { parseAccountCsv } from '../../server/csv/parse.ts';
import { planImport } from '../../server/csv/validate.ts';
import { Store } from '../../server/store/db.ts';
import { createTenant } from '../../server/store/seed.ts';
import type { Data } from '../../server/store/types.ts';
import { Tenants } from '../../server/tenants.ts';
import { HEADER, csvBytes, fixtureAccounts } from './helpers.ts';

function data(): Data {
  const accounts = fixtureAccounts();
  accounts[1].registrationOffered = true;
  return {
    tenants: [],
    accounts,
    otps: [
      { accountId: 'acc-2', purpose: 'login', email: 'user02@example.co.jp', codeHash: 'x', createdAt: '', expiresAt: '', attempts: 0, sends: [] },
      { accountId: 'acc-3', purpose: 'login', email: 'user03@example.co.jp', codeHash: 'y', createdAt: '', expiresAt: '', attempts: 0, sends: [] },
    ],
  };
}

const plan = (d: Data, lines: string[]) => planImport(parseAccountCsv(csvBytes([HEADER, ...lines])).rows, d.accounts, 'before');

describe('applyPlan', () => {
  test('an applied row sets 多要素認証, replaces or clears the address (voiding codes sent before), sets the hashed password', () => {
    const d = data();
    const out = plan(d, ['端末ユーザ,20201,user01,Newpass2026,ON,', '端末ユーザ,20202,user02,,OFF,new02@example.co.jp', '端末ユーザ,20203,user03,,,削除']);
    const final = applyPlan(d, 't1', out, new Map([[2, { plain: 'Newpass2026', hash: 'scrypt$hash' }]]));
    assert.deepEqual(final.map((o) => o.status), ['applied', 'applied', 'applied']);
    const [, u1, u2, u3] = d.accounts;
    assert.deepEqual([u1.mfa, u1.passwordHash, u1.passwordVersion], [true, 'scrypt$hash', 1]);
    assert.deepEqual([u2.mfa, u2.email], [false, 'new02@example.co.jp']);
    assert.deepEqual([u3.email, u3.registrationOffered], [null, false]);
    assert.deepEqual(d.otps, [], 'codes sent to the old addresses are void');
  });

  test('an address set to the one already registered changes nothing and keeps the pending code', () => {
    const d = data();
    applyPlan(d, 't1', plan(d, ['端末ユーザ,20202,user02,,,user02@example.co.jp']), new Map());
    assert.equal(d.otps.length, 2);
  });

  test('a password with no hash made from the same text refuses its row, naming line and column; nothing of it changes', () => {
    const d = data();
    const before = structuredClone(d.accounts[1]);
    const final = applyPlan(d, 't1', plan(d, ['端末ユーザ,20201,user01,Newpass2026,ON,x@example.co.jp']), new Map([[2, { plain: 'Other2026pw', hash: 'h' }]]));
    assert.equal(final[0].status, 'refused');
    assert.equal(final[0].change, undefined);
    assert.match(final[0].messages[0], /^2行目 ログインID「user01」: このアカウントは取り込みの間に変更されました。/);
    assert.deepEqual(d.accounts[1], before);
  });

  test('a row whose account is gone (or of another tenant) is refused', () => {
    const d = data();
    const out = plan(d, ['端末ユーザ,20201,user01,,OFF,']);
    assert.equal(applyPlan(d, 'other-tenant', out, new Map())[0].status, 'refused');
    assert.equal(d.accounts[1].mfa, false);
    d.accounts.splice(1, 1);
    assert.equal(applyPlan(d, 't1', out, new Map())[0].status, 'refused');
  });
});

describe('importAccountsCsv', () => {
  async function setup() {
    const store = await Store.open('');
    const clock = new OffsetClock(systemClock);
    const tenants = new Tenants(store, clock, DEFAULT_CALENDAR);
    const at = new Date('2026-06-30T10:00:00+09:00');
    const { tenant } = await createTenant(
      store,
      { clockOffsetMs: at.getTime() - clock.now().getTime(), accounts: [{ kind: 'terminal', loginId: 'imp01', extension: '20201', password: 'Secret2026x', mfa: false }] },
      2 ** 10,
      clock.now(),
    );
    await tenants.settle(tenant.id);
    return { store, tenants, tenant, deps: { store, tenants, scryptN: 2 ** 10, maxBytes: 1024 * 1024 } };
  }

  test('one import: the rows by the tenant\'s phase of that moment, the password hashed, the record with the tenant\'s time', async () => {
    const { store, tenant, deps } = await setup();
    const r = await importAccountsCsv(deps, tenant.id, 'admin01', { name: 'a.csv', bytes: csvBytes([HEADER, '端末ユーザ,20201,imp01,Newpass2026,OFF,', '端末ユーザ,20201,imp01,Newpass2026,ON,']) });
    assert.equal(r.ok, true);
    assert.deepEqual(r.record.counts, { rows: 2, applied: 0, refused: 2, skipped: 0 });
    assert.equal(r.record.phase, 'after');
    assert.match(r.record.at, /^2026-06-30T01:0/);
    const ok = await importAccountsCsv(deps, tenant.id, 'admin01', { name: 'b.csv', bytes: csvBytes([HEADER, '端末ユーザ,20201,imp01,Newpass2026,ON,']) });
    assert.deepEqual(ok.record.counts, { rows: 1, applied: 1, refused: 0, skipped: 0 });
    const a = store.data.accounts[0];
    assert.equal(a.mfa, true);
    assert.equal(await verifyPassword('Newpass2026', a.passwordHash), true);
    assert.deepEqual(importsOf(store.data, tenant.id).map((x) => x.fileName), ['b.csv', 'a.csv']);
  });

  test('a whole-file fault is recorded with its message, nothing applied', async () => {
    const { store, tenant, deps } = await setup();
    const before = structuredClone(store.data.accounts);
    const r = await importAccountsCsv(deps, tenant.id, 'admin01', { name: 'bad.csv', bytes: Buffer.from('x,y\r\n') });
    assert.equal(r.ok, false);
    assert.equal(r.record.fault?.message.startsWith('1行目の見出し行が正しくありません。'), true);
    assert.deepEqual(store.data.accounts, before);
  });

  test(`the newest ${IMPORTS_KEPT} imports of a tenant are kept`, async () => {
    const { store, tenant, deps } = await setup();
    for (let i = 0; i < IMPORTS_KEPT + 3; i++) {
      await importAccountsCsv(deps, tenant.id, 'admin01', { name: `${i}.csv`, bytes: csvBytes([HEADER, '端末ユーザ,20201,imp01,,ON,']) });
    }
    const kept = importsOf(store.data, tenant.id);
    assert.equal(kept.length, IMPORTS_KEPT);
    assert.equal(kept[0].fileName, `${IMPORTS_KEPT + 2}.csv`);
    assert.equal(kept.at(-1)!.fileName, '3.csv');
  });
});
