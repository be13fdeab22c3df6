// The menu of SPEC §2: from the cutover four groups and sixteen items in order, with the header of the notice and
// the breadcrumb `初期設定/ …` on page titles; before it the same items as one flat list. Every item leads to a
// page. A terminal user sees トップ and 内線設定 only, and the server refuses it the rest.

import { test, expect } from '../../harness/fixtures.ts';
import { MENU_GROUPS, TERMINAL_MENU } from '../../harness/pages/menu-page.ts';
import { expectAriaFile, loginToTop } from '../display-support.ts';

const EVERY_PHASE = ['@menu', '@before', '@window', '@after'];

/** The page title each item leads to (the item's own label unless named here). */
const TITLE: Record<string, string> = { 端末ユーザ管理: 'アカウント管理' };

test('ユーザ管理者のメニュー: 6月29日以降は機能別の4分類16項目と見出し、パンくず「初期設定/ 外線着信設定」、それまでは同じ項目の1列の一覧', { tag: EVERY_PHASE }, async ({
  page, phase, tenants, mailbox, loginPage, otpPage, topPage, menuPage,
}) => {
  const tenant = await tenants.create({ accounts: [{ kind: 'admin' }] });
  await loginToTop({ loginPage, otpPage, topPage, mailbox }, tenant.admin());

  await test.step('ヘッダー: Arcstar Smart PBX、アカウント種別 ユーザ管理者、お客さま', () => menuPage.expectHeader('ユーザ管理者'));

  if (phase === 'after') {
    await test.step('メニュー: 基本設定、初期設定、利用状況/運用確認、管理情報の順に、各分類の項目が通知のとおりの順で並ぶ', () => menuPage.expectGrouped(MENU_GROUPS));
  } else {
    await test.step('メニュー: 分類の見出しはなく、同じ16項目が1列に並ぶ', () => menuPage.expectFlat(MENU_GROUPS));
  }

  await test.step('ヘッダーとメニューのアクセシビリティツリー（この期間の形）', async () => {
    await expectAriaFile(menuPage.header, `header-admin-${phase}.aria.yml`);
    await expectAriaFile(menuPage.menu, `menu-admin-${phase}.aria.yml`);
  });

  await test.step(phase === 'after' ? '外線着信設定の画面名はパンくず「初期設定/ 外線着信設定」' : '外線着信設定の画面名は「外線着信設定」だけ', async () => {
    await menuPage.open('外線着信設定');
    await expect(menuPage.title).toHaveText(phase === 'after' ? '初期設定/ 外線着信設定' : '外線着信設定');
  });

  if (phase === 'after') {
    await test.step('画面の見た目（メニューと通話ログの画面）', async () => {
      await menuPage.open('通話ログ');
      await expect(page).toHaveScreenshot('menu-admin-after.png', { fullPage: true, animations: 'disabled', maxDiffPixelRatio: 0.02 });
    });
  }
});

test('メニューのどの項目も画面につながる（行き止まりのリンクはない）', { tag: EVERY_PHASE }, async ({
  page, phase, tenants, mailbox, loginPage, otpPage, topPage, menuPage,
}) => {
  const tenant = await tenants.create({ accounts: [{ kind: 'admin' }] });
  await loginToTop({ loginPage, otpPage, topPage, mailbox }, tenant.admin());

  for (const { group, items } of MENU_GROUPS) {
    for (const item of items) {
      await test.step(`${group} → ${item}`, async () => {
        await expect(menuPage.item(item), `the menu has ${item}`).toBeVisible();
        const answered = page.waitForResponse((r) => r.request().isNavigationRequest() && r.request().method() === 'GET');
        await menuPage.item(item).click();
        expect((await answered).status(), `${item}: HTTP status`).toBeLessThan(400);
        const title = TITLE[item] ?? item;
        await expect(menuPage.title).toHaveText(phase === 'after' ? `${group}/ ${title}` : title);
        await expect(page.getByText('ページが見つかりません')).toHaveCount(0);
        await expect(menuPage.forbidden).toHaveCount(0);
      });
    }
  }
});

test('端末ユーザのメニューはトップと内線設定だけで、ほかの画面はサーバが拒否する（403）', { tag: EVERY_PHASE }, async ({
  page, phase, tenants, mailbox, loginPage, otpPage, topPage, menuPage, extensionPage,
}) => {
  const tenant = await tenants.create({ accounts: [{ kind: 'admin' }, { mfa: true, email: true }, { mfa: true, email: true }] });
  const user = tenant.terminal(0);
  const other = tenant.terminal(1);
  await loginToTop({ loginPage, otpPage, topPage, mailbox }, user);

  await test.step('ヘッダー: アカウント種別 端末ユーザ', () => menuPage.expectHeader('端末ユーザ'));

  await test.step(phase === 'after' ? 'メニュー: 基本設定 → トップ、初期設定 → 内線設定' : 'メニュー: トップと内線設定の1列', async () => {
    if (phase === 'after') await menuPage.expectGrouped(TERMINAL_MENU);
    else await menuPage.expectFlat(TERMINAL_MENU);
    await expectAriaFile(menuPage.menu, `menu-terminal-${phase}.aria.yml`);
  });

  await test.step('内線設定には自分の内線だけが表示される', async () => {
    await menuPage.open('内線設定');
    await expect(extensionPage.listedNumbers()).toHaveText([user.extension!]);
  });

  await test.step('ユーザ管理者の画面をURLで開いても「アクセス権限がありません」（403）', async () => {
    for (const path of ['/pbx/groups', '/pbx/incoming', '/pbx/multiline', '/usage/call-log', '/admin/pbx-info', '/accounts', '/accounts/csv/status']) {
      const res = await page.goto(path);
      expect(res?.status(), path).toBe(403);
      await expect(menuPage.forbidden, path).toBeVisible();
    }
  });

  await test.step('ほかの内線（同じお客さまの端末ユーザの内線、通知の例の20200）の設定も開けない（403）', async () => {
    for (const number of [other.extension!, '20200']) {
      const res = await page.goto(`/pbx/extensions/${number}/edit`);
      expect(res?.status(), number).toBe(403);
      await expect(menuPage.forbidden).toBeVisible();
    }
  });
});
