// 端末ユーザ ログイン時の多要素認証必須化: the first login after the cutover registers an address,
// later logins ask for the OTP only; before the cutover an MFA-OFF user goes straight to the top.

import { test, expect } from '../../harness/fixtures.ts';
import { maskedAddress } from '../../harness/mail/mask.ts';

test('6月29日以降の初回ログイン: メールアドレスを登録し、メールのワンタイムパスワードでトップ画面へ', { tag: ['@mfa', '@after'] }, async ({
  tenants, mailbox, loginPage, registrationPage, otpPage, registrationDonePage, topPage,
}) => {
  const tenant = await tenants.create({ accounts: [{ kind: 'terminal', mfa: false }] });
  const user = tenant.terminal();
  const address = mailbox.address('first-login');

  await test.step('ログインIDとパスワードでログインする', async () => {
    await loginPage.goto();
    await loginPage.login(user.loginId, user.password);
  });

  const sentAt = new Date();
  await test.step('メールアドレス登録画面でメールアドレスと確認用を送信する', async () => {
    await registrationPage.expectShown();
    await registrationPage.register(address);
  });

  const mail = await test.step('メールで届いたワンタイムパスワードを読む', () => mailbox.waitForOtp(address, sentAt));

  await test.step('ワンタイムパスワード入力画面に伏せ字のアドレスが出て、コードを入力する', async () => {
    await otpPage.expectSentTo(maskedAddress(address));
    await otpPage.enter(mail.code);
  });

  await test.step('「メールアドレスを登録しました。」から「トップ画面へ」', async () => {
    await registrationDonePage.expectShown();
    await registrationDonePage.toTop.click();
    await topPage.expectShown();
  });

  await test.step('ログアウトして再ログインすると、登録画面は出ずワンタイムパスワードだけを求められる', async () => {
    await topPage.logout.click();
    const again = new Date();
    await loginPage.login(user.loginId, user.password);
    const second = await mailbox.waitForOtp(address, again);
    await otpPage.expectSentTo(maskedAddress(address));
    await expect(registrationPage.heading).toHaveCount(0);
    await otpPage.enter(second.code);
    await topPage.expectShown();
  });
});

test('6月15日より前: 多要素認証OFFの端末ユーザはそのままトップ画面へ、メールは送られない', { tag: ['@mfa', '@before'] }, async ({
  tenants, mailbox, loginPage, topPage,
}) => {
  const tenant = await tenants.create({ accounts: [{ kind: 'terminal', mfa: false, email: true }] });
  const user = tenant.terminal();
  const before = new Date();

  await test.step('ログインIDとパスワードでログインする', async () => {
    await loginPage.goto();
    await loginPage.login(user.loginId, user.password);
  });

  await test.step('トップ画面が表示される', () => topPage.expectShown());

  await test.step('ワンタイムパスワードのメールは届いていない', () => mailbox.expectNoMail(user.email!, before));
});

test('6月15日以降の初回ログイン: 多要素認証OFFでもメールアドレス登録画面になり、登録後、二回目以降は表示されない', { tag: ['@mfa', '@window'] }, async ({
  tenants, mailbox, loginPage, registrationPage, otpPage, registrationDonePage, topPage,
}) => {
  const tenant = await tenants.create({ accounts: [{ kind: 'terminal', mfa: false }] });
  const user = tenant.terminal();
  const address = mailbox.address('window');

  await test.step('ログイン後、メールアドレス登録画面になる', async () => {
    await loginPage.goto();
    await loginPage.login(user.loginId, user.password);
    await registrationPage.expectShown();
  });

  const sentAt = new Date();
  await test.step('メールアドレスと確認用を送信し、届いたワンタイムパスワードを入力する', async () => {
    await registrationPage.register(address);
    const mail = await mailbox.waitForOtp(address, sentAt);
    await otpPage.expectSentTo(maskedAddress(address));
    await otpPage.enter(mail.code);
  });

  await test.step('「メールアドレスを登録しました。」から「トップ画面へ」', async () => {
    await registrationDonePage.expectShown();
    await registrationDonePage.toTop.click();
    await topPage.expectShown();
  });

  await test.step('二回目のログイン: 登録画面は出ず、6月29日まではワンタイムパスワードなしでトップ画面へ', async () => {
    await topPage.logout.click();
    const again = new Date();
    await loginPage.login(user.loginId, user.password);
    await topPage.expectShown();
    await expect(registrationPage.heading).toHaveCount(0);
    await mailbox.expectNoMail(address, again);
  });
});
