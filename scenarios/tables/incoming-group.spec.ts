// 着信グループ設定 (SPEC §2): the list of groups and one group's settings — from the cutover a table (グループ種別,
// グループ名, 代表番号 with 拠点番号/端末番号/オフィスリンク内線番号, 子番号 in call order with the note), before it
// plain lines — and its 変更, 削除, 戻る. The notice's example group: 子番号 20200, 20201, 20202, 2000, 3000, 4000.

import { test, expect } from '../../harness/fixtures.ts';
import { expectAriaFile, loginToTop } from '../display-support.ts';

const EVERY_PHASE = ['@tables', '@before', '@window', '@after'];
const NOTICE_GROUP = { kind: 'コールピックアップ/コールパーク', name: '-', rep: ['-', '-', '-'] as [string, string, string], members: ['20200', '20201', '20202', '2000', '3000', '4000'] };

test('通知の例の着信グループ: 6月29日以降は表（子番号は呼出順）、それまでは行で表示され、戻るで一覧へ', { tag: EVERY_PHASE }, async ({
  page, phase, tenants, mailbox, loginPage, otpPage, topPage, menuPage, groupPage,
}) => {
  const tenant = await tenants.create({ accounts: [{ kind: 'admin' }] });
  await loginToTop({ loginPage, otpPage, topPage, mailbox }, tenant.admin());

  await test.step('メニューの着信グループ設定: グループの一覧', async () => {
    await menuPage.open('着信グループ設定');
    await expect(groupPage.listRows).toHaveCount(2);
    await expect(groupPage.listRows.first().getByRole('cell')).toHaveText(['1', 'コールピックアップ/コールパーク', '-', '-', '6', '設定表示']);
  });

  await test.step('グループ番号1を開く: 「着信グループ情報の設定情報を表示します。」とその設定', async () => {
    await groupPage.openGroup(1);
    await expect(menuPage.title).toHaveText(phase === 'after' ? '初期設定/ 着信グループ設定' : '着信グループ設定');
    await groupPage.expectSettings(phase, NOTICE_GROUP);
    await expect(groupPage.change).toBeVisible();
    await expect(groupPage.remove).toBeVisible();
    await expect(groupPage.back).toBeVisible();
    await expectAriaFile(page.getByRole('main'), `group-settings-${phase}.aria.yml`);
  });

  if (phase === 'after') {
    await test.step('設定画面の見た目', async () => {
      await expect(page).toHaveScreenshot('group-settings-after.png', { fullPage: true, animations: 'disabled', maxDiffPixelRatio: 0.02 });
    });
  }

  await test.step('戻るで一覧へ', async () => {
    await groupPage.back.click();
    await expect(groupPage.list).toBeVisible();
  });
});

test('着信グループの変更（子番号の呼出順を入れ替える）と削除', { tag: ['@tables', '@before', '@after'] }, async ({
  phase, tenants, mailbox, loginPage, otpPage, topPage, menuPage, groupPage,
}) => {
  const tenant = await tenants.create({ accounts: [{ kind: 'admin' }] });
  await loginToTop({ loginPage, otpPage, topPage, mailbox }, tenant.admin());
  await menuPage.open('着信グループ設定');
  await groupPage.openGroup(2);
  await groupPage.expectSettings(phase, { kind: '順次呼出', name: '営業部', rep: ['20', '300', '-'], members: ['20202', '20200', '20201'] });

  await test.step('変更: このお客さまにない内線番号と重複は、行番号つきのメッセージで断られる', async () => {
    await groupPage.change.click();
    await groupPage.edit({ members: ['20201', '99999', '20201'] });
    await expect(groupPage.error).toContainText('子番号の2行目「99999」は、このお客さまの内線番号にありません。');
    await expect(groupPage.error).toContainText('子番号の3行目「20201」は重複しています。');
  });

  await test.step('変更: グループ名「営業部第二」、呼出順 3000 → 20201 → 20200', async () => {
    await groupPage.edit({ name: '営業部第二', members: ['3000', '20201', '20200'] });
    await expect(groupPage.notice).toHaveText('着信グループの設定を変更しました。');
    await groupPage.expectSettings(phase, { kind: '順次呼出', name: '営業部第二', rep: ['20', '300', '-'], members: ['3000', '20201', '20200'] });
  });

  await test.step('削除: 確認のうえ削除すると一覧から消える', async () => {
    await groupPage.remove.click();
    await expect(groupPage.page.getByText('次の着信グループを削除します。よろしいですか。')).toBeVisible();
    await groupPage.confirmDelete.click();
    await expect(groupPage.notice).toHaveText('グループ番号2の着信グループを削除しました。');
    await expect(groupPage.listRows).toHaveCount(1);
    await expect(groupPage.listRows.first().getByRole('cell').first()).toHaveText('1');
  });
});
