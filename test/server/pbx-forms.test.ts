// The PBX forms and searches over HTTP: 内線設定's checks and result page in each phase, 着信グループ設定's
// 子番号 order and checks, 外線着信設定's search by 外線番号 and (from the cutover) by 内線番号, with the seeded data.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FormClient } from './client.ts';
import { startTestPortal, type TestPortal } from './helpers.ts';
import { AFTER, BEFORE, postForm, tenant, WINDOW } from './auth-tenant.ts';
import { seedPbxData, splitExtension } from '../../server/pbx/seed.ts';

async function withPortal(fn: (p: TestPortal) => Promise<void>) {
  const portal = await startTestPortal({ HARNESS_API: '1' });
  try {
    await fn(portal);
  } finally {
    await portal.close();
  }
}

async function adminAt(portal: TestPortal, at: string) {
  const t = await tenant(portal, at, [{}, { kind: 'admin' }]);
  const admin = new FormClient(portal.url);
  assert.equal((await admin.login(t.ids[1], t.password)).headers.get('location'), '/top');
  return { ...t, admin };
}

const alertOf = (html: string) => /<div class="errors" role="alert">([\s\S]*?)<\/div>/.exec(html)?.[1] ?? '';
const SEED = seedPbxData('-', []);
const FULL_FORM: Record<string, string> = {
  memo: '', deviceType: 'スマートフォン', outgoingNumber: '', callerId: '', pickup: 'off', absentAction: '設定', forwardTo: '',
  unconditional: '留守番電話', busy: '設定しない', absent: '留守番電話', noAnswer: '留守番電話', ringSeconds: '', voicemailPassword: '3324',
  restriction: '', ipPhoneAddress: '', deviceMemo: '',
};

test('the seed: 拠点番号 + 端末番号 = 内線番号, the notice\'s group in call order, 外線番号 over several extensions', () => {
  assert.deepEqual(splitExtension('20200'), { site: '20', terminal: '200' });
  assert.deepEqual(splitExtension('2208'), { site: '2', terminal: '208' });
  for (const e of SEED.extensions) assert.equal(e.site + e.terminal, e.number);
  assert.deepEqual(SEED.groups[0].members, ['20200', '20201', '20202', '2000', '3000', '4000']);
  assert.ok(SEED.numbers.length >= 30);
  const routed = new Set(SEED.numbers.map((n) => n.extension).filter(Boolean));
  assert.ok(routed.size >= 5, 'several extensions');
  assert.ok(SEED.numbers.filter((n) => n.extension === '20200').length > 10, 'more than one page of 10 for 20200');
  const known = new Set(SEED.extensions.map((e) => e.number));
  for (const n of SEED.numbers) if (n.extension) assert.ok(known.has(n.extension), `${n.number} rings a known extension`);
});

test('内線設定: each wrong value gets a message naming its field, nothing is saved, what was typed stays', () =>
  withPortal(async (portal) => {
    const t = await adminAt(portal, AFTER);
    await t.admin.get('/pbx/extensions/20200/edit');
    const cases: [Record<string, string>, string][] = [
      [{ ringSeconds: '4' }, '(着信)呼出時間は5～60の半角数字（秒）で入力してください。'],
      [{ ringSeconds: '61' }, '(着信)呼出時間は5～60の半角数字（秒）で入力してください。'],
      [{ ringSeconds: '２０' }, '(着信)呼出時間は5～60の半角数字（秒）で入力してください。'],
      [{ voicemailPassword: '123' }, '留守番電話パスワードは4～8桁の半角数字で入力してください。'],
      [{ forwardTo: '03-1234-5678' }, '転送先電話番号は2～20桁の半角数字で入力してください（ハイフンなし）。'],
      [{ busy: '転送', noAnswer: '転送' }, '転送動作（話中・無応答）を「転送」にするときは、転送先電話番号を入力してください。'],
      [{ busy: '保留' }, '転送動作（話中）は「設定しない」「転送」「留守番電話」から選んでください。'],
      [{ memo: 'x'.repeat(65) }, '内線番号メモ欄は64文字以内で入力してください。'],
      [{ deviceMemo: 'a\u0007b' }, '端末メモに使用できない文字が含まれています。'],
      [{ deviceType: 'FAX' }, '端末種別を一覧から選んでください。'],
      [{ callerId: '0399999999' }, '通知番号には、このお客さまの外線番号を選んでください（0399999999は登録されていません）。'],
      [{ restriction: '全部' }, '発信規制を一覧から選んでください。'],
      [{ pickup: 'yes' }, '指定ピックアップはonまたはoffを選んでください。'],
    ];
    for (const [changes, message] of cases) {
      const res = await postForm(t.admin, '/pbx/extensions/20200', Object.entries({ ...FULL_FORM, ...changes }));
      assert.equal(res.status, 400, JSON.stringify(changes));
      assert.ok(alertOf(t.admin.lastHtml).includes(message), `${JSON.stringify(changes)}: ${alertOf(t.admin.lastHtml)}`);
    }
    const e = portal.store.data.pbxExtensions!.find((x) => x.tenantId === t.id && x.number === '20200')!;
    assert.deepEqual([e.memo, e.ringSeconds, e.voicemailPassword, e.forward.busy], ['', null, '3324', '設定しない'], 'nothing saved');
    await postForm(t.admin, '/pbx/extensions/20200', Object.entries({ ...FULL_FORM, ringSeconds: '61', memo: '残る' }));
    assert.match(t.admin.lastHtml, /name="ringSeconds" value="61"/);
    assert.match(t.admin.lastHtml, /name="memo" value="残る"/);
  }));

test('内線設定: the result page is a table from the cutover and plain lines before; it shows only after a change', () =>
  withPortal(async (portal) => {
    for (const [at, table] of [[BEFORE, false], [WINDOW, false], [AFTER, true]] as const) {
      const t = await adminAt(portal, at);
      const early = await t.admin.get('/pbx/extensions/20200/done');
      assert.equal(early.status, 303, 'no change yet: back to the form');
      assert.equal(early.headers.get('location'), '/pbx/extensions/20200/edit');
      await t.admin.get('/pbx/extensions/20200/edit');
      const res = await postForm(t.admin, '/pbx/extensions/20200', Object.entries({ ...FULL_FORM, forwardTo: '0312349999', busy: '転送', ringSeconds: '20' }));
      assert.equal(res.status, 303);
      await t.admin.follow(res);
      const html = t.admin.lastHtml;
      assert.match(html, /以下の内線情報の変更が完了しました。/);
      if (table) {
        assert.match(html, /<table class="settings" aria-label="内線情報">/);
        assert.match(html, /<th scope="rowgroup" rowspan="4">転送動作<\/th><th scope="row">無条件<\/th><td>留守番電話<\/td>/);
        assert.match(html, /<th scope="row">話中<\/th><td>転送<\/td>/);
        assert.match(html, /<h1>初期設定\/ 内線設定<\/h1>/);
      } else {
        assert.doesNotMatch(html, /<table/);
        for (const line of ['拠点番号 20', '端末番号 200', 'オフィスリンク内線番号 -', '転送先電話番号 0312349999', '無条件 留守番電話', '話中 転送', '留守 留守番電話', '無応答 留守番電話', '(着信)呼出時間 20秒', '留守番電話パスワード 3324', '発信規制 未設定']) {
          assert.ok(html.includes(`>${line}</p>`), `${at}: the line "${line}"`);
        }
        assert.match(html, /<h1>内線設定<\/h1>/);
      }
    }
  }));

test('着信グループ設定: 子番号 keep the order typed; unknown, repeated or missing 子番号 and a long name are refused', () =>
  withPortal(async (portal) => {
    const t = await adminAt(portal, AFTER);
    await t.admin.get('/pbx/groups/1');
    assert.match(t.admin.lastHtml, /<ol class="members"><li>20200<\/li><li>20201<\/li><li>20202<\/li><li>2000<\/li><li>3000<\/li><li>4000<\/li><\/ol>/);
    assert.match(t.admin.lastHtml, /\(順次呼出の場合は、呼出順となっています\)/);
    await t.admin.get('/pbx/groups/1/edit');
    const cases: [[string, string][], string][] = [
      [[['name', ''], ['members', '']], '子番号を1つ以上、呼出順に1行に1つずつ入力してください。'],
      [[['name', ''], ['members', '20200\n12345']], '子番号の2行目「12345」は、このお客さまの内線番号にありません。'],
      [[['name', ''], ['members', '20200\nabc']], '子番号の2行目「abc」は内線番号（半角数字）ではありません。'],
      [[['name', ''], ['members', '20200\n20200']], '子番号の2行目「20200」は重複しています。'],
      [[['name', 'あ'.repeat(21)], ['members', '20200']], 'グループ名は20文字以内で入力してください。'],
    ];
    for (const [fields, message] of cases) {
      const res = await postForm(t.admin, '/pbx/groups/1', fields);
      assert.equal(res.status, 400);
      assert.ok(alertOf(t.admin.lastHtml).includes(message), alertOf(t.admin.lastHtml));
    }
    const res = await postForm(t.admin, '/pbx/groups/1', [['name', '受付'], ['members', '4000\r\n20202\r\n\r\n2000\r\n']]);
    assert.equal(res.status, 303);
    assert.deepEqual(portal.store.data.pbxGroups!.find((g) => g.tenantId === t.id && g.no === 1)!.members, ['4000', '20202', '2000']);
    await t.admin.follow(res);
    assert.match(t.admin.lastHtml, /<ol class="members"><li>4000<\/li><li>20202<\/li><li>2000<\/li><\/ol>/);
    assert.equal((await t.admin.get('/pbx/groups/9')).status, 404);
    assert.equal((await t.admin.get('/pbx/groups/abc')).status, 404);
  }));

/** The 外線番号 of a result page of 外線着信設定. */
const numbersOn = (html: string) => [...html.matchAll(/aria-label="(\d+)を選択"/g)].map((m) => m[1]);

test('外線着信設定: 内線番号 search from the cutover finds exactly the numbers routed there, page by page; before it is ignored', () =>
  withPortal(async (portal) => {
    const after = await adminAt(portal, AFTER);
    const expected = SEED.numbers.filter((n) => n.extension === '20200').map((n) => n.number).sort();
    const found: string[] = [];
    for (let page = 1; ; page++) {
      await after.admin.get(`/pbx/incoming?site=20&terminal=200&perPage=10&page=${page}`);
      assert.match(after.admin.lastHtml, new RegExp(`${expected.length}件が該当します。`));
      found.push(...numbersOn(after.admin.lastHtml));
      const pages = Number(/(\d+)\/(\d+)ページ/.exec(after.admin.lastHtml)![2]);
      if (page >= pages) break;
    }
    assert.deepEqual(found, expected);

    await after.admin.get('/pbx/incoming?officeLink=7201');
    assert.deepEqual(numbersOn(after.admin.lastHtml), SEED.numbers.filter((n) => n.extension === '2201').map((n) => n.number).sort());
    await after.admin.get('/pbx/incoming?number=03-1234-5600');
    assert.deepEqual(numbersOn(after.admin.lastHtml), ['0312345600']);

    for (const [query, message] of [
      ['site=2a', '内線番号の拠点番号は4桁以内の半角数字で入力してください。'],
      ['terminal=1234567', '内線番号の端末番号は6桁以内の半角数字で入力してください。'],
      ['officeLink=x', '内線番号のオフィスリンク内線番号は11桁以内の半角数字で入力してください。'],
      ['number=03x', '外線番号は11桁以内の半角数字で入力してください（ハイフンは省いてかまいません）。'],
      ['perPage=20', '表示件数は10件、50件、100件のいずれかを選んでください。'],
      ['page=0', 'ページの指定が正しくありません。'],
      ['view=big', '表示の指定が正しくありません（詳細表示または簡易表示）。'],
    ]) {
      const res = await after.admin.get(`/pbx/incoming?${query}`);
      assert.equal(res.status, 400, query);
      assert.ok(alertOf(after.admin.lastHtml).includes(message), `${query}: ${alertOf(after.admin.lastHtml)}`);
    }

    const before = await adminAt(portal, BEFORE);
    await before.admin.get('/pbx/incoming?site=20&terminal=200');
    assert.match(before.admin.lastHtml, new RegExp(`${SEED.numbers.length}件が該当します。`), 'before the cutover the 内線番号 conditions are ignored');
    assert.doesNotMatch(before.admin.lastHtml, /<legend>内線番号<\/legend>/);
  }));

test('外線着信設定: 設定 routes one selected number to an extension; 外線番号追加 checks the number', () =>
  withPortal(async (portal) => {
    const t = await adminAt(portal, AFTER);
    await t.admin.get('/pbx/incoming?number=0312345635');
    const id = /name="ids" value="([^"]+)"/.exec(t.admin.lastHtml)![1];
    const none = await postForm(t.admin, '/pbx/incoming/route/form', [['q', '?perPage=100']]);
    assert.equal(none.status, 400);
    assert.match(alertOf(t.admin.lastHtml), /設定する外線番号を1つ選んでください。/);
    assert.equal((await postForm(t.admin, '/pbx/incoming/route/form', [['ids', id], ['q', '?number=0312345635&perPage=100']])).status, 200);
    const bad = await postForm(t.admin, '/pbx/incoming/route', [['id', id], ['extension', '55555'], ['kind', '個別'], ['q', '?number=0312345635&perPage=100']]);
    assert.equal(bad.status, 400);
    assert.match(alertOf(t.admin.lastHtml), /内線番号「55555」は、このお客さまの内線番号にありません。/);
    const ok = await postForm(t.admin, '/pbx/incoming/route', [['id', id], ['extension', '20201'], ['kind', '代表'], ['q', '?number=0312345635&perPage=100']]);
    assert.equal(ok.status, 303);
    assert.equal(ok.headers.get('location'), '/pbx/incoming?number=0312345635&perPage=100');
    await t.admin.get('/pbx/incoming?site=20&terminal=201');
    assert.ok(numbersOn(t.admin.lastHtml).includes('0312345635'));

    await t.admin.get('/pbx/incoming/add');
    for (const [typed, message] of [['', '外線番号を入力してください。'], ['12345', '外線番号は0から始まる10桁または11桁の半角数字で入力してください。'], ['0312345600', '外線番号「0312345600」はすでに登録されています。']]) {
      const res = await postForm(t.admin, '/pbx/incoming/add', [['number', typed]]);
      assert.equal(res.status, 400);
      assert.ok(alertOf(t.admin.lastHtml).includes(message), alertOf(t.admin.lastHtml));
    }
    const added = await postForm(t.admin, '/pbx/incoming/add', [['number', '050-1234-5678']]);
    assert.equal(added.status, 303);
    await t.admin.follow(added);
    assert.deepEqual(numbersOn(t.admin.lastHtml), ['05012345678']);
  }));
