// The per-row rules of the account CSV import and the plan of an import.

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { Phase } from '../../server/calendar.ts';
import { COL } from '../../server/csv/format.ts';
import { parseAccountCsv } from '../../server/csv/parse.ts';
import { planImport, validateRow, type RowOutcome } from '../../server/csv/validate.ts';
import { HEADER, csvBytes, fixtureAccounts, row } from './helpers.ts';

const PHASES: Phase[] = ['before', 'window', 'after'];

function one(values: Parameters<typeof row>[1], phase: Phase, line = 2): RowOutcome {
  const [o] = planImport([row(line, values)], fixtureAccounts(), phase);
  return o;
}

function refusedWith(o: RowOutcome, pattern: RegExp | string): void {
  assert.equal(o.status, 'refused', `expected refused, got ${o.status}: ${o.messages.join(' / ')}`);
  assert.equal(o.change, undefined, 'a refused row carries no change');
  const found = o.messages.some((m) => (typeof pattern === 'string' ? m === pattern : pattern.test(m)));
  assert.ok(found, `no message matches ${pattern}: ${JSON.stringify(o.messages)}`);
}

describe('アカウント区分', () => {
  test('端末ユーザ is applied', () => {
    const o = one({ [COL.mfa]: 'ON' }, 'before');
    assert.equal(o.status, 'applied');
    assert.deepEqual(o.change, { accountId: 'acc-1', mfa: true });
    assert.deepEqual(o.messages, []);
  });
  test('ユーザ管理者 rows are skipped whatever they hold, in every phase', () => {
    for (const phase of PHASES) {
      const o = one({ [COL.kind]: 'ユーザ管理者', [COL.extension]: '', [COL.loginId]: 'admin01', [COL.mfa]: 'OFF', [COL.password]: 'x' }, phase, 7);
      assert.equal(o.status, 'skipped');
      assert.equal(o.change, undefined);
      assert.deepEqual(o.messages, ['7行目 アカウント区分「ユーザ管理者」: ユーザ管理者の行は取り込みでは変更しません。']);
    }
  });
  test('any other value is refused, naming line, column and value', () => {
    for (const v of ['', '端末', '管理者', ' 端末ユーザ']) {
      refusedWith(one({ [COL.kind]: v, [COL.mfa]: 'ON' }, 'before', 5), `5行目 アカウント区分「${v}」: 「端末ユーザ」または「ユーザ管理者」を指定してください。`);
    }
  });
  test('an administrator account in the file as 端末ユーザ is refused', () => {
    const o = one({ [COL.loginId]: 'admin01', [COL.extension]: '20201', [COL.mfa]: 'ON' }, 'before', 4);
    refusedWith(o, /^4行目 アカウント区分「端末ユーザ」: このログインIDはユーザ管理者のアカウントです/);
  });
});

describe('内線番号', () => {
  test('2 to 11 digits', () => {
    const accounts = fixtureAccounts();
    accounts[1].extension = '12';
    assert.equal(planImport([row(2, { [COL.extension]: '12', [COL.mfa]: 'ON' })], accounts, 'before')[0].status, 'applied');
    accounts[1].extension = '12345678901';
    assert.equal(planImport([row(2, { [COL.extension]: '12345678901', [COL.mfa]: 'ON' })], accounts, 'before')[0].status, 'applied');
  });
  test('not 2 to 11 digits is refused', () => {
    for (const v of ['1', '123456789012', '20a01', '２０２０１', '-20201', '20 201']) {
      refusedWith(one({ [COL.extension]: v, [COL.mfa]: 'ON' }, 'before', 3), `3行目 内線番号「${v}」: 内線番号は2桁以上11桁以内の半角数字で入力してください。`);
    }
  });
  test('empty is refused on a terminal-user row', () => {
    refusedWith(one({ [COL.extension]: '', [COL.mfa]: 'ON' }, 'before'), /^2行目 内線番号「」: 端末ユーザの行には内線番号が必要です。/);
  });
  test('an extension that differs from the account is refused (the import does not change it)', () => {
    refusedWith(one({ [COL.extension]: '20299', [COL.mfa]: 'ON' }, 'after', 6), /^6行目 内線番号「20299」: このログインIDのアカウントの内線番号（20201）と一致しません。/);
  });
});

describe('ログインID', () => {
  test('required', () => {
    refusedWith(one({ [COL.loginId]: '', [COL.mfa]: 'ON' }, 'before'), '2行目 ログインID「」: ログインIDを入力してください。');
  });
  test('1 to 64 printable ASCII characters', () => {
    for (const v of ['a'.repeat(65), 'user 01', 'ユーザ01', 'user\t01']) {
      refusedWith(one({ [COL.loginId]: v, [COL.mfa]: 'ON' }, 'before'), /^2行目 ログインID「.*」: ログインIDは64文字以内の半角英数字記号で入力してください。$/);
    }
  });
  test('a well-formed ID of no account is refused: the import does not create accounts', () => {
    refusedWith(one({ [COL.loginId]: 'nobody', [COL.mfa]: 'ON' }, 'before', 9), /^9行目 ログインID「nobody」: このログインIDのアカウントはありません/);
  });
  test('64 characters is fine by itself', () => {
    const c = validateRow(row(2, { [COL.loginId]: 'a'.repeat(64) }), 'before');
    assert.deepEqual(c.messages, []);
    assert.equal(c.loginIdValid, true);
  });
  test('the same ログインID twice: the second is refused, naming the first line', () => {
    const rows = [row(2, { [COL.mfa]: 'ON' }), row(3, { [COL.email]: 'x@example.com' }), row(4, { [COL.loginId]: 'user02', [COL.extension]: '20202', [COL.mfa]: 'ON' })];
    const out = planImport(rows, fixtureAccounts(), 'before');
    assert.deepEqual(out.map((o) => o.status), ['applied', 'refused', 'applied']);
    refusedWith(out[1], '3行目 ログインID「user01」: 同じログインIDが2行目にもあります。2つ目以降の行は取り込みません。');
  });
  test('a duplicate is refused even when the first row was refused', () => {
    const rows = [row(2, { [COL.mfa]: 'X' }), row(3, { [COL.mfa]: 'ON' })];
    const out = planImport(rows, fixtureAccounts(), 'before');
    assert.deepEqual(out.map((o) => o.status), ['refused', 'refused']);
    refusedWith(out[1], /同じログインIDが2行目にもあります/);
  });
});

describe('パスワード', () => {
  test('empty: unchanged (no passwordPlain in the change)', () => {
    const o = one({ [COL.mfa]: 'ON' }, 'before');
    assert.equal(o.change?.passwordPlain, undefined);
    assert.equal('passwordPlain' in (o.change ?? {}), false);
  });
  test('a password that meets the policy is applied as given', () => {
    const o = one({ [COL.password]: 'Secret123' }, 'after');
    assert.equal(o.status, 'applied');
    assert.deepEqual(o.change, { accountId: 'acc-1', passwordPlain: 'Secret123' });
  });
  test('the policy: length, characters, letter and digit, not the login ID; the value is never shown', () => {
    const cases: Array<[string, RegExp]> = [
      ['Ab1', /8文字以上64文字以内/],
      ['A1' + 'x'.repeat(63), /8文字以上64文字以内/],
      ['パスワード1234a', /半角英数字記号のみ/],
      ['abcdefgh', /英字と数字/],
      ['12345678', /英字と数字/],
    ];
    for (const [pw, re] of cases) {
      const o = one({ [COL.password]: pw }, 'before', 8);
      refusedWith(o, re);
      const m = o.messages.find((x) => re.test(x))!;
      assert.match(m, /^8行目 パスワード（値は表示しません）: /);
      assert.ok(!m.includes(pw), 'the password is not repeated in the message');
    }
    const accounts = fixtureAccounts();
    accounts[1].loginId = 'user0001x';
    const [o] = planImport([row(2, { [COL.loginId]: 'user0001x', [COL.password]: 'user0001x' })], accounts, 'before');
    refusedWith(o, /ログインIDと同じパスワード/);
  });
});

describe('多要素認証, per phase', () => {
  for (const phase of ['before', 'window'] as const) {
    test(`${phase}: ON and OFF are applied`, () => {
      assert.deepEqual(one({ [COL.mfa]: 'ON' }, phase).change, { accountId: 'acc-1', mfa: true });
      assert.deepEqual(one({ [COL.mfa]: 'OFF' }, phase).change, { accountId: 'acc-1', mfa: false });
    });
    test(`${phase}: other values are refused`, () => {
      for (const v of ['on', 'off', '有効', '1', ' ON']) {
        refusedWith(one({ [COL.mfa]: v }, phase, 4), `4行目 多要素認証「${v}」: 「ON」または「OFF」を指定してください（空欄は変更なし）。`);
      }
    });
  }
  test('after: OFF on a terminal-user row is refused with line, column and value', () => {
    refusedWith(one({ [COL.mfa]: 'OFF' }, 'after', 3), '3行目 多要素認証「OFF」: 2026年6月29日以降、端末ユーザの多要素認証はOFFにできません。');
  });
  test('after: ON is applied, other values are refused saying ON only', () => {
    assert.deepEqual(one({ [COL.mfa]: 'ON' }, 'after').change, { accountId: 'acc-1', mfa: true });
    refusedWith(one({ [COL.mfa]: 'yes' }, 'after'), /^2行目 多要素認証「yes」: 「ON」を指定してください/);
  });
  test('after: the other rows go on', () => {
    const rows = [
      row(2, { [COL.mfa]: 'ON' }),
      row(3, { [COL.loginId]: 'user02', [COL.extension]: '20202', [COL.mfa]: 'OFF', [COL.email]: 'new@example.com' }),
      row(4, { [COL.loginId]: 'user03', [COL.extension]: '20203', [COL.email]: 'u3@example.com' }),
    ];
    const out = planImport(rows, fixtureAccounts(), 'after');
    assert.deepEqual(out.map((o) => o.status), ['applied', 'refused', 'applied']);
    assert.equal(out[1].change, undefined, 'the refused row does not change its address either');
  });
  test('empty: unchanged in every phase', () => {
    for (const phase of PHASES) {
      const o = one({ [COL.email]: 'a@example.com' }, phase);
      assert.deepEqual(o.change, { accountId: 'acc-1', email: 'a@example.com' });
    }
  });
});

describe('メールアドレス', () => {
  test('削除 clears the address', () => {
    assert.deepEqual(one({ [COL.email]: '削除' }, 'after').change, { accountId: 'acc-1', email: null });
  });
  test('a valid address is applied', () => {
    for (const v of ['a@example.com', 'first.last+tag@mail.example.co.jp', "o'neil@example.jp", 'x'.repeat(64) + '@example.com']) {
      assert.deepEqual(one({ [COL.email]: v }, 'window').change, { accountId: 'acc-1', email: v }, v);
    }
  });
  test('an invalid address is refused', () => {
    const long = `${'a'.repeat(64)}@${'b'.repeat(60)}.${'c'.repeat(60)}.${'d'.repeat(60)}.${'e'.repeat(10)}.jp`;
    assert.ok(long.length > 254);
    for (const v of ['abc', 'a@b', '@example.com', 'a@example..com', 'a b@example.com', 'a@-example.com', '削除する', '山田@example.com', 'x'.repeat(65) + '@example.com', long]) {
      refusedWith(one({ [COL.email]: v }, 'before', 11), /^11行目 メールアドレス「.*」: メールアドレスの形式が正しくありません/);
    }
  });
  test('long values are shortened in the message, line breaks made visible', () => {
    const o = one({ [COL.email]: `${'a'.repeat(100)}\nb` }, 'before');
    assert.match(o.messages[0], /「a{40}…（102文字）」/);
    const p = one({ [COL.email]: 'a\r\nb' }, 'before');
    assert.match(p.messages[0], /「a↵b」/);
  });
});

describe('planImport as a whole', () => {
  test('every problem of a row is listed; the row changes nothing', () => {
    const o = one({ [COL.extension]: 'x', [COL.password]: 'short', [COL.mfa]: 'OFF', [COL.email]: 'bad' }, 'after', 12);
    assert.equal(o.status, 'refused');
    assert.equal(o.change, undefined);
    assert.deepEqual(o.messages.map((m) => m.split(/[「（]/)[0]), ['12行目 内線番号', '12行目 パスワード', '12行目 多要素認証', '12行目 メールアドレス']);
  });
  test('a row with nothing to change is skipped', () => {
    const o = one({}, 'before', 2);
    assert.equal(o.status, 'skipped');
    assert.equal(o.change, undefined);
    assert.match(o.messages[0], /^2行目 ログインID「user01」: 変更する項目がありません/);
  });
  test('an applied change holds exactly the non-empty fields', () => {
    const o = one({ [COL.password]: 'Secret123', [COL.mfa]: 'ON', [COL.email]: '削除' }, 'window');
    assert.deepEqual(o.change, { accountId: 'acc-1', passwordPlain: 'Secret123', mfa: true, email: null });
  });
  test('one outcome per row, in order, from a parsed file', () => {
    const bytes = csvBytes(
      [
        HEADER,
        'ユーザ管理者,,admin01,,ON,admin@example.co.jp',
        '端末ユーザ,20201,user01,,OFF,',
        '端末ユーザ,20202,user02,,ON,"user02@example.co.jp"',
        '端末ユーザ,20203,user03,,ON,削除',
        '端末ユーザ,20204,user04,,ON,',
      ],
      { encoding: 'cp932' },
    );
    const { rows } = parseAccountCsv(bytes);
    const out = planImport(rows, fixtureAccounts(), 'after');
    assert.deepEqual(
      out.map((o) => [o.line, o.loginId, o.status]),
      [
        [2, 'admin01', 'skipped'],
        [3, 'user01', 'refused'],
        [4, 'user02', 'applied'],
        [5, 'user03', 'applied'],
        [6, 'user04', 'refused'],
      ],
    );
    assert.deepEqual(out[3].change, { accountId: 'acc-3', mfa: true, email: null });
  });
  test('login IDs of another tenant are unknown: only the given accounts count', () => {
    const [o] = planImport([row(2, { [COL.mfa]: 'ON' })], fixtureAccounts().filter((a) => a.loginId !== 'user01'), 'before');
    refusedWith(o, /アカウントはありません/);
  });
});
