// ユーザ管理者のログイン (SPEC assumption): the notice changes nothing for it — ログインID and パスワード, and where
// its own MFA setting is ON, the same OTP screens as a terminal user. The cutover's 一律ON is for terminal users only.

import { test, expect } from '../../harness/fixtures.ts';
import { maskedAddress } from '../../harness/mail/mask.ts';

test('多要素認証OFFのユーザ管理者は、6月29日以降もログインIDとパスワードだけでトップ画面へ', { tag: ['@mfa', '@before', '@window', '@after'] }, async ({
  tenants, mailbox, loginPage, registrationPage, otpPage, topPage,
}) => {
  const address = mailbox.address('admin-off');
  const tenant = await tenants.create({ accounts: [{ kind: 'admin', mfa: false, email: address }, { kind: 'terminal' }] });
  const admin = tenant.admin();
  const at = new Date();

  await test.step('ログインIDとパスワードでログインするとトップ画面', async () => {
    await loginPage.goto();
    await loginPage.login(admin.loginId, admin.password);
    await topPage.expectShown();
    await expect(topPage.page.getByText('アカウント種別 ユーザ管理者')).toBeVisible();
  });

  await test.step('メールアドレス登録もワンタイムパスワードも求められない', async () => {
    await expect(registrationPage.heading).toHaveCount(0);
    await expect(otpPage.heading).toHaveCount(0);
    await mailbox.expectNoMail(address, at);
  });
});

test('多要素認証ONのユーザ管理者は、端末ユーザと同じワンタイムパスワード入力を経てトップ画面へ', { tag: ['@mfa', '@before', '@window', '@after'] }, async ({
  tenants, mailbox, loginPage, otpPage, topPage, registrationDonePage,
}) => {
  const tenant = await tenants.create({ accounts: [{ kind: 'admin', mfa: true, email: true }], prepared: true });
  const admin = tenant.admin();
  const at = new Date();

  await test.step('ログインすると登録済みアドレスにワンタイムパスワードが届く', async () => {
    await loginPage.goto();
    await loginPage.login(admin.loginId, admin.password);
    await otpPage.expectSentTo(maskedAddress(admin.email!));
  });

  await test.step('コードを入力するとトップ画面へ', async () => {
    const mail = await mailbox.waitForOtp(admin.email!, at);
    await otpPage.enter(mail.code);
    await topPage.expectShown();
    await expect(registrationDonePage.message).toHaveCount(0);
  });
});

test('多要素認証ONでアドレス未登録のユーザ管理者は、メールアドレス登録から', { tag: ['@mfa', '@before', '@after'] }, async ({
  tenants, mailbox, loginPage, registrationPage, otpPage, registrationDonePage, topPage, accountsPage,
}) => {
  const tenant = await tenants.create({ accounts: [{ kind: 'admin', mfa: true }] });
  const admin = tenant.admin();
  const address = mailbox.address('admin-new');

  await test.step('ログインするとメールアドレス登録画面', async () => {
    await loginPage.goto();
    await loginPage.login(admin.loginId, admin.password);
    await registrationPage.expectShown();
  });

  await test.step('登録してワンタイムパスワードを入力し、「トップ画面へ」', async () => {
    const at = new Date();
    await registrationPage.register(address);
    const mail = await mailbox.waitForOtp(address, at);
    await otpPage.expectSentTo(maskedAddress(address));
    await otpPage.enter(mail.code);
    await registrationDonePage.expectShown();
    await registrationDonePage.toTop.click();
    await topPage.expectShown();
  });

  await test.step('ユーザ管理者として端末ユーザ管理を開ける', () => accountsPage.open());
});
