// The cutover itself: a customer made before 2026-06-29 with MFA-OFF and MFA-ON terminal users; its clock moves
// past 2026-06-29 00:00 JST. The OFF users are now ON ("一律ON") and must register or enter an OTP; those already
// ON keep their address and behave as before (「※すでに多要素認証ONの場合、変更はありません。」).

import { test, expect } from '../../harness/fixtures.ts';
import { maskedAddress } from '../../harness/mail/mask.ts';

const LAST_MINUTE = new Date('2026-06-28T23:59:00+09:00');
const CUTOVER = new Date('2026-06-29T00:00:00+09:00');

test('6月29日 0:00 に多要素認証OFFの端末ユーザが一律ONになり、ONだった端末ユーザは変わらない', { tag: ['@mfa', '@before', '@window'] }, async ({
  page, tenants, mailbox, loginPage, registrationPage, otpPage, registrationDonePage, topPage, accountsPage,
}) => {
  const tenant = await tenants.create({
    accounts: [
      { kind: 'admin' },
      { mfa: false }, // OFF, no address
      { mfa: false, email: true }, // OFF, registered
      { mfa: true, email: true }, // ON, registered
      { mfa: true }, // ON, no address
    ],
  });
  const admin = tenant.admin();
  const [offNew, offRegistered, onRegistered, onNew] = [0, 1, 2, 3].map((n) => tenant.terminal(n));
  const newAddress = mailbox.address('cutover-new');

  const logOut = async () => {
    await page.context().clearCookies();
    await loginPage.goto();
  };

  await test.step('切替前: アカウント管理では多要素認証がOFFの端末ユーザとONの端末ユーザがいる', async () => {
    await loginPage.goto();
    await loginPage.login(admin.loginId, admin.password);
    await topPage.expectShown();
    await accountsPage.open();
    await accountsPage.expectRow(offNew.loginId, { 多要素認証: 'OFF', メールアドレス: '-' });
    await accountsPage.expectRow(offRegistered.loginId, { 多要素認証: 'OFF', メールアドレス: offRegistered.email! });
    await accountsPage.expectRow(onRegistered.loginId, { 多要素認証: 'ON', メールアドレス: onRegistered.email! });
    await accountsPage.expectRow(onNew.loginId, { 多要素認証: 'ON', メールアドレス: '-' });
    await logOut();
  });

  await test.step('6月28日 23:59: 多要素認証OFFの端末ユーザはワンタイムパスワードなしでトップ画面へ', async () => {
    await tenant.setClock(LAST_MINUTE);
    const at = new Date();
    await loginPage.login(offRegistered.loginId, offRegistered.password);
    await topPage.expectShown();
    await mailbox.expectNoMail(offRegistered.email!, at);
    await logOut();
  });

  await tenant.setClock(CUTOVER);

  await test.step('6月29日 0:00: OFFだった登録済みの端末ユーザにワンタイムパスワードが求められる', async () => {
    const at = new Date();
    await loginPage.login(offRegistered.loginId, offRegistered.password);
    const mail = await mailbox.waitForOtp(offRegistered.email!, at);
    await otpPage.expectSentTo(maskedAddress(offRegistered.email!));
    await otpPage.enter(mail.code);
    await topPage.expectShown();
    await logOut();
  });

  await test.step('OFFだった未登録の端末ユーザはメールアドレス登録から', async () => {
    await loginPage.login(offNew.loginId, offNew.password);
    await registrationPage.expectShown();
    const at = new Date();
    await registrationPage.register(newAddress);
    const mail = await mailbox.waitForOtp(newAddress, at);
    await otpPage.enter(mail.code);
    await registrationDonePage.expectShown();
    await logOut();
  });

  await test.step('ONだった端末ユーザは同じアドレスで、これまでどおりワンタイムパスワードを入力する', async () => {
    const at = new Date();
    await loginPage.login(onRegistered.loginId, onRegistered.password);
    const mail = await mailbox.waitForOtp(onRegistered.email!, at);
    await otpPage.expectSentTo(maskedAddress(onRegistered.email!));
    await otpPage.enter(mail.code);
    await topPage.expectShown();
    await logOut();
  });

  await test.step('ONで未登録の端末ユーザは、これまでどおりメールアドレス登録から', async () => {
    await loginPage.login(onNew.loginId, onNew.password);
    await registrationPage.expectShown();
    await logOut();
  });

  await test.step('切替後: アカウント管理では全員がON、アドレスはそのまま、多要素認証変更は非活性', async () => {
    await loginPage.login(admin.loginId, admin.password);
    await topPage.expectShown();
    await accountsPage.open();
    await accountsPage.expectRow(offNew.loginId, { 多要素認証: 'ON', メールアドレス: newAddress });
    await accountsPage.expectRow(offRegistered.loginId, { 多要素認証: 'ON', メールアドレス: offRegistered.email! });
    await accountsPage.expectRow(onRegistered.loginId, { 多要素認証: 'ON', メールアドレス: onRegistered.email! });
    await accountsPage.expectRow(onNew.loginId, { 多要素認証: 'ON', メールアドレス: '-' });
    await expect(accountsPage.changeMfa).toBeDisabled();
  });
});
