// Each customer is a tenant: an administrator sees only its own customer's terminal users.

import { test, expect } from '../../harness/fixtures.ts';

test('ユーザ管理者には自分のお客さまの端末ユーザだけが表示され、他のお客さまの端末ユーザは検索しても出ない', { tag: ['@accounts', '@before', '@window', '@after'] }, async ({
  page, tenants, loginPage, topPage, accountsPage,
}) => {
  const mine = await tenants.create({ accounts: [{ kind: 'admin' }, { mfa: false }, { mfa: true, email: true }] });
  const theirs = await tenants.create({ accounts: [{ kind: 'admin' }, { mfa: true, email: true }, { mfa: false }, { mfa: false }] });

  await test.step('お客さまAのユーザ管理者: Aの2件だけ', async () => {
    await loginPage.goto();
    await loginPage.login(mine.admin().loginId, mine.admin().password);
    await topPage.expectShown();
    await accountsPage.open();
    await expect(accountsPage.count).toHaveText('2件が該当します。');
    await expect(accountsPage.row(mine.terminal(0).loginId)).toBeVisible();
    await expect(accountsPage.row(mine.terminal(1).loginId)).toBeVisible();
    for (const n of [0, 1, 2]) await expect(page.getByText(theirs.terminal(n).loginId)).toHaveCount(0);
    await expect(page.getByText(theirs.terminal(0).email!)).toHaveCount(0);
  });

  await test.step('Bの端末ユーザのログインIDで検索しても0件', async () => {
    await accountsPage.searchFor({ loginId: theirs.terminal(0).loginId });
    await expect(accountsPage.count).toHaveText('0件が該当します。');
  });

  await test.step('お客さまBのユーザ管理者: Bの3件だけ', async () => {
    await page.context().clearCookies();
    await loginPage.goto();
    await loginPage.login(theirs.admin().loginId, theirs.admin().password);
    await topPage.expectShown();
    await accountsPage.open();
    await expect(accountsPage.count).toHaveText('3件が該当します。');
    for (const n of [0, 1]) await expect(page.getByText(mine.terminal(n).loginId)).toHaveCount(0);
  });
});
