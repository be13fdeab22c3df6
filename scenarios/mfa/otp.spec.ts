// ワンタイムパスワード入力: the masked address, a wrong code, an expired code, a code used twice, an older code
// after a newer one, ワンタイムパスワード再送信 and its limit, and five wrong codes that end the attempt and count
// toward the lock. The OTP screen is the same in every phase (an MFA-ON user with an address gets it throughout).

import { test, expect } from '../../harness/fixtures.ts';
import { LoginPage } from '../../harness/pages/login-page.ts';
import { OtpPage } from '../../harness/pages/otp-page.ts';
import { TopPage } from '../../harness/pages/top-page.ts';

const EVERY_PHASE = ['@mfa', '@before', '@window', '@after'];

/** A six-digit code that is not `code`. */
const otherThan = (code: string) => (code === '000000' ? '111111' : '000000');

test('伏せ字のアドレス: ローカル部の最初と最後の文字だけを残し、1文字のローカル部は「y***」', { tag: EVERY_PHASE }, async ({
  tenants, mailbox, loginPage, otpPage,
}) => {
  const [token, domain] = mailbox.address('mask').split('@');
  const long = `y${token}i@${domain}`;
  const short = `y@${token}.${domain}`;
  const tenant = await tenants.create({ accounts: [{ mfa: true, email: long }, { mfa: true, email: short }] });

  await test.step(`「${long}」は「y***i@${domain}」と表示される`, async () => {
    await loginPage.goto();
    await loginPage.login(tenant.terminal(0).loginId, tenant.terminal(0).password);
    await otpPage.expectSentTo(`y***i@${domain}`);
    await expect(otpPage.page.getByText(long)).toHaveCount(0);
  });

  await test.step(`1文字のローカル部「${short}」は「y***@${token}.${domain}」と表示される`, async () => {
    await otpPage.page.context().clearCookies();
    await loginPage.goto();
    await loginPage.login(tenant.terminal(1).loginId, tenant.terminal(1).password);
    await otpPage.expectSentTo(`y***@${token}.${domain}`);
  });
});

test('誤ったワンタイムパスワード: メッセージと残りの入力回数が表示され、正しいコードならトップ画面へ', { tag: EVERY_PHASE }, async ({
  tenants, mailbox, loginPage, otpPage, topPage,
}) => {
  const tenant = await tenants.create({ accounts: [{ mfa: true, email: true }] });
  const user = tenant.terminal();
  const sentAt = new Date();
  await loginPage.goto();
  await loginPage.login(user.loginId, user.password);
  const mail = await test.step('ワンタイムパスワードのメールを受け取る', () => mailbox.waitForOtp(user.email!, sentAt));

  await test.step('誤ったコードを入力すると、誤りと残り4回が表示される', async () => {
    await otpPage.enter(otherThan(mail.code));
    await expect(otpPage.error).toContainText('正しくありません');
    await expect(otpPage.error).toContainText('4回');
    await expect(otpPage.heading).toBeVisible();
  });

  await test.step('もう一度誤ると残り3回', async () => {
    await otpPage.enter(otherThan(mail.code));
    await expect(otpPage.error).toContainText('3回');
  });

  await test.step('正しいコードでトップ画面へ', async () => {
    await otpPage.enter(mail.code);
    await topPage.expectShown();
  });
});

test('有効期限切れのワンタイムパスワード: 10分を過ぎたコードは拒否され、再送信した新しいコードで入れる', { tag: EVERY_PHASE }, async ({
  tenants, mailbox, loginPage, otpPage, topPage,
}) => {
  const tenant = await tenants.create({ accounts: [{ mfa: true, email: true }] });
  const user = tenant.terminal();
  const sentAt = new Date();
  await loginPage.goto();
  await loginPage.login(user.loginId, user.password);
  const mail = await test.step('ワンタイムパスワードのメールを受け取る', () => mailbox.waitForOtp(user.email!, sentAt));

  await test.step('お客さまの時計を有効期限（10分）の1秒後まで進める', () => tenant.advance(10 * 60_000 + 1_000));

  await test.step('期限の切れたコードは有効期限切れと表示される', async () => {
    await otpPage.enter(mail.code);
    await expect(otpPage.error).toContainText('有効期限');
    await expect(otpPage.heading).toBeVisible();
  });

  const resentAt = new Date();
  await test.step('ワンタイムパスワード再送信で届いた新しいコードでトップ画面へ', async () => {
    await otpPage.resend.click();
    await expect(otpPage.notice).toContainText('再送信しました');
    const fresh = await mailbox.waitForOtp(user.email!, resentAt);
    await otpPage.enter(fresh.code);
    await topPage.expectShown();
  });
});

test('ワンタイムパスワードは一度だけ: 一方のブラウザで使ったコードは、もう一方のブラウザでは使えない', { tag: EVERY_PHASE }, async ({
  browser, baseURL, tenants, mailbox, loginPage, otpPage, topPage,
}) => {
  const tenant = await tenants.create({ accounts: [{ mfa: true, email: true }] });
  const user = tenant.terminal();
  const other = await browser.newContext({ baseURL, locale: 'ja-JP', timezoneId: 'Asia/Tokyo' });
  const otherPage = await other.newPage();
  const login2 = new LoginPage(otherPage);
  const otp2 = new OtpPage(otherPage);
  const top2 = new TopPage(otherPage);

  await test.step('二つのブラウザで同じ端末ユーザがログインし、どちらもワンタイムパスワード入力画面にいる', async () => {
    await loginPage.goto();
    await loginPage.login(user.loginId, user.password);
    await expect(otpPage.heading).toBeVisible();
  });
  const secondAt = new Date();
  await login2.goto();
  await login2.login(user.loginId, user.password);
  await expect(otp2.heading).toBeVisible();
  const mail = await test.step('後のログインで送られたコードを読む', () => mailbox.waitForOtp(user.email!, secondAt));

  await test.step('一つ目のブラウザでそのコードを入力してトップ画面へ', async () => {
    await otpPage.enter(mail.code);
    await topPage.expectShown();
  });

  await test.step('二つ目のブラウザで同じコードを入力しても拒否され、トップ画面には入れない', async () => {
    await otp2.enter(mail.code);
    await expect(otp2.error).toBeVisible();
    await expect(otp2.heading).toBeVisible();
    await expect(top2.heading).toHaveCount(0);
  });
  await other.close();
});

test('新しいコードを送ると古いコードは使えない: 再送信前のコードは拒否され、最新のコードで入れる', { tag: EVERY_PHASE }, async ({
  tenants, mailbox, loginPage, otpPage, topPage,
}) => {
  const tenant = await tenants.create({ accounts: [{ mfa: true, email: true }] });
  const user = tenant.terminal();
  const sentAt = new Date();
  await loginPage.goto();
  await loginPage.login(user.loginId, user.password);
  const first = await test.step('最初のコードを受け取る', () => mailbox.waitForOtp(user.email!, sentAt));

  const newest = await test.step('ワンタイムパスワード再送信で新しいコードを受け取る（同じ数字になったときはもう一度）', async () => {
    for (;;) {
      const at = new Date();
      await otpPage.resend.click();
      await expect(otpPage.notice).toContainText('再送信しました');
      const mail = await mailbox.waitForOtp(user.email!, at);
      if (mail.code !== first.code) return mail;
    }
  });

  await test.step('古いコードは拒否される', async () => {
    await otpPage.enter(first.code);
    await expect(otpPage.error).toContainText('正しくありません');
  });

  await test.step('最新のコードでトップ画面へ', async () => {
    await otpPage.enter(newest.code);
    await topPage.expectShown();
  });
});

test('ワンタイムパスワード再送信は10分に3回まで: 4回目は上限のメッセージでメールは送られず、10分たてばまた送れる', { tag: EVERY_PHASE }, async ({
  tenants, mailbox, loginPage, otpPage, topPage,
}) => {
  const tenant = await tenants.create({ accounts: [{ mfa: true, email: true }] });
  const user = tenant.terminal();
  await loginPage.goto();
  await loginPage.login(user.loginId, user.password);
  await expect(otpPage.heading).toBeVisible();

  for (const n of [1, 2, 3]) {
    await test.step(`再送信 ${n}回目: 新しいコードが届く`, async () => {
      const at = new Date();
      await otpPage.resend.click();
      await expect(otpPage.notice).toContainText('再送信しました');
      await mailbox.waitForOtp(user.email!, at);
    });
  }

  await test.step('再送信 4回目: 上限に達したと表示され、メールは届かない', async () => {
    const at = new Date();
    await otpPage.resend.click();
    await expect(otpPage.error).toContainText('上限');
    await mailbox.expectNoMail(user.email!, at);
  });

  await test.step('10分たつとまた再送信でき、新しいコードでトップ画面へ', async () => {
    await tenant.advance(10 * 60_000 + 1_000);
    const at = new Date();
    await otpPage.resend.click();
    await expect(otpPage.notice).toContainText('再送信しました');
    const mail = await mailbox.waitForOtp(user.email!, at);
    await otpPage.enter(mail.code);
    await topPage.expectShown();
  });
});

test('ワンタイムパスワードを5回誤るとログインからやり直しになり、ロックの回数に数えられる', { tag: EVERY_PHASE }, async ({
  tenants, mailbox, loginPage, otpPage,
}) => {
  const tenant = await tenants.create({ accounts: [{ mfa: true, email: true }] });
  const user = tenant.terminal();

  await test.step('パスワードを4回誤る（まだロックされない）', async () => {
    await loginPage.goto();
    for (let i = 0; i < 4; i++) {
      await loginPage.login(user.loginId, `${user.password}-wrong`);
      await expect(loginPage.error).toBeVisible();
    }
  });

  const sentAt = new Date();
  await test.step('正しいパスワードでワンタイムパスワード入力画面へ進む', async () => {
    await loginPage.login(user.loginId, user.password);
    await expect(otpPage.heading).toBeVisible();
  });
  const mail = await mailbox.waitForOtp(user.email!, sentAt);

  await test.step('誤ったコードを5回入力すると、ログイン画面に戻される', async () => {
    for (let i = 0; i < 4; i++) {
      await otpPage.enter(otherThan(mail.code));
      await expect(otpPage.error).toContainText(`${4 - i}回`);
    }
    await otpPage.enter(otherThan(mail.code));
    await expect(loginPage.heading).toBeVisible();
    await expect(loginPage.notice).toContainText('上限');
  });

  await test.step('正しいパスワードでもロックされていると表示され、メールは送られない', async () => {
    const at = new Date();
    await loginPage.login(user.loginId, user.password);
    await expect(loginPage.error).toContainText('ロック');
    await expect(otpPage.heading).toHaveCount(0);
    await mailbox.expectNoMail(user.email!, at);
  });
});
