// What the display scenarios share: logging in to トップ, and ARIA snapshots kept as readable files.
//
// Logging in: an administrator with MFA OFF goes straight in; a terminal user is made MFA ON with an address,
// so in every phase it enters the OTP mailed to it.
//
// ARIA snapshots: `--update-snapshots` lets Playwright write numbers as regular expressions (`/\d+/`), which
// would no longer check the 子番号 order or the 外線番号 found. With ARIA_SNAPSHOT_WRITE=1 the files are written
// from the page's accessibility tree as it is, every value literal; the assertion then reads them as usual.

import { mkdir, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { Locator } from '@playwright/test';
import { test, expect } from '../harness/fixtures.ts';
import type { TestAccount, TestMailbox } from '../harness/fixtures.ts';
import type { LoginPage } from '../harness/pages/login-page.ts';
import type { OtpPage } from '../harness/pages/otp-page.ts';
import type { TopPage } from '../harness/pages/top-page.ts';

export async function loginToTop(p: { loginPage: LoginPage; otpPage: OtpPage; topPage: TopPage; mailbox: TestMailbox }, who: TestAccount) {
  const sentAt = new Date();
  await p.loginPage.goto();
  await p.loginPage.login(who.loginId, who.password);
  if (who.mfa && who.email) {
    const mail = await p.mailbox.waitForOtp(who.email, sentAt);
    await expect(p.otpPage.heading).toBeVisible();
    await p.otpPage.enter(mail.code);
  }
  await p.topPage.expectShown();
}

/** `toMatchAriaSnapshot` against the file `name` beside the spec (written literally with ARIA_SNAPSHOT_WRITE=1). */
export async function expectAriaFile(locator: Locator, name: string) {
  if (process.env.ARIA_SNAPSHOT_WRITE === '1') {
    const file = test.info().snapshotPath(name, { kind: 'aria' });
    await mkdir(dirname(file), { recursive: true });
    await writeFile(file, `${await locator.ariaSnapshot()}\n`);
  }
  await expect(locator).toMatchAriaSnapshot({ name });
}
