// 多要素認証変更: before the cutover the administrator switches the selected terminal users ON or OFF; from the
// cutover the button is disabled (非活性) and the portal refuses any request to change it, even a form opened
// before the cutover or a button re-enabled by hand.

import { test, expect } from '../../harness/fixtures.ts';

const CUTOVER = new Date('2026-06-29T00:00:00+09:00');

test('6月29日より前: 選んだ端末ユーザの多要素認証をON/OFFに変更でき、次のログインから効く', { tag: ['@accounts', '@before', '@window'] }, async ({
  page, tenants, mailbox, loginPage, registrationPage, otpPage, topPage, accountsPage, mfaChangePage,
}) => {
  const tenant = await tenants.create({ accounts: [{ kind: 'admin' }, { mfa: false }, { mfa: true, email: true }, { mfa: false }] });
  const admin = tenant.admin();
  const [toOn, toOff, untouched] = [0, 1, 2].map((n) => tenant.terminal(n));

  await test.step('ユーザ管理者が端末ユーザ管理を開く: 多要素認証変更は押せる', async () => {
    await loginPage.goto();
    await loginPage.login(admin.loginId, admin.password);
    await topPage.expectShown();
    await accountsPage.open();
    await expect(accountsPage.changeMfa).toBeEnabled();
  });

  await test.step(`${toOn.loginId} を選んで多要素認証をONにする`, async () => {
    await accountsPage.select(toOn.loginId);
    await accountsPage.changeMfa.click();
    await mfaChangePage.expectShownFor(toOn.loginId);
    await mfaChangePage.set('ON');
    await expect(accountsPage.notice).toContainText('ONに変更しました');
    await accountsPage.expectRow(toOn.loginId, { 多要素認証: 'ON' });
  });

  await test.step(`${toOff.loginId} を選んで多要素認証をOFFにする: アドレスは残る`, async () => {
    await accountsPage.select(toOff.loginId);
    await accountsPage.changeMfa.click();
    await mfaChangePage.expectShownFor(toOff.loginId);
    await mfaChangePage.set('OFF');
    await expect(accountsPage.notice).toContainText('OFFに変更しました');
    await accountsPage.expectRow(toOff.loginId, { 多要素認証: 'OFF', メールアドレス: toOff.email! });
    await accountsPage.expectRow(untouched.loginId, { 多要素認証: 'OFF' });
  });

  await test.step('ONにした端末ユーザはログインするとメールアドレス登録画面', async () => {
    await page.context().clearCookies();
    await loginPage.goto();
    await loginPage.login(toOn.loginId, toOn.password);
    await registrationPage.expectShown();
  });

  await test.step('OFFにした端末ユーザはワンタイムパスワードなしでトップ画面', async () => {
    await page.context().clearCookies();
    await loginPage.goto();
    const at = new Date();
    await loginPage.login(toOff.loginId, toOff.password);
    await topPage.expectShown();
    await expect(otpPage.heading).toHaveCount(0);
    await mailbox.expectNoMail(toOff.email!, at);
  });
});

test('6月29日以降: 多要素認証は全員ON、多要素認証変更は非活性で、手でボタンを有効にしても変更は拒否される', { tag: ['@accounts', '@after'] }, async ({
  page, tenants, loginPage, registrationPage, topPage, accountsPage, mfaChangePage,
}) => {
  const tenant = await tenants.create({ accounts: [{ kind: 'admin' }, { mfa: false }, { mfa: true, email: true }] });
  const admin = tenant.admin();
  const [wasOff, wasOn] = [0, 1].map((n) => tenant.terminal(n));

  await test.step('端末ユーザ管理: 全員ON、多要素認証変更は非活性', async () => {
    await loginPage.goto();
    await loginPage.login(admin.loginId, admin.password);
    await topPage.expectShown();
    await accountsPage.open();
    await accountsPage.expectRow(wasOff.loginId, { 多要素認証: 'ON' });
    await accountsPage.expectRow(wasOn.loginId, { 多要素認証: 'ON' });
    await expect(accountsPage.changeMfa).toBeDisabled();
  });

  await test.step('ボタンを手で有効にして押しても、サーバが変更を拒否する', async () => {
    await accountsPage.select(wasOff.loginId);
    await accountsPage.changeMfa.evaluate((button) => {
      button.removeAttribute('disabled');
      button.removeAttribute('aria-disabled');
    });
    await accountsPage.changeMfa.click();
    await expect(accountsPage.error).toContainText('変更できません');
    await expect(mfaChangePage.heading).toHaveCount(0);
    await accountsPage.expectRow(wasOff.loginId, { 多要素認証: 'ON' });
  });

  await test.step('その端末ユーザはログインするとメールアドレス登録画面（多要素認証はONのまま）', async () => {
    await page.context().clearCookies();
    await loginPage.goto();
    await loginPage.login(wasOff.loginId, wasOff.password);
    await registrationPage.expectShown();
  });
});

test('6月28日に開いた多要素認証変更の画面から、6月29日 0:00 を過ぎてOFFを送っても拒否され、何も変わらない', { tag: ['@accounts', '@window'] }, async ({
  page, tenants, mailbox, loginPage, otpPage, topPage, accountsPage, mfaChangePage,
}) => {
  const tenant = await tenants.create({ at: new Date('2026-06-28T23:50:00+09:00'), accounts: [{ kind: 'admin' }, { mfa: true, email: true }] });
  const admin = tenant.admin();
  const user = tenant.terminal();

  await test.step('6月28日 23:50: ユーザ管理者が多要素認証変更の画面を開き、OFFを選ぶ', async () => {
    await loginPage.goto();
    await loginPage.login(admin.loginId, admin.password);
    await topPage.expectShown();
    await accountsPage.open();
    await accountsPage.select(user.loginId);
    await accountsPage.changeMfa.click();
    await mfaChangePage.expectShownFor(user.loginId);
    await mfaChangePage.off.check();
  });

  await test.step('6月29日 0:00 を過ぎてから「変更」を押すと拒否される', async () => {
    await tenant.setClock(CUTOVER);
    await mfaChangePage.submit.click();
    await expect(accountsPage.error).toContainText('変更できません');
    await accountsPage.expectRow(user.loginId, { 多要素認証: 'ON' });
    await expect(accountsPage.changeMfa).toBeDisabled();
  });

  await test.step('その端末ユーザは引き続きワンタイムパスワードを求められる', async () => {
    await page.context().clearCookies();
    await loginPage.goto();
    const at = new Date();
    await loginPage.login(user.loginId, user.password);
    const mail = await mailbox.waitForOtp(user.email!, at);
    await otpPage.enter(mail.code);
    await topPage.expectShown();
  });
});
