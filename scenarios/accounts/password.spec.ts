// パスワード変更: the administrator sets a new password for one terminal user. It must follow the password rules;
// the old password stops working and the new one works.

import { test, expect } from '../../harness/fixtures.ts';

test('パスワード変更: 規則に合わない・確認用と違うパスワードは拒否され、変更後は古いパスワードでは入れず新しいパスワードで入れる', { tag: ['@accounts', '@before', '@window', '@after'] }, async ({
  page, tenants, loginPage, otpPage, topPage, accountsPage, passwordChangePage,
}) => {
  const tenant = await tenants.create({ accounts: [{ kind: 'admin' }, { mfa: true, email: true }, { mfa: true, email: true }] });
  const admin = tenant.admin();
  const user = tenant.terminal(0);
  const other = tenant.terminal(1);
  const newPassword = `New${user.password}2`;

  await test.step('ユーザ管理者が端末ユーザ管理を開く', async () => {
    await loginPage.goto();
    await loginPage.login(admin.loginId, admin.password);
    await topPage.expectShown();
    await accountsPage.open();
  });

  await test.step('2件選んでパスワード変更すると、1件だけ選ぶよう求められる', async () => {
    await accountsPage.select(user.loginId, other.loginId);
    await accountsPage.changePassword.click();
    await expect(accountsPage.error).toContainText('1件');
  });

  await test.step('1件選んでパスワード変更を開く: パスワードの規則が示される', async () => {
    await accountsPage.select(user.loginId);
    await accountsPage.changePassword.click();
    await passwordChangePage.expectShownFor(user.loginId);
    await expect(page.getByText('8文字以上64文字以内の半角英数字記号')).toBeVisible();
  });

  await test.step('短すぎるパスワードは拒否される', async () => {
    await passwordChangePage.change('Ab12');
    await expect(passwordChangePage.error).toContainText('8文字以上');
  });

  await test.step('数字のないパスワードは拒否される', async () => {
    await passwordChangePage.change('OnlyLetters');
    await expect(passwordChangePage.error).toContainText('数字');
  });

  await test.step('ログインIDと同じパスワードは拒否される', async () => {
    await passwordChangePage.change(user.loginId);
    await expect(passwordChangePage.error).toContainText('ログインID');
  });

  await test.step('確認用と違うと拒否される', async () => {
    await passwordChangePage.change(newPassword, `${newPassword}x`);
    await expect(passwordChangePage.error).toContainText('一致しません');
  });

  await test.step('規則に合うパスワードで変更する', async () => {
    await passwordChangePage.change(newPassword);
    await expect(accountsPage.heading).toBeVisible();
    await expect(accountsPage.notice).toContainText('パスワードを変更しました');
  });

  await test.step('端末ユーザは古いパスワードでは入れない', async () => {
    await page.context().clearCookies();
    await loginPage.goto();
    await loginPage.login(user.loginId, user.password);
    await expect(loginPage.error).toBeVisible();
    await expect(otpPage.heading).toHaveCount(0);
  });

  await test.step('新しいパスワードなら入れる（ワンタイムパスワード入力へ進む）', async () => {
    await loginPage.login(user.loginId, newPassword);
    await expect(otpPage.heading).toBeVisible();
  });

  await test.step('ほかの端末ユーザのパスワードは変わっていない', async () => {
    await page.context().clearCookies();
    await loginPage.goto();
    await loginPage.login(other.loginId, other.password);
    await expect(otpPage.heading).toBeVisible();
  });
});
