// Address re-registration through the account CSV: `削除` clears a terminal user's address, so that the user
// registers one again at the next login (メールアドレス登録 → OTP from the mail → top); a new address replaces
// the old one, and the next OTP goes to the new address only.

import { test, expect } from '../../harness/fixtures.ts';
import { accountCsv } from '../../harness/csv/files.ts';
import { maskedAddress } from '../../harness/mail/mask.ts';

test('CSVの「削除」でメールアドレスを消すと、次のログインでメールアドレス登録からやり直し、ワンタイムパスワードでトップ画面へ', { tag: ['@csv', '@window', '@after'] }, async ({
  tenants, mailbox, loginPage, topPage, csvImportPage, csvStatusPage, registrationPage, otpPage, registrationDonePage, accountsPage,
}) => {
  const tenant = await tenants.create({ accounts: [{ kind: 'admin' }, { email: true }] });
  const admin = tenant.admin();
  const user = tenant.terminal();
  const newAddress = mailbox.address('again');

  await test.step('ユーザ管理者が、メールアドレスを「削除」にしたCSVを取り込む', async () => {
    await loginPage.goto();
    await loginPage.login(admin.loginId, admin.password);
    await topPage.expectShown();
    await csvImportPage.open();
    await csvImportPage.upload({ name: 'delete.csv', bytes: accountCsv([{ extension: user.extension!, loginId: user.loginId, email: '削除' }]) });
    await csvStatusPage.expectRow(2, { loginId: user.loginId, result: '適用' });
  });

  await test.step('アカウント管理でメールアドレスが「-」になっている', async () => {
    await accountsPage.open();
    await accountsPage.expectRow(user.loginId, { メールアドレス: '-' });
    await topPage.logout.click();
  });

  await test.step('端末ユーザがログインすると、メールアドレス登録画面になる', async () => {
    await loginPage.login(user.loginId, user.password);
    await registrationPage.expectShown();
  });

  const sentAt = new Date();
  await test.step('新しいメールアドレスを登録し、届いたワンタイムパスワードを入力する', async () => {
    await registrationPage.register(newAddress);
    const mail = await mailbox.waitForOtp(newAddress, sentAt);
    await otpPage.expectSentTo(maskedAddress(newAddress));
    await otpPage.enter(mail.code);
  });

  await test.step('「メールアドレスを登録しました。」から「トップ画面へ」', async () => {
    await registrationDonePage.expectShown();
    await registrationDonePage.toTop.click();
    await topPage.expectShown();
  });

  await test.step('前のアドレスにはメールが届いていない', () => mailbox.expectNoMail(user.email!, sentAt));
});

test('CSVで新しいメールアドレスに置き換えると、次のログインのワンタイムパスワードは新しいアドレスにだけ届く', { tag: ['@csv', '@before', '@window', '@after'] }, async ({
  tenants, mailbox, loginPage, topPage, csvImportPage, csvStatusPage, otpPage,
}) => {
  const tenant = await tenants.create({ accounts: [{ kind: 'admin' }, { mfa: true, email: true }] });
  const admin = tenant.admin();
  const user = tenant.terminal();
  const newAddress = mailbox.address('replaced');

  await test.step('ユーザ管理者が、新しいメールアドレスのCSVを取り込む', async () => {
    await loginPage.goto();
    await loginPage.login(admin.loginId, admin.password);
    await topPage.expectShown();
    await csvImportPage.open();
    await csvImportPage.upload({ name: 'replace.csv', bytes: accountCsv([{ extension: user.extension!, loginId: user.loginId, email: newAddress }]) });
    await csvStatusPage.expectRow(2, { loginId: user.loginId, result: '適用' });
    await topPage.logout.click();
  });

  const sentAt = new Date();
  await test.step('端末ユーザがログインすると、新しいアドレス（伏せ字）にワンタイムパスワードが送られる', async () => {
    await loginPage.login(user.loginId, user.password);
    await otpPage.expectSentTo(maskedAddress(newAddress));
  });

  await test.step('新しいアドレスに届いたコードでトップ画面へ', async () => {
    const mail = await mailbox.waitForOtp(newAddress, sentAt);
    await otpPage.enter(mail.code);
    await topPage.expectShown();
  });

  await test.step('前のアドレスにはメールが届いていない', () => mailbox.expectNoMail(user.email!, sentAt));
});
