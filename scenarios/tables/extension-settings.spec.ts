// 内線設定 (SPEC §2): the list of the customer's extensions (拠点番号 + 端末番号 = 内線番号), the change form with
// its checks, and the result page `以下の内線情報の変更が完了しました。` — from the cutover a table of every field
// (転送動作 for 無条件, 話中, 留守, 無応答 included), before it the same values as plain lines.

import { test, expect } from '../../harness/fixtures.ts';
import type { ResultField } from '../../harness/pages/extension-settings-page.ts';
import { expectAriaFile, loginToTop } from '../display-support.ts';

const EVERY_PHASE = ['@tables', '@before', '@window', '@after'];

/** The notice's example extension 20200 after the change below: every field of the result page, in order. */
const RESULT_20200: readonly ResultField[] = [
  [['内線番号', '拠点番号'], '20'],
  [['内線番号', '端末番号'], '200'],
  [['内線番号', 'オフィスリンク内線番号'], '-'],
  [['ユーザID'], 'U20200'],
  [['パスワード'], '********'],
  [['内線番号メモ欄'], '営業1課'],
  [['端末種別'], 'スマートフォン'],
  [['拠点番号チャネル数'], '-'],
  [['拠点番号複数台利用'], '-'],
  [['外線発信番号'], '未設定'],
  [['通知番号'], '0312345600'],
  [['指定ピックアップ'], 'off'],
  [['不在時動作'], '設定'],
  [['転送/留守番電話設定', '転送先電話番号'], '0312349999'],
  [['転送/留守番電話設定', '転送動作', '無条件'], '留守番電話'],
  [['転送/留守番電話設定', '転送動作', '話中'], '転送'],
  [['転送/留守番電話設定', '転送動作', '留守'], '留守番電話'],
  [['転送/留守番電話設定', '転送動作', '無応答'], '留守番電話'],
  [['(着信)呼出時間'], '20秒'],
  [['留守番電話パスワード'], '3324'],
  [['発信規制'], '未設定'],
  [['IP Phone送付先住所'], '-'],
  [['端末メモ'], '-'],
];

test('ユーザ管理者が内線20200を変更すると「以下の内線情報の変更が完了しました。」、6月29日以降はすべての項目が表、それまでは同じ値が行で並ぶ', { tag: EVERY_PHASE }, async ({
  page, phase, tenants, mailbox, loginPage, otpPage, topPage, menuPage, extensionPage,
}) => {
  const tenant = await tenants.create({ accounts: [{ kind: 'admin' }, { mfa: true, email: true }] });
  await loginToTop({ loginPage, otpPage, topPage, mailbox }, tenant.admin());

  await test.step('メニューの内線設定: お客さまの内線の一覧（拠点番号＋端末番号＝内線番号）', async () => {
    await menuPage.open('内線設定');
    await expect(menuPage.title).toHaveText(phase === 'after' ? '初期設定/ 内線設定' : '内線設定');
    await expect(extensionPage.listedNumbers()).toHaveText(['2000', '2201', '2208', '3000', '4000', '20200', '20201', '20202', tenant.terminal(0).extension!]);
    const row = extensionPage.listRows.filter({ has: page.getByRole('cell', { name: '20200', exact: true }) });
    await expect(row.getByRole('cell')).toHaveText(['20200', '20', '200', '-', 'スマートフォン', '-', '設定変更']);
  });

  await test.step('内線20200の設定変更: 内線番号メモ欄、通知番号、転送先電話番号、話中の転送、(着信)呼出時間を変える', async () => {
    await extensionPage.openSettings('20200');
    await extensionPage.change({ 内線番号メモ欄: '営業1課', 通知番号: '0312345600', 転送先電話番号: '0312349999', 話中: '転送', '(着信)呼出時間': '20' });
  });

  await test.step(phase === 'after' ? '結果: 表（内線番号の下に拠点番号・端末番号・オフィスリンク内線番号、転送動作の下に無条件・話中・留守・無応答）' : '結果: 表ではなく、同じ値が行で並ぶ', async () => {
    await expect(menuPage.title).toHaveText(phase === 'after' ? '初期設定/ 内線設定' : '内線設定');
    await extensionPage.expectResult(phase, RESULT_20200);
    await expectAriaFile(extensionPage.main, `extension-result-${phase}.aria.yml`);
  });

  if (phase === 'after') {
    await test.step('結果画面の見た目', async () => {
      await expect(page).toHaveScreenshot('extension-result-after.png', { fullPage: true, animations: 'disabled', maxDiffPixelRatio: 0.02 });
    });
  }
});

test('内線設定の入力チェック: 誤りはそれぞれ項目名を示すメッセージになり、何も変わらない', { tag: ['@tables', '@before', '@after'] }, async ({
  tenants, mailbox, loginPage, otpPage, topPage, menuPage, extensionPage,
}) => {
  const tenant = await tenants.create({ accounts: [{ kind: 'admin' }] });
  await loginToTop({ loginPage, otpPage, topPage, mailbox }, tenant.admin());
  await menuPage.open('内線設定');
  await extensionPage.openSettings('20201');

  await test.step('呼出時間3秒、留守番電話パスワード「12ab」、転送先なしで無条件を転送、長すぎるメモ', async () => {
    await extensionPage.change({ '(着信)呼出時間': '3', 留守番電話パスワード: '12ab', 無条件: '転送', 内線番号メモ欄: 'あ'.repeat(65) });
    await expect(extensionPage.error).toContainText('(着信)呼出時間は5～60の半角数字（秒）で入力してください。');
    await expect(extensionPage.error).toContainText('留守番電話パスワードは4～8桁の半角数字で入力してください。');
    await expect(extensionPage.error).toContainText('転送動作（無条件）を「転送」にするときは、転送先電話番号を入力してください。');
    await expect(extensionPage.error).toContainText('内線番号メモ欄は64文字以内で入力してください。');
    await expect(extensionPage.done).toHaveCount(0);
  });

  await test.step('入力した値は画面に残る', async () => {
    await expect(extensionPage.field('(着信)呼出時間')).toHaveValue('3');
    await expect(extensionPage.field('留守番電話パスワード')).toHaveValue('12ab');
  });

  await test.step('転送先電話番号にハイフン入りの番号', async () => {
    await extensionPage.change({ '(着信)呼出時間': '20', 留守番電話パスワード: '1234', 無条件: '設定しない', 内線番号メモ欄: '受付', 転送先電話番号: '03-1234-9999' });
    await expect(extensionPage.error).toHaveText(/転送先電話番号は2～20桁の半角数字で入力してください（ハイフンなし）。/);
  });

  await test.step('一覧に戻ると内線20201のメモは元のまま（受付）', async () => {
    await extensionPage.back.click();
    const row = extensionPage.listRows.filter({ has: extensionPage.page.getByRole('cell', { name: '20201', exact: true }) });
    await expect(row.getByRole('cell').nth(5)).toHaveText('受付');
  });
});

test('端末ユーザは自分の内線だけを変更でき、ユーザ管理者の項目（端末種別、外線発信番号、通知番号、発信規制）は表示だけ', { tag: ['@tables', '@before', '@after'] }, async ({
  phase, tenants, mailbox, loginPage, otpPage, topPage, menuPage, extensionPage,
}) => {
  const tenant = await tenants.create({ accounts: [{ kind: 'admin' }, { mfa: true, email: true }] });
  const user = tenant.terminal(0);
  await loginToTop({ loginPage, otpPage, topPage, mailbox }, user);
  await menuPage.open('内線設定');
  await extensionPage.openSettings(user.extension!);

  await test.step('端末種別・外線発信番号・通知番号・発信規制は入力欄がない', async () => {
    for (const label of ['端末種別', '外線発信番号', '通知番号', '発信規制'] as const) await expect(extensionPage.field(label)).toHaveCount(0);
  });

  await test.step('不在時動作と無応答の転送を変えると、結果画面に自分の内線の値', async () => {
    await extensionPage.change({ 不在時動作: '設定', 転送先電話番号: '09011112222', 無応答: '転送' });
    const [site, terminal] = [user.extension!.slice(0, 2), user.extension!.slice(2)];
    await extensionPage.expectResult(phase, [
      [['内線番号', '拠点番号'], site],
      [['内線番号', '端末番号'], terminal],
      [['端末種別'], 'IP電話機'],
      [['不在時動作'], '設定'],
      [['転送/留守番電話設定', '転送先電話番号'], '09011112222'],
      [['転送/留守番電話設定', '転送動作', '無応答'], '転送'],
      [['発信規制'], '未設定'],
    ]);
  });
});
