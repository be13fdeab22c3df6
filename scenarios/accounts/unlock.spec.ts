// ロック解除: a terminal user locked by five wrong passwords logs in again once the administrator unlocks it.

import { test, expect } from '../../harness/fixtures.ts';

test('ロックされた端末ユーザをユーザ管理者がロック解除すると、正しいパスワードでまたログインできる', { tag: ['@accounts', '@before', '@window', '@after'] }, async ({
  page, tenants, mailbox, loginPage, otpPage, topPage, accountsPage,
}) => {
  const tenant = await tenants.create({ accounts: [{ kind: 'admin' }, { mfa: true, email: true }, { mfa: true, email: true }] });
  const admin = tenant.admin();
  const user = tenant.terminal(0);
  const bystander = tenant.terminal(1);

  await test.step('端末ユーザがパスワードを5回誤り、ロックされる', async () => {
    await loginPage.goto();
    for (let i = 0; i < 5; i++) {
      await loginPage.login(user.loginId, `${user.password}-wrong`);
      await expect(loginPage.error).toBeVisible();
    }
    await loginPage.login(user.loginId, user.password);
    await expect(loginPage.error).toContainText('ロック');
  });

  await test.step('ユーザ管理者が端末ユーザ管理を開く', async () => {
    await page.context().clearCookies();
    await loginPage.goto();
    await loginPage.login(admin.loginId, admin.password);
    await topPage.expectShown();
    await accountsPage.open();
  });

  await test.step('何も選ばずにロック解除すると、選択するよう求められる', async () => {
    await accountsPage.unlock.click();
    await expect(accountsPage.error).toContainText('選択');
  });

  await test.step('その端末ユーザを選んでロック解除する', async () => {
    await accountsPage.select(user.loginId);
    await accountsPage.unlock.click();
    await expect(accountsPage.notice).toContainText('ロックを解除しました');
  });

  await test.step('端末ユーザは正しいパスワードでログインでき、ワンタイムパスワードでトップ画面へ', async () => {
    await page.context().clearCookies();
    await loginPage.goto();
    const at = new Date();
    await loginPage.login(user.loginId, user.password);
    const mail = await mailbox.waitForOtp(user.email!, at);
    await otpPage.enter(mail.code);
    await topPage.expectShown();
  });

  await test.step('選ばなかった端末ユーザには何も起きていない', async () => {
    await page.context().clearCookies();
    await loginPage.goto();
    const at = new Date();
    await loginPage.login(bystander.loginId, bystander.password);
    await expect(otpPage.heading).toBeVisible();
    await mailbox.waitForOtp(bystander.email!, at);
  });
});
