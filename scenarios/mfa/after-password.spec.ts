// 端末ユーザ: what follows a correct password — one test per row of the table of SPEC §1
// ("What follows a correct password"), each in its phase.

import { test, expect } from '../../harness/fixtures.ts';
import type { Phase } from '../../server/calendar.ts';

type Next = 'トップ画面' | 'ワンタイムパスワード入力' | 'メールアドレス登録' | 'メールアドレス登録（一度だけ）';

interface Row {
  phase: Phase;
  /** 多要素認証 as set before the cutover ("after" rows: what it was before 一律ON). */
  mfa: boolean;
  registered: boolean;
  next: Next;
}

const ROWS: Row[] = [
  { phase: 'before', mfa: false, registered: false, next: 'トップ画面' },
  { phase: 'before', mfa: false, registered: true, next: 'トップ画面' },
  { phase: 'before', mfa: true, registered: true, next: 'ワンタイムパスワード入力' },
  { phase: 'before', mfa: true, registered: false, next: 'メールアドレス登録' },
  { phase: 'window', mfa: false, registered: false, next: 'メールアドレス登録（一度だけ）' },
  { phase: 'window', mfa: false, registered: true, next: 'トップ画面' },
  { phase: 'window', mfa: true, registered: true, next: 'ワンタイムパスワード入力' },
  { phase: 'window', mfa: true, registered: false, next: 'メールアドレス登録' },
  { phase: 'after', mfa: false, registered: false, next: 'メールアドレス登録' },
  { phase: 'after', mfa: false, registered: true, next: 'ワンタイムパスワード入力' },
  { phase: 'after', mfa: true, registered: false, next: 'メールアドレス登録' },
  { phase: 'after', mfa: true, registered: true, next: 'ワンタイムパスワード入力' },
];

const PHASE_NAME: Record<Phase, string> = { before: '6月15日より前', window: '6月15日～6月28日', after: '6月29日以降' };

for (const row of ROWS) {
  const title = `${PHASE_NAME[row.phase]}・多要素認証${row.mfa ? 'ON' : 'OFF'}・メールアドレス${row.registered ? '登録済み' : '未登録'}: 正しいパスワードの次は${row.next}`;

  test(title, { tag: ['@mfa', `@${row.phase}`] }, async ({
    page, tenants, mailbox, loginPage, registrationPage, otpPage, registrationDonePage, topPage,
  }) => {
    // Rows that leave the account as they found it may run on a prepared account of a real target.
    const leavesAccountAsFound = row.next === 'トップ画面' || row.next === 'ワンタイムパスワード入力';
    const tenant = await tenants.create({ accounts: [{ kind: 'terminal', mfa: row.mfa, email: row.registered }], prepared: leavesAccountAsFound });
    const user = tenant.terminal();
    const newAddress = mailbox.address('new');

    const sentAt = new Date();
    await test.step('ログインIDとパスワードでログインする', async () => {
      await loginPage.goto();
      await loginPage.login(user.loginId, user.password);
    });

    if (row.next === 'トップ画面') {
      await test.step('トップ画面が表示され、登録画面もワンタイムパスワード入力も出ない', async () => {
        await topPage.expectShown();
        await expect(registrationPage.heading).toHaveCount(0);
        await expect(otpPage.heading).toHaveCount(0);
      });
      if (user.email) await test.step('ワンタイムパスワードのメールは送られない', () => mailbox.expectNoMail(user.email!, sentAt));
      return;
    }

    if (row.next === 'ワンタイムパスワード入力') {
      const mail = await test.step('登録済みのアドレスにワンタイムパスワードのメールが届く', () => mailbox.waitForOtp(user.email!, sentAt));
      await test.step('ワンタイムパスワード入力画面でコードを入力すると、そのままトップ画面へ', async () => {
        await expect(otpPage.heading).toBeVisible();
        await otpPage.enter(mail.code);
        await topPage.expectShown();
        await expect(registrationDonePage.message).toHaveCount(0);
      });
      return;
    }

    await test.step('メールアドレス登録画面が表示される', () => registrationPage.expectShown());

    if (row.next === 'メールアドレス登録（一度だけ）') {
      await test.step('登録せずにブラウザを閉じ、もう一度ログインすると、登録画面は出ずトップ画面へ', async () => {
        await page.context().clearCookies();
        const again = new Date();
        await loginPage.goto();
        await loginPage.login(user.loginId, user.password);
        await topPage.expectShown();
        await expect(registrationPage.heading).toHaveCount(0);
        await mailbox.expectNoMail(newAddress, again);
      });
      return;
    }

    await test.step('登録を済ませないうちはトップ画面に入れない', async () => {
      await page.goto('/top');
      await registrationPage.expectShown();
    });
    const registeredAt = new Date();
    await test.step('メールアドレスを登録し、届いたワンタイムパスワードを入力する', async () => {
      await registrationPage.register(newAddress);
      const mail = await mailbox.waitForOtp(newAddress, registeredAt);
      await expect(otpPage.heading).toBeVisible();
      await otpPage.enter(mail.code);
    });
    await test.step('「メールアドレスを登録しました。」から「トップ画面へ」', async () => {
      await registrationDonePage.expectShown();
      await registrationDonePage.toTop.click();
      await topPage.expectShown();
    });
    await test.step('次のログインでは登録画面は出ず、登録したアドレスへのワンタイムパスワードを求められる', async () => {
      await topPage.logout.click();
      const again = new Date();
      await loginPage.login(user.loginId, user.password);
      const mail = await mailbox.waitForOtp(newAddress, again);
      await expect(otpPage.heading).toBeVisible();
      await expect(registrationPage.heading).toHaveCount(0);
      await otpPage.enter(mail.code);
      await topPage.expectShown();
    });
  });
}
