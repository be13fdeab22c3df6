// メールアドレス登録: empty fields, a malformed address and a 確認用 that differs each get a clear message on
// the same screen, what was typed stays, nothing is sent and nothing is registered.

import { test, expect } from '../../harness/fixtures.ts';

test('メールアドレス登録の入力誤り: 未入力・形式誤り・確認用の不一致はそれぞれ同じ画面でメッセージが出て、何も登録されない', { tag: ['@mfa', '@before', '@window', '@after'] }, async ({
  tenants, mailbox, loginPage, registrationPage, otpPage, registrationDonePage,
}) => {
  // MFA ON without an address: the registration screen in every phase.
  const tenant = await tenants.create({ accounts: [{ kind: 'terminal', mfa: true }] });
  const user = tenant.terminal();
  const address = mailbox.address('typo');
  const other = mailbox.address('other');
  const start = new Date();

  await test.step('ログインするとメールアドレス登録画面になる', async () => {
    await loginPage.goto();
    await loginPage.login(user.loginId, user.password);
    await registrationPage.expectShown();
  });

  await test.step('何も入力せずに送信: メールアドレスを入力するよう求められる', async () => {
    await registrationPage.register('', '');
    await expect(registrationPage.error).toContainText('メールアドレスを入力してください');
    await registrationPage.expectShown();
  });

  await test.step('確認用だけ空欄: 確認用の入力を求められ、入力したアドレスは残る', async () => {
    await registrationPage.register(address, '');
    await expect(registrationPage.error).toContainText('確認用');
    await registrationPage.expectShown();
    await expect(registrationPage.email).toHaveValue(address);
  });

  await test.step('形式の誤ったアドレス: 形式が正しくないと表示される', async () => {
    const malformed = address.replace('@', '');
    await registrationPage.register(malformed);
    await expect(registrationPage.error).toContainText('形式');
    await registrationPage.expectShown();
    await expect(registrationPage.email).toHaveValue(malformed);
  });

  await test.step('確認用が異なる: 一致しないと表示される', async () => {
    await registrationPage.register(address, other);
    await expect(registrationPage.error).toContainText('一致しません');
    await registrationPage.expectShown();
    await expect(registrationPage.email).toHaveValue(address);
    await expect(registrationPage.confirm).toHaveValue(other);
  });

  await test.step('メールは一通も送られず、アドレスは登録されていない', async () => {
    await mailbox.expectNoMail(address, start);
    await mailbox.expectNoMail(other, start);
    const state = await tenant.state();
    expect(state.accounts.find((a) => a.loginId === user.loginId)?.email).toBeNull();
  });

  await test.step('正しく入力し直せば登録できる', async () => {
    const sentAt = new Date();
    await registrationPage.register(address);
    const mail = await mailbox.waitForOtp(address, sentAt);
    await otpPage.enter(mail.code);
    await registrationDonePage.expectShown();
  });
});
