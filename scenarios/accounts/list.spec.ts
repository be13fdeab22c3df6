// アカウント管理 (管理情報 → 端末ユーザ管理): the list of the customer's terminal users, 検索条件入力, the count and
// the pages above and below, the columns of the notice, and the CSV取込 section.

import { test, expect } from '../../harness/fixtures.ts';

const EVERY_PHASE = ['@accounts', '@before', '@window', '@after'];

test('一覧: 説明、検索条件入力（表示件数は100件）、件数とページ、列、端末ユーザ★、パスワードは出ない、ON/OFF、未登録は「-」', { tag: EVERY_PHASE }, async ({
  page, phase, tenants, loginPage, topPage, accountsPage,
}) => {
  const tenant = await tenants.create({ accounts: [{ kind: 'admin' }, { mfa: true, email: true }, { mfa: false }, { mfa: false, email: true }] });
  const admin = tenant.admin();
  const [on, offNew, offRegistered] = [0, 1, 2].map((n) => tenant.terminal(n));
  // From the cutover every terminal user is ON.
  const off = phase === 'after' ? 'ON' : 'OFF';

  await test.step('ユーザ管理者でログインし、メニューの端末ユーザ管理を開く', async () => {
    await loginPage.goto();
    await loginPage.login(admin.loginId, admin.password);
    await topPage.expectShown();
    await accountsPage.open();
  });

  await test.step('検索条件入力: ログインID、内線番号、表示件数（10件/50件/100件、初めは100件）、検索', async () => {
    await expect(page.getByText('検索条件入力')).toBeVisible();
    await expect(accountsPage.loginId).toBeVisible();
    await expect(accountsPage.extension).toBeVisible();
    await expect(accountsPage.perPage.getByRole('option')).toHaveText(['10件', '50件', '100件']);
    await expect(accountsPage.perPage.locator('option:checked')).toHaveText('100件');
    await expect(accountsPage.search).toBeVisible();
  });

  await test.step('「3件が該当します。」と、一覧の上と下に「1/1ページ」', async () => {
    await expect(accountsPage.count).toHaveText('3件が該当します。');
    await expect(accountsPage.pageIndicators).toHaveText(['1/1ページ', '1/1ページ']);
  });

  await test.step('列: 選択、アカウント区分、内線番号、ログインID、パスワード、多要素認証、メールアドレス', async () => {
    await expect(accountsPage.columnHeaders).toContainText(['アカウント区分', '内線番号', 'ログインID', 'パスワード', '多要素認証', 'メールアドレス']);
    await expect(accountsPage.rows).toHaveCount(3);
    for (const user of [on, offNew, offRegistered]) await expect(accountsPage.row(user.loginId).getByRole('checkbox')).toBeVisible();
  });

  await test.step('各行の値: 端末ユーザ★、内線番号、ログインID、空のパスワード、ON/OFF、アドレスまたは「-」', async () => {
    await accountsPage.expectRow(on.loginId, { アカウント区分: '端末ユーザ★', 内線番号: on.extension!, ログインID: on.loginId, パスワード: '', 多要素認証: 'ON', メールアドレス: on.email! });
    await accountsPage.expectRow(offNew.loginId, { アカウント区分: '端末ユーザ★', 内線番号: offNew.extension!, パスワード: '', 多要素認証: off, メールアドレス: '-' });
    await accountsPage.expectRow(offRegistered.loginId, { アカウント区分: '端末ユーザ★', 内線番号: offRegistered.extension!, パスワード: '', 多要素認証: off, メールアドレス: offRegistered.email! });
  });

  await test.step('パスワードはどこにも表示されない', async () => {
    for (const user of [on, offNew, offRegistered]) await expect(page.getByText(user.password)).toHaveCount(0);
  });

  await test.step('ロック解除・パスワード変更・多要素認証変更のボタン', async () => {
    await expect(accountsPage.unlock).toBeEnabled();
    await expect(accountsPage.changePassword).toBeEnabled();
    await expect(accountsPage.changeMfa).toBeVisible();
  });

  await test.step('「アカウント情報の設定ファイルを取り込みます。」と「CSV取込」', async () => {
    await expect(accountsPage.csvIntro).toBeVisible();
    await expect(accountsPage.csvImport).toBeVisible();
  });
});

test('検索と表示件数: 10件ずつのページ送り、内線番号とログインIDでの絞り込み', { tag: EVERY_PHASE }, async ({
  tenants, loginPage, topPage, accountsPage,
}) => {
  const tenant = await tenants.create({ accounts: [{ kind: 'admin' }, ...Array.from({ length: 12 }, () => ({ mfa: false }))] });
  const admin = tenant.admin();
  const users = Array.from({ length: 12 }, (_, n) => tenant.terminal(n));

  await loginPage.goto();
  await loginPage.login(admin.loginId, admin.password);
  await topPage.expectShown();
  await accountsPage.open();

  await test.step('表示件数 100件: 12件が1ページに', async () => {
    await expect(accountsPage.count).toHaveText('12件が該当します。');
    await expect(accountsPage.rows).toHaveCount(12);
  });

  await test.step('表示件数 10件: 1/2ページに10件', async () => {
    await accountsPage.searchFor({ perPage: '10件' });
    await expect(accountsPage.count).toHaveText('12件が該当します。');
    await expect(accountsPage.pageIndicators).toHaveText(['1/2ページ', '1/2ページ']);
    await expect(accountsPage.rows).toHaveCount(10);
  });

  await test.step('次のページ: 2/2ページに残りの2件', async () => {
    await accountsPage.nextPage.click();
    await expect(accountsPage.pageIndicators).toHaveText(['2/2ページ', '2/2ページ']);
    await expect(accountsPage.rows).toHaveCount(2);
    await expect(accountsPage.row(users[10].loginId)).toBeVisible();
    await expect(accountsPage.row(users[11].loginId)).toBeVisible();
  });

  await test.step(`内線番号「${users[10].extension!.slice(0, 4)}」で検索`, async () => {
    const prefix = users[10].extension!.slice(0, 4);
    const expected = users.filter((u) => u.extension!.includes(prefix));
    await accountsPage.searchFor({ extension: prefix, perPage: '100件' });
    await expect(accountsPage.count).toHaveText(`${expected.length}件が該当します。`);
    await expect(accountsPage.rows).toHaveCount(expected.length);
  });

  await test.step('ログインIDで検索すると、その1件', async () => {
    await accountsPage.searchFor({ extension: '', loginId: users[4].loginId });
    await expect(accountsPage.count).toHaveText('1件が該当します。');
    await accountsPage.expectRow(users[4].loginId, { 内線番号: users[4].extension! });
  });

  await test.step('該当がなければ0件', async () => {
    await accountsPage.searchFor({ loginId: `${users[4].loginId}-none` });
    await expect(accountsPage.count).toHaveText('0件が該当します。');
    await expect(accountsPage.rows).toHaveCount(0);
  });
});
