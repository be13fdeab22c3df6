// 外線着信設定 (SPEC §2): search by 外線番号 in every phase; from the cutover also by 内線番号 (拠点番号, 端末番号,
// オフィスリンク内線番号), which finds exactly the numbers routed to that extension, across pages; 表示件数,
// `N件が該当します。`, `P/Qページ`, 詳細表示 / 簡易表示 and the columns of the notice.

import { test, expect } from '../../harness/fixtures.ts';
import { seedPbxData } from '../../server/pbx/seed.ts';
import { expectAriaFile, loginToTop } from '../display-support.ts';

const EVERY_PHASE = ['@search', '@before', '@window', '@after'];

/** The 外線番号 every new customer starts with, and the extension each rings (server/pbx/seed.ts). */
const SEED = seedPbxData('-', []);
const routedTo = (pred: (e: (typeof SEED.extensions)[number]) => boolean) => {
  const exts = new Set(SEED.extensions.filter(pred).map((e) => e.number));
  return SEED.numbers.filter((n) => n.extension && exts.has(n.extension)).map((n) => n.number).sort();
};

test('外線番号で検索: 件数、ページ、表示件数、詳細表示／簡易表示の列（どの期間も）', { tag: EVERY_PHASE }, async ({
  page, phase, tenants, mailbox, loginPage, otpPage, topPage, menuPage, incomingPage,
}) => {
  const tenant = await tenants.create({ accounts: [{ kind: 'admin' }] });
  await loginToTop({ loginPage, otpPage, topPage, mailbox }, tenant.admin());

  await test.step('メニューの外線着信設定: 説明と検索条件入力', async () => {
    await menuPage.open('外線着信設定');
    await expect(incomingPage.intro).toBeVisible();
    await expect(incomingPage.number).toBeVisible();
    await expect(incomingPage.perPage.getByRole('option')).toHaveText(['10件', '50件', '100件']);
    if (phase === 'after') await expect(incomingPage.extensionGroup).toBeVisible();
    else await expect(incomingPage.extensionGroup).toHaveCount(0);
  });

  await test.step(`すべての外線番号: ${SEED.numbers.length}件、表示件数10件で1/${Math.ceil(SEED.numbers.length / 10)}ページ`, async () => {
    await incomingPage.searchFor({ perPage: '10件' });
    await expect(incomingPage.count).toHaveText(`${SEED.numbers.length}件が該当します。`);
    await expect(incomingPage.pageIndicators).toHaveText([`1/${Math.ceil(SEED.numbers.length / 10)}ページ`, `1/${Math.ceil(SEED.numbers.length / 10)}ページ`]);
    await expect(incomingPage.rows).toHaveCount(10);
  });

  await test.step('外線番号「031234560」: 0312345600～0312345609の10件', async () => {
    await incomingPage.searchFor({ number: '031234560' });
    await expect(incomingPage.count).toHaveText('10件が該当します。');
    expect(await incomingPage.numbersShown()).toEqual(SEED.numbers.slice(0, 10).map((n) => n.number));
  });

  await test.step('詳細表示: 選択、外線番号、内線番号（拠点番号、端末番号、オフィスリンク内線番号）、着信（代表/個別/VoIP-GW 区分）', async () => {
    await expect(incomingPage.table.getByRole('columnheader')).toHaveText(['選択', '外線番号', '内線番号', '着信', '拠点番号', '端末番号', 'オフィスリンク内線番号', '代表/個別/VoIP-GW 区分']);
    const first = incomingPage.rows.first().getByRole('cell');
    await expect(first.nth(1)).toHaveText('0312345600');
    await expect(first.nth(2)).toHaveText('20');
    await expect(first.nth(3)).toHaveText('200');
    await expect(first.nth(4)).toHaveText('-');
    await expect(first.nth(5)).toHaveText('個別');
    await expectAriaFile(page.getByRole('main'), `incoming-detail-${phase}.aria.yml`);
  });

  if (phase === 'after') {
    await test.step('外線着信設定の見た目（詳細表示）', async () => {
      await expect(page).toHaveScreenshot('incoming-detail-after.png', { fullPage: true, animations: 'disabled', maxDiffPixelRatio: 0.02 });
    });
  }

  await test.step('簡易表示: 内線番号は1列（20200）', async () => {
    await incomingPage.simpleView.click();
    await expect(incomingPage.table.getByRole('columnheader')).toHaveText(['選択', '外線番号', '内線番号', '着信']);
    await expect(incomingPage.count).toHaveText('10件が該当します。');
    await expect(incomingPage.rows.first().getByRole('cell').nth(2)).toHaveText('20200');
    await expect(incomingPage.rows.nth(3).getByRole('cell').nth(3)).toHaveText('VoIP-GW');
  });

  if (phase !== 'after') {
    await test.step('6月29日より前は、URLに内線番号の条件を書いても絞り込まれない', async () => {
      await page.goto('/pbx/incoming?site=20&terminal=200&perPage=100');
      await expect(incomingPage.count).toHaveText(`${SEED.numbers.length}件が該当します。`);
    });
  }
});

test('6月29日以降は内線番号でも検索でき、その内線に着信する外線番号がページをまたいでちょうど見つかる', { tag: ['@search', '@after'] }, async ({
  tenants, mailbox, loginPage, otpPage, topPage, menuPage, incomingPage,
}) => {
  const tenant = await tenants.create({ accounts: [{ kind: 'admin' }] });
  await loginToTop({ loginPage, otpPage, topPage, mailbox }, tenant.admin());
  await menuPage.open('外線着信設定');

  const of20200 = routedTo((e) => e.number === '20200');
  await test.step(`拠点番号20・端末番号200（内線20200）、表示件数10件: ${of20200.length}件が2ページに`, async () => {
    expect(of20200.length).toBeGreaterThan(10);
    await incomingPage.searchFor({ site: '20', terminal: '200', perPage: '10件' });
    await expect(incomingPage.pageIndicators.first()).toHaveText('1/2ページ');
    expect(await incomingPage.allNumbers(of20200.length)).toEqual(of20200);
  });

  const of7208 = routedTo((e) => e.officeLink === '7208');
  await test.step(`オフィスリンク内線番号7208（内線2208）: ${of7208.length}件`, async () => {
    await incomingPage.searchFor({ site: '', terminal: '', officeLink: '7208', perPage: '100件' });
    expect(await incomingPage.allNumbers(of7208.length)).toEqual(of7208);
    for (const row of await incomingPage.rows.all()) await expect(row.getByRole('cell').nth(4)).toHaveText('7208');
  });

  const ofSite2 = routedTo((e) => e.site === '2');
  await test.step(`拠点番号2だけ: 拠点2の内線（2000、2201、2208）の${ofSite2.length}件`, async () => {
    await incomingPage.searchFor({ officeLink: '', site: '2', perPage: '10件' });
    expect(await incomingPage.allNumbers(ofSite2.length)).toEqual(ofSite2);
  });

  await test.step('外線番号と内線番号の両方: どちらにも当てはまるものだけ', async () => {
    const both = of20200.filter((n) => n.startsWith('031234561'));
    await incomingPage.searchFor({ number: '031234561', site: '20', terminal: '200', perPage: '100件' });
    expect(await incomingPage.allNumbers(both.length)).toEqual(both);
  });

  await test.step('着信する外線番号のない内線（20300）は0件', async () => {
    await incomingPage.searchFor({ number: '', site: '20', terminal: '300' });
    await expect(incomingPage.count).toHaveText('0件が該当します。');
    await expect(incomingPage.rows).toHaveCount(0);
  });

  await test.step('拠点番号に数字以外: 項目名を示すメッセージ', async () => {
    await incomingPage.searchFor({ site: '2a', terminal: '' });
    await expect(incomingPage.error).toHaveText(/内線番号の拠点番号は4桁以内の半角数字で入力してください。/);
  });

  await test.step('画面のアクセシビリティツリー（内線番号の検索欄）', async () => {
    await incomingPage.searchFor({ site: '20', terminal: '202', perPage: '10件' });
    await expectAriaFile(incomingPage.page.getByRole('main'), 'incoming-by-extension-after.aria.yml');
  });
});
