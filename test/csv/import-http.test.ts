// The account CSV over HTTP: CSV取込 (multipart upload, CSRF after multer), the per-row rules by the tenant's
// phase, address re-registration and passwords, every whole-file fault (one message, nothing applied),
// CSV取込ステータス, the download (CP932 / UTF-8, formula protection, round trip) and tenant isolation.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import iconv from 'iconv-lite';
import { verifyPassword } from '../../server/auth/password.ts';
import type { Account, ImportRecord } from '../../server/store/types.ts';
import { FormClient } from '../server/client.ts';
import { startTestPortal, type TestPortal } from '../server/helpers.ts';
import { AFTER, BEFORE, tenant, WINDOW, type Seed } from '../server/auth-tenant.ts';
import { HEADER, csvBytes } from './helpers.ts';

async function withPortal(fn: (p: TestPortal) => Promise<void>, env: Record<string, string> = {}) {
  const portal = await startTestPortal({ HARNESS_API: '1', ...env });
  try {
    await fn(portal);
  } finally {
    await portal.close();
  }
}

/** A tenant with an administrator (the last account) logged in on CSV取込. */
async function adminOnCsv(portal: TestPortal, at: string, terminals: Seed[]) {
  const t = await tenant(portal, at, [...terminals, { kind: 'admin' }]);
  const admin = new FormClient(portal.url);
  const res = await admin.login(t.ids[t.ids.length - 1], t.password);
  assert.equal(res.headers.get('location'), '/top');
  const page = await admin.get('/accounts/csv');
  assert.equal(page.status, 200);
  const terminalIds = t.ids.slice(0, -1);
  /** The row of the n-th terminal user: 端末ユーザ, its 内線番号 and ログインID, then the given fields. */
  const line = (n: number, password: string, mfa: string, email: string) => `端末ユーザ,${22001 + n},${terminalIds[n]},${password},${mfa},${email}`;
  const snapshot = () => structuredClone(portal.store.data.accounts.filter((a) => terminalIds.includes(a.loginId)));
  return { ...t, admin, terminals: terminalIds, line, snapshot };
}

/** Posts the upload form: the file and (unless told otherwise) the CSRF token of the client's last page. */
async function upload(c: FormClient, bytes: Buffer | null, name = 'accounts.csv', { token }: { token?: string | null } = {}): Promise<Response> {
  const form = new FormData();
  const csrf = token === undefined ? c.csrf() : token;
  if (csrf !== null) form.set('_csrf', csrf);
  if (bytes) form.set('file', new Blob([new Uint8Array(bytes)], { type: 'text/csv' }), name);
  const cookie = [...c.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  const res = await fetch(`${c.base}/accounts/csv`, { method: 'POST', headers: cookie ? { cookie } : {}, body: form, redirect: 'manual' });
  if ((res.headers.get('content-type') ?? '').includes('html')) c.lastHtml = await res.clone().text();
  return res;
}

/** Uploads and follows to CSV取込ステータス; returns the newest import's record. */
async function imported(portal: TestPortal, c: FormClient, tenantId: string, bytes: Buffer, name?: string): Promise<ImportRecord> {
  const res = await upload(c, bytes, name);
  assert.equal(res.status, 303, c.lastHtml.slice(0, 2000));
  assert.equal(res.headers.get('location'), '/accounts/csv/status');
  const status = await c.follow(res);
  assert.equal(status.status, 200);
  const mine = (portal.store.data.imports ?? []).filter((r) => r.tenantId === tenantId);
  return mine[mine.length - 1];
}

const unescape = (s: string) => s.replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
const alertOf = (html: string) => unescape(/<div class="errors" role="alert">([\s\S]*?)<\/div>/.exec(html)?.[1].replace(/<[^>]+>/g, '') ?? '');

/** The rows of the first (newest) import table on the status page: 行, ログインID, 結果, 理由. */
function statusRows(html: string): string[][] {
  const body = /<tbody>([\s\S]*?)<\/tbody>/.exec(html)?.[1] ?? assert.fail('no import table on the page');
  return [...body.matchAll(/<tr>([\s\S]*?)<\/tr>/g)].map((r) => [...r[1].matchAll(/<td>([\s\S]*?)<\/td>/g)].map((c) => c[1].replace(/<[^>]+>/g, '').trim()));
}

const byLogin = (accounts: Account[], loginId: string) => accounts.find((a) => a.loginId === loginId)!;

test('CSV取込 shows the upload form (CSVファイル, 取込, the token) and the download links; only an administrator reaches it', () =>
  withPortal(async (portal) => {
    const t = await adminOnCsv(portal, BEFORE, [{}]);
    const html = t.admin.lastHtml;
    assert.match(html, /<form class="box" method="post" action="\/accounts\/csv" enctype="multipart\/form-data"><input type="hidden" name="_csrf" value="[^"]+">/);
    assert.match(html, /<label for="csv-file">CSVファイル<\/label><input id="csv-file" name="file" type="file"/);
    assert.match(html, /<button type="submit">取込<\/button>/);
    assert.match(html, /href="\/accounts\/csv\/download">CSVダウンロード</);
    assert.match(html, /href="\/accounts\/csv\/download\?encoding=utf-8">CSVダウンロード（UTF-8）</);
    assert.match(html, /アカウント区分,内線番号,ログインID,パスワード,多要素認証,メールアドレス/);

    const user = new FormClient(portal.url);
    await user.login(t.terminals[0], t.password);
    for (const path of ['/accounts/csv', '/accounts/csv/status', '/accounts/csv/download']) {
      assert.equal((await user.get(path)).status, 403, path);
    }
    const stranger = new FormClient(portal.url);
    for (const path of ['/accounts/csv', '/accounts/csv/status', '/accounts/csv/download']) {
      const res = await stranger.get(path);
      assert.equal(res.status, 303, path);
      assert.equal(res.headers.get('location'), '/login');
    }
  }));

for (const [phase, at] of [['before', BEFORE], ['window', WINDOW]] as const) {
  test(`${phase} the cutover: 多要素認証 OFF and ON are taken; the import is recorded with the tenant's time`, () =>
    withPortal(async (portal) => {
      const t = await adminOnCsv(portal, at, [{ mfa: true }, { mfa: false }]);
      const rec = await imported(portal, t.admin, t.id, csvBytes([HEADER, t.line(0, '', 'OFF', ''), t.line(1, '', 'ON', '')]));
      const now = t.snapshot();
      assert.equal(byLogin(now, t.terminals[0]).mfa, false);
      assert.equal(byLogin(now, t.terminals[1]).mfa, true);
      assert.deepEqual(rec.counts, { rows: 2, applied: 2, refused: 0, skipped: 0 });
      assert.equal(rec.phase, phase);
      assert.equal(rec.fileName, 'accounts.csv');
      assert.equal(rec.encoding, 'utf-8');
      assert.equal(rec.by, t.ids[t.ids.length - 1]);
      const offset = Math.abs(new Date(rec.at).getTime() - new Date(at).getTime());
      assert.ok(offset < 60_000, `recorded at the tenant's instant (${rec.at}, tenant at ${at})`);
      assert.deepEqual(statusRows(t.admin.lastHtml), [
        ['2', t.terminals[0], '適用', ''],
        ['3', t.terminals[1], '適用', ''],
      ]);
      assert.match(t.admin.lastHtml, /「accounts\.csv」を取り込みました（2行: 適用 2件、拒否 0件、変更なし 0件）/);
    }));
}

test('after the cutover: OFF on a terminal-user row is refused naming line, column and value; the other rows go on', () =>
  withPortal(async (portal) => {
    const t = await adminOnCsv(portal, AFTER, [{ email: 'old0@example.test' }, {}, { email: 'old2@example.test' }]);
    const before = t.snapshot();
    const rec = await imported(
      portal,
      t.admin,
      t.id,
      csvBytes([HEADER, t.line(0, '', 'OFF', 'new0@example.test'), t.line(1, '', 'ON', 'new1@example.test'), t.line(2, '', 'off', '')]),
    );
    const now = t.snapshot();
    assert.deepEqual(byLogin(now, t.terminals[0]), byLogin(before, t.terminals[0]), 'the refused row changed nothing, not even its address');
    assert.equal(byLogin(now, t.terminals[1]).email, 'new1@example.test');
    assert.equal(byLogin(now, t.terminals[1]).mfa, true);
    assert.deepEqual(byLogin(now, t.terminals[2]), byLogin(before, t.terminals[2]));
    assert.deepEqual(rec.counts, { rows: 3, applied: 1, refused: 2, skipped: 0 });
    const rows = statusRows(t.admin.lastHtml);
    assert.deepEqual(rows.map((r) => r.slice(0, 3)), [
      ['2', t.terminals[0], '拒否'],
      ['3', t.terminals[1], '適用'],
      ['4', t.terminals[2], '拒否'],
    ]);
    assert.equal(rows[0][3], '2行目 多要素認証「OFF」: 2026年6月29日以降、端末ユーザの多要素認証はOFFにできません。');
    assert.match(rows[2][3], /^4行目 多要素認証「off」: /);
    // Every terminal user is still ON.
    assert.ok(now.every((a) => a.mfa));
  }));

test('addresses: a new address replaces the old one (codes sent to the old one are void); 削除 clears it and the next login asks for one', () =>
  withPortal(async (portal) => {
    const t = await adminOnCsv(portal, AFTER, [{ email: 'old0@example.test' }, { email: 'old1@example.test' }]);
    // The first user has a login code pending at its old address.
    const u0 = new FormClient(portal.url);
    await u0.login(t.terminals[0], t.password);
    assert.equal(portal.sent.at(-1)?.to, 'old0@example.test');
    assert.ok(portal.store.data.otps.some((o) => o.accountId === t.account(t.terminals[0]).id));

    await t.admin.get('/accounts/csv');
    const rec = await imported(portal, t.admin, t.id, csvBytes([HEADER, t.line(0, '', '', 'new0@example.test'), t.line(1, '', '', '削除')]));
    assert.deepEqual(rec.counts, { rows: 2, applied: 2, refused: 0, skipped: 0 });
    assert.equal(t.account(t.terminals[0]).email, 'new0@example.test');
    assert.equal(t.account(t.terminals[1]).email, null);
    assert.equal(portal.store.data.otps.some((o) => o.accountId === t.account(t.terminals[0]).id), false, 'the code sent to the old address is void');

    const again = new FormClient(portal.url);
    const res = await again.login(t.terminals[0], t.password);
    assert.equal(res.headers.get('location'), '/mfa/otp');
    assert.equal(portal.sent.at(-1)?.to, 'new0@example.test', 'the next code goes to the new address');

    const cleared = new FormClient(portal.url);
    const res1 = await cleared.login(t.terminals[1], t.password);
    assert.equal(res1.headers.get('location'), '/mfa/register', 'a cleared address is registered again at the next login');
  }));

test('in the window, an address cleared by 削除 is offered for registration again at the next login', () =>
  withPortal(async (portal) => {
    const t = await adminOnCsv(portal, WINDOW, [{ mfa: false, email: 'old0@example.test' }]);
    await portal.store.update((d) => {
      d.accounts.find((a) => a.loginId === t.terminals[0])!.registrationOffered = true;
    });
    await imported(portal, t.admin, t.id, csvBytes([HEADER, t.line(0, '', '', '削除')]));
    assert.equal(t.account(t.terminals[0]).registrationOffered, false);
    const user = new FormClient(portal.url);
    const res = await user.login(t.terminals[0], t.password);
    assert.equal(res.headers.get('location'), '/mfa/register');
    assert.equal(t.account(t.terminals[0]).registrationOffered, true, 'offered again at this login');
  }));

test('passwords: a valid one is hashed with the portal\'s scrypt and the old one stops working; a bad one refuses its row', () =>
  withPortal(async (portal) => {
    const t = await adminOnCsv(portal, BEFORE, [{}, {}]);
    const oldHash = t.account(t.terminals[1]).passwordHash;
    const rec = await imported(portal, t.admin, t.id, csvBytes([HEADER, t.line(0, 'NewPass2026x', '', ''), t.line(1, 'short1', '', '')]));
    assert.deepEqual(rec.counts, { rows: 2, applied: 1, refused: 1, skipped: 0 });
    const a0 = t.account(t.terminals[0]);
    assert.match(a0.passwordHash, /^scrypt\$1024\$8\$1\$/);
    assert.equal(await verifyPassword('NewPass2026x', a0.passwordHash), true);
    assert.equal(a0.passwordVersion, 1);
    assert.equal(t.account(t.terminals[1]).passwordHash, oldHash);
    const rows = statusRows(t.admin.lastHtml);
    assert.equal(rows[1][3], '3行目 パスワード（値は表示しません）: パスワードは8文字以上64文字以内で入力してください。');
    assert.equal(t.admin.lastHtml.includes('NewPass2026x'), false, 'a password never appears on the status page');
    assert.equal(JSON.stringify(portal.store.data.imports).includes('NewPass2026x'), false, 'nor in the store');

    const oldLogin = new FormClient(portal.url);
    assert.equal((await oldLogin.login(t.terminals[0], t.password)).status, 401);
    const newLogin = new FormClient(portal.url);
    assert.equal((await newLogin.login(t.terminals[0], 'NewPass2026x')).headers.get('location'), '/top');
  }));

test('per-row rules: unknown ログインID, a duplicate, another 内線番号, a bad address; ユーザ管理者 rows and empty rows change nothing', () =>
  withPortal(async (portal) => {
    const t = await adminOnCsv(portal, BEFORE, [{}, {}, {}, {}]);
    const adminId = t.ids[t.ids.length - 1];
    const rec = await imported(
      portal,
      t.admin,
      t.id,
      csvBytes([
        HEADER,
        `ユーザ管理者,,${adminId},,OFF,x@example.test`,
        `端末ユーザ,22099,nobody-${t.id},,ON,`,
        t.line(0, '', 'ON', ''),
        t.line(0, '', 'OFF', ''),
        `端末ユーザ,22009,${t.terminals[1]},,ON,`,
        t.line(2, '', '', 'not-an-address'),
        t.line(2, '', '', ''),
        t.line(3, '', '', ''),
      ]),
    );
    assert.deepEqual(rec.rows.map((r) => [r.line, r.result]), [
      [2, 'skipped'],
      [3, 'refused'],
      [4, 'applied'],
      [5, 'refused'],
      [6, 'refused'],
      [7, 'refused'],
      [8, 'refused'],
      [9, 'skipped'],
    ]);
    assert.match(rec.rows[1].reason, /^3行目 ログインID「nobody-[^」]+」: このログインIDのアカウントはありません/);
    assert.match(rec.rows[3].reason, /^5行目 ログインID「[^」]+」: 同じログインIDが4行目にもあります/);
    assert.match(rec.rows[4].reason, /^6行目 内線番号「22009」: このログインIDのアカウントの内線番号（22002）と一致しません/);
    assert.match(rec.rows[5].reason, /^7行目 メールアドレス「not-an-address」: メールアドレスの形式が正しくありません/);
    assert.match(rec.rows[6].reason, /^8行目 ログインID「[^」]+」: 同じログインIDが7行目にもあります/);
    assert.equal(t.account(adminId).email, null, 'the administrator row is left alone');
    assert.equal(t.account(t.terminals[0]).mfa, true);
    assert.match(rec.rows[7].reason, /^9行目 ログインID「[^」]+」: 変更する項目がありません/);
    assert.deepEqual(statusRows(t.admin.lastHtml).map((r) => r[2]), ['変更なし', '拒否', '適用', '拒否', '拒否', '拒否', '拒否', '変更なし']);
  }));

test('encodings and layouts: CP932, UTF-8 with and without BOM; CRLF and LF; quoted fields', () =>
  withPortal(async (portal) => {
    const t = await adminOnCsv(portal, BEFORE, [{}, {}, {}]);
    const cases: [string, Buffer, string][] = [
      ['cp932', csvBytes([HEADER, t.line(0, '', 'ON', 'a0@example.test')], { encoding: 'cp932' }), 'cp932'],
      ['utf-8-bom', csvBytes([HEADER, t.line(1, '', 'ON', 'a1@example.test')], { encoding: 'utf-8-bom', eol: '\n' }), 'utf-8-bom'],
      ['quoted', csvBytes([HEADER, `"端末ユーザ","22003","${t.terminals[2]}","","ON","a2@example.test"`], { eol: '\n' }), 'utf-8'],
    ];
    for (const [what, bytes, encoding] of cases) {
      await t.admin.get('/accounts/csv');
      const rec = await imported(portal, t.admin, t.id, bytes, `${what}.csv`);
      assert.equal(rec.encoding, encoding, what);
      assert.deepEqual(rec.counts, { rows: 1, applied: 1, refused: 0, skipped: 0 }, what);
    }
    assert.deepEqual(t.terminals.map((id) => [t.account(id).mfa, t.account(id).email]), [
      [true, 'a0@example.test'],
      [true, 'a1@example.test'],
      [true, 'a2@example.test'],
    ]);
    assert.match(t.admin.lastHtml, /Shift_JIS \(CP932\)/);
    assert.match(t.admin.lastHtml, /UTF-8 \(BOM付き\)/);
  }));

test('a Japanese file name sent as UTF-8 is shown as it is', () =>
  withPortal(async (portal) => {
    const t = await adminOnCsv(portal, BEFORE, [{}]);
    const rec = await imported(portal, t.admin, t.id, csvBytes([HEADER, t.line(0, '', 'ON', '')], { encoding: 'cp932' }), 'アカウント一括設定.csv');
    assert.equal(rec.fileName, 'アカウント一括設定.csv');
    assert.match(t.admin.lastHtml, /アカウント一括設定\.csv/);
  }));

test('every whole-file fault gives one message on the same screen and applies nothing', () =>
  withPortal(
    async (portal) => {
      const t = await adminOnCsv(portal, BEFORE, [{ mfa: true }]);
      const good = t.line(0, '', 'OFF', 'x@example.test');
      const big = Buffer.alloc(1024 * 1024 + 1, 0x41);
      const faults: [string, Buffer | null, number, RegExp][] = [
        ['no file', null, 400, /^CSVファイルを選択してください。$/],
        ['empty', Buffer.alloc(0), 400, /^ファイルが空です。/],
        ['blank lines only', Buffer.from('\r\n \r\n'), 400, /^ファイルが空です。/],
        ['wrong header', csvBytes(['区分,内線,ID,パスワード,多要素認証,メールアドレス', good]), 400, /^1行目の見出し行が正しくありません。.*1列目は「アカウント区分」のはずですが「区分」です/],
        ['missing header', csvBytes([good]), 400, /^見出し行がありません。/],
        ['not a CSV', Buffer.concat([Buffer.from('PK\x03\x04'), Buffer.from([0, 1, 2, 3, 0xff, 0x00])]), 400, /^(CSVファイルではありません|ファイルの文字コードを読み取れません)/],
        ['a control character', csvBytes([HEADER, `${good}\x01`]), 400, /^CSVファイルではありません.*2行目に制御文字（U\+0001）があります/],
        ['undecodable bytes', Buffer.concat([csvBytes([HEADER]), Buffer.from([0x82, 0xa0, 0x0d, 0x0a, 0xff, 0xfe, 0x80])]), 400, /^ファイルの文字コードを読み取れません。/],
        ['UTF-16', Buffer.concat([Buffer.from([0xff, 0xfe]), iconv.encode(`${HEADER}\r\n`, 'utf16le')]), 400, /^UTF-16のファイルには対応していません。/],
        ['wrong column count', csvBytes([HEADER, `${good},x,y`]), 400, /^2行目の列の数が正しくありません（8列。正しくは6列）。/],
        ['unclosed quote', csvBytes([HEADER, `端末ユーザ,"22001,${t.terminals[0]},,OFF,`]), 400, /^2行目から始まる「"」で囲まれた値が閉じられていません。/],
        ['over the size limit', big, 413, /^ファイルのサイズが上限（1MB）を超えています。/],
      ];
      const before = structuredClone(portal.store.data.accounts);
      for (const [what, bytes, status, message] of faults) {
        await t.admin.get('/accounts/csv');
        const res = await upload(t.admin, bytes, `${what}.csv`);
        assert.equal(res.status, status, what);
        const alert = alertOf(t.admin.lastHtml);
        assert.match(alert, message, what);
        assert.match(t.admin.lastHtml, /<label for="csv-file">CSVファイル<\/label>/, `${what}: the same screen`);
        if (what !== 'no file' && what !== 'over the size limit') assert.match(alert, /ファイルは取り込まれていません（どの行も変更されていません）。/, what);
      }
      assert.deepEqual(portal.store.data.accounts, before, 'nothing applied');
      // Faults read by the importer are on CSV取込ステータス too.
      const recs = (portal.store.data.imports ?? []).filter((r) => r.tenantId === t.id);
      assert.ok(recs.length >= 9 && recs.every((r) => r.fault !== null && r.rows.length === 0 && r.counts.applied === 0));
      await t.admin.get('/accounts/csv/status');
      assert.match(t.admin.lastHtml, /ファイルエラー（取り込まれていません）/);
    },
    { MAX_UPLOAD_MB: '1' },
  ));

test('the upload needs the form\'s CSRF token: without it or with another session\'s, 403 and nothing applied', () =>
  withPortal(async (portal) => {
    const t = await adminOnCsv(portal, BEFORE, [{ mfa: true }]);
    const file = csvBytes([HEADER, t.line(0, '', 'OFF', 'csrf@example.test')]);
    const other = await adminOnCsv(portal, BEFORE, [{}]);
    for (const token of [null, 'forged-token', other.admin.csrf()]) {
      const res = await upload(t.admin, file, 'a.csv', { token });
      assert.equal(res.status, 403, String(token));
    }
    assert.equal(t.account(t.terminals[0]).mfa, true);
    assert.equal(t.account(t.terminals[0]).email, null);
    assert.equal((portal.store.data.imports ?? []).some((r) => r.tenantId === t.id), false);
    // A url-encoded post is checked too (and has no file).
    const res = await fetch(`${portal.url}/accounts/csv`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: [...t.admin.cookies].map(([k, v]) => `${k}=${v}`).join('; ') },
      body: 'file=x',
      redirect: 'manual',
    });
    assert.equal(res.status, 403);
  }));

test('tenants are isolated: rows naming another tenant\'s login IDs are refused, its accounts untouched, its imports not shown', () =>
  withPortal(async (portal) => {
    const a = await adminOnCsv(portal, BEFORE, [{}]);
    const b = await adminOnCsv(portal, BEFORE, [{}]);
    const bBefore = b.snapshot();
    const foreign = `端末ユーザ,22001,${b.terminals[0]},Other2026pass,OFF,削除`;
    const rec = await imported(portal, a.admin, a.id, csvBytes([HEADER, foreign, a.line(0, '', 'ON', 'mine@example.test')]));
    assert.deepEqual(rec.rows.map((r) => r.result), ['refused', 'applied']);
    assert.match(rec.rows[0].reason, /このログインIDのアカウントはありません/);
    assert.deepEqual(b.snapshot(), bBefore);
    await b.admin.get('/accounts/csv/status');
    assert.match(b.admin.lastHtml, /取込の履歴はありません。/);
    assert.equal(b.admin.lastHtml.includes(a.terminals[0]), false);
    // B's download holds only B's accounts.
    const res = await b.admin.get('/accounts/csv/download');
    const text = iconv.decode(Buffer.from(await res.arrayBuffer()), 'cp932');
    assert.equal(text.includes(a.terminals[0]), false);
    assert.equal(text.includes(b.terminals[0]), true);
  }));

test('download: CP932 by default with a file name, UTF-8 with BOM on request, cells protected against formulas; it uploads again unchanged', () =>
  withPortal(async (portal) => {
    const t = await adminOnCsv(portal, BEFORE, [{ mfa: true, email: '=cmd|calc@example.test' }, { email: '+1@example.test' }]);
    const adminId = t.ids[t.ids.length - 1];
    const res = await t.admin.get('/accounts/csv/download');
    assert.equal(res.status, 200);
    assert.equal(res.headers.get('content-type'), 'text/csv; charset=Shift_JIS');
    assert.equal(res.headers.get('content-disposition'), 'attachment; filename="accounts-20260608.csv"');
    const bytes = Buffer.from(await res.arrayBuffer());
    const text = iconv.decode(bytes, 'cp932');
    assert.equal(
      text,
      [
        HEADER,
        `ユーザ管理者,,${adminId},,OFF,`,
        `端末ユーザ,22001,${t.terminals[0]},,ON,'=cmd|calc@example.test`,
        `端末ユーザ,22002,${t.terminals[1]},,OFF,'+1@example.test`,
        '',
      ].join('\r\n'),
    );
    assert.equal(text.includes(t.password), false);

    const utf = await t.admin.get('/accounts/csv/download?encoding=utf-8');
    assert.equal(utf.headers.get('content-type'), 'text/csv; charset=utf-8');
    assert.equal(utf.headers.get('content-disposition'), 'attachment; filename="accounts-20260608-utf8.csv"');
    const ub = Buffer.from(await utf.arrayBuffer());
    assert.deepEqual([...ub.subarray(0, 3)], [0xef, 0xbb, 0xbf]);
    assert.equal(ub.subarray(3).toString('utf8'), text);

    const before = structuredClone(portal.store.data.accounts);
    await t.admin.get('/accounts/csv');
    const rec = await imported(portal, t.admin, t.id, bytes, 'accounts-20260608.csv');
    assert.deepEqual(rec.counts, { rows: 3, applied: 2, refused: 0, skipped: 1 });
    assert.deepEqual(portal.store.data.accounts, before, 'the round trip changes nothing');
  }));

test('the status page lists the tenant\'s imports newest first, each with its rows', () =>
  withPortal(async (portal) => {
    const t = await adminOnCsv(portal, BEFORE, [{}]);
    await imported(portal, t.admin, t.id, csvBytes([HEADER, t.line(0, '', 'ON', '')]), 'first.csv');
    await t.admin.get('/accounts/csv');
    await imported(portal, t.admin, t.id, csvBytes([HEADER, t.line(0, '', 'BAD', '')]), 'second.csv');
    const html = t.admin.lastHtml;
    assert.ok(html.indexOf('second.csv') < html.indexOf('first.csv'));
    assert.deepEqual(statusRows(html), [['2', t.terminals[0], '拒否', '2行目 多要素認証「BAD」: 「ON」または「OFF」を指定してください（空欄は変更なし）。']]);
    assert.match(html, /<th scope="col">行<\/th><th scope="col">ログインID<\/th><th scope="col">結果<\/th><th scope="col">理由<\/th>/);
    // The menu's CSV取込ステータス leads here.
    assert.match(html, /href="\/accounts\/csv\/status">CSV取込ステータス</);
  }));
