// ログイン: a wrong ID and a wrong password get one message that does not say which was wrong; five wrong
// passwords in a row lock the account; locked, even the right password learns only that it is locked.

import { test, expect } from '../../harness/fixtures.ts';

test('パスワードを5回誤るとロックされ、正しいパスワードでも「ロックされている」こと以外は分からない', { tag: ['@mfa', '@before', '@window', '@after'] }, async ({
  page, tenants, mailbox, loginPage, otpPage, registrationPage, topPage,
}) => {
  const tenant = await tenants.create({ accounts: [{ mfa: true, email: true }] });
  const user = tenant.terminal();
  const start = new Date();
  await loginPage.goto();

  const unknown = await test.step('存在しないログインIDのメッセージ', async () => {
    await loginPage.login(`${user.loginId}-nobody`, user.password);
    await expect(loginPage.error).toBeVisible();
    return (await loginPage.error.innerText()).trim();
  });

  await test.step('パスワードを5回誤る: 毎回、存在しないIDと同じメッセージ', async () => {
    for (let i = 0; i < 5; i++) {
      await loginPage.login(user.loginId, `${user.password}-wrong${i}`);
      await expect(loginPage.error).toHaveText(unknown);
    }
  });

  await test.step('正しいパスワードでも、ロックされていると表示されるだけ', async () => {
    await loginPage.login(user.loginId, user.password);
    await expect(loginPage.error).toContainText('ロック');
    await expect(loginPage.heading).toBeVisible();
    await expect(otpPage.heading).toHaveCount(0);
    await expect(registrationPage.heading).toHaveCount(0);
  });

  await test.step('トップ画面には入れず、ワンタイムパスワードのメールも送られていない', async () => {
    await page.goto('/top');
    await expect(loginPage.heading).toBeVisible();
    await expect(topPage.heading).toHaveCount(0);
    await mailbox.expectNoMail(user.email!, start);
  });

  await test.step('ロック中に誤ったパスワードを入れても、存在しないIDと同じメッセージ（ロックは明かさない）', async () => {
    await loginPage.login(user.loginId, `${user.password}-wrong`);
    await expect(loginPage.error).toHaveText(unknown);
  });
});
