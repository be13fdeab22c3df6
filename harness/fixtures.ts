// The scenarios' fixtures: the target, a tenant of the test's own (accounts, clock), a mailbox with
// the test's own addresses, and one page object per screen.

import { randomBytes } from 'node:crypto';
import { test as base, expect } from '@playwright/test';
import { instantOf, type Phase } from '../server/calendar.ts';
import { HarnessClient, type AccountSpec, type TenantState } from './harness-client.ts';
import { Mailbox } from './mail/mailbox.ts';
import { AccountManagementPage } from './pages/account-management-page.ts';
import { CsvImportPage } from './pages/csv-import-page.ts';
import { CsvImportStatusPage } from './pages/csv-import-status-page.ts';
import { EmailRegistrationPage } from './pages/email-registration-page.ts';
import { ExtensionSettingsPage } from './pages/extension-settings-page.ts';
import { ExternalIncomingPage } from './pages/external-incoming-page.ts';
import { IncomingGroupPage } from './pages/incoming-group-page.ts';
import { LoginPage } from './pages/login-page.ts';
import { MenuPage } from './pages/menu-page.ts';
import { MfaChangePage } from './pages/mfa-change-page.ts';
import { OtpPage } from './pages/otp-page.ts';
import { PasswordChangePage } from './pages/password-change-page.ts';
import { RegistrationDonePage } from './pages/registration-done-page.ts';
import { TopPage } from './pages/top-page.ts';
import { targetFromEnv, type Target } from './target.ts';
import { loadAccountsFile, type AccountsFile, type PreparedAccount } from './accounts-file.ts';
import { AccountClaims, preparedTenant } from './prepared-accounts.ts';

export const NO_HARNESS_API = 'the target has no harness API: creating tenants and moving their clock needs the reference portal with HARNESS_API=1';

/** An account a test logs in with: made for it, or a prepared one of the accounts file (same shape). */
export type TestAccount = PreparedAccount;

export interface AccountWish {
  kind?: 'terminal' | 'admin';
  mfa?: boolean;
  /** true: a fresh address of this test's mailbox is registered; a string: that address. */
  email?: boolean | string;
  extension?: string;
  locked?: boolean;
}

export interface TestTenant {
  id: string;
  accounts: TestAccount[];
  /** The n-th terminal user. */
  terminal(n?: number): TestAccount;
  admin(): TestAccount;
  /** The tenant's present instant. */
  now(): Promise<Date>;
  state(): Promise<TenantState>;
  /** Moves the tenant's clock (and the browser's) to `at`, or forward by `ms`. */
  setClock(at: Date): Promise<void>;
  advance(ms: number): Promise<void>;
}

export interface Tenants {
  /**
   * prepared: the test leaves its accounts as it found them, so on a target without the harness API the
   * prepared accounts of ACCOUNTS_FILE may stand in (harness/prepared-accounts.ts); otherwise it is skipped.
   */
  create(spec: { at?: Date; mailCharset?: 'utf-8' | 'iso-2022-jp'; accounts: AccountWish[]; prepared?: boolean }): Promise<TestTenant>;
}

/** The mailbox as one test sees it: addresses of its own, waits filtered by them. */
export interface TestMailbox {
  address(label?: string): string;
  waitForOtp(to: string, after: Date): ReturnType<Mailbox['waitForOtp']>;
  expectNoMail(to: string, after: Date): Promise<void>;
  box: Mailbox;
  /** An address not made by this test (a prepared account's): its mails are attached on a failure too. */
  adopt(address: string): void;
}

type Fixtures = {
  tenants: Tenants;
  mailbox: TestMailbox;
  loginPage: LoginPage;
  registrationPage: EmailRegistrationPage;
  otpPage: OtpPage;
  registrationDonePage: RegistrationDonePage;
  topPage: TopPage;
  accountsPage: AccountManagementPage;
  passwordChangePage: PasswordChangePage;
  mfaChangePage: MfaChangePage;
  csvImportPage: CsvImportPage;
  csvStatusPage: CsvImportStatusPage;
  menuPage: MenuPage;
  extensionPage: ExtensionSettingsPage;
  groupPage: IncomingGroupPage;
  incomingPage: ExternalIncomingPage;
};
type WorkerFixtures = { phase: Phase; target: Target; harness: HarnessClient; sharedMailbox: Mailbox; accountsFile: AccountsFile | undefined; accountClaims: AccountClaims | undefined };

const rand = () => randomBytes(4).toString('hex');

export const test = base.extend<Fixtures, WorkerFixtures>({
  phase: ['after', { option: true, scope: 'worker' }],
  target: [async ({}, use) => use(targetFromEnv()), { scope: 'worker' }],
  accountsFile: [async ({ target }, use) => use(target.accountsFile ? loadAccountsFile(target.accountsFile) : undefined), { scope: 'worker' }],
  accountClaims: [async ({ accountsFile }, use) => use(accountsFile ? new AccountClaims(accountsFile) : undefined), { scope: 'worker' }],
  harness: [async ({ target }, use) => use(new HarnessClient(target.portalUrl)), { scope: 'worker' }],
  sharedMailbox: [
    async ({ target }, use) => {
      const box = new Mailbox(target.mailpitUrl);
      await use(box);
      await box.close();
    },
    { scope: 'worker' },
  ],

  baseURL: async ({ target }, use) => use(target.portalUrl),

  mailbox: async ({ sharedMailbox }, use, testInfo) => {
    const mine: string[] = [];
    const started = new Date();
    await use({
      box: sharedMailbox,
      address: (label = 'user') => {
        const a = Mailbox.uniqueAddress(`${label}-${testInfo.testId.slice(0, 6)}`);
        mine.push(a);
        return a;
      },
      waitForOtp: (to, after) => sharedMailbox.waitForOtp({ to, after }),
      expectNoMail: (to, after) => sharedMailbox.expectNoMail({ to, after }),
      adopt: (address) => void mine.push(address),
    });
    // On a failure, the mails that reached the test's addresses go into the report.
    if (testInfo.status !== testInfo.expectedStatus) {
      for (const to of mine) {
        for (const m of await sharedMailbox.messagesTo(to, started).catch(() => [])) {
          const raw = await sharedMailbox.rawMessage(m.ID).catch(() => '');
          await testInfo.attach(`mail to ${to} (${m.ID}).eml`, { body: raw, contentType: 'message/rfc822' });
        }
      }
    }
  },

  tenants: async ({ target, harness, phase, page, mailbox, accountsFile, accountClaims }, use) => {
    const made: string[] = [];
    const releases: (() => void)[] = [];
    await use({
      async create(spec) {
        if (!target.harnessApi) {
          return preparedTenant({
            file: accountsFile,
            spec,
            phase,
            claims: accountClaims,
            skip: (reason) => {
              test.skip(true, reason);
              throw new Error(reason);
            },
            onClaim: (release, email) => {
              releases.push(release);
              if (email) mailbox.adopt(email);
            },
          });
        }
        const prefix = rand();
        let ext = 22000;
        const accounts: AccountSpec[] = spec.accounts.map((w, i) => {
          const kind = w.kind ?? 'terminal';
          const extension = kind === 'terminal' ? (w.extension ?? String(++ext)) : undefined;
          const email = w.email === true ? mailbox.address(`${kind}${i}`) : typeof w.email === 'string' ? w.email : null;
          return { kind, loginId: `${prefix}-${kind === 'admin' ? 'admin' : extension}${kind === 'admin' && i ? i : ''}`, extension, password: `Pw${rand()}x9`, mfa: w.mfa ?? false, email, locked: w.locked };
        });
        const at = spec.at ?? instantOf(phase);
        const state = await harness.createTenant({ at, mailCharset: spec.mailCharset, accounts });
        made.push(state.tenantId);
        await page.clock.setSystemTime(new Date(state.now));
        const list: TestAccount[] = accounts.map((a) => ({ kind: a.kind, loginId: a.loginId, password: a.password, extension: a.extension ?? null, mfa: a.mfa ?? false, email: a.email ?? null }));
        const id = state.tenantId;
        return {
          id,
          accounts: list,
          terminal: (n = 0) => list.filter((a) => a.kind === 'terminal')[n] ?? fail(`no terminal user #${n}`),
          admin: () => list.find((a) => a.kind === 'admin') ?? fail('no administrator in this tenant'),
          now: async () => new Date((await harness.tenant(id)).now),
          state: () => harness.tenant(id),
          async setClock(at2) {
            const s = await harness.setClock(id, at2);
            await page.clock.setSystemTime(new Date(s.now));
          },
          async advance(ms) {
            const s = await harness.advanceClock(id, ms);
            await page.clock.setSystemTime(new Date(s.now));
          },
        };
      },
    });
    await Promise.all(made.map((id) => harness.deleteTenant(id).catch(() => undefined)));
    for (const release of releases) release();
  },

  loginPage: async ({ page }, use) => use(new LoginPage(page)),
  registrationPage: async ({ page }, use) => use(new EmailRegistrationPage(page)),
  otpPage: async ({ page }, use) => use(new OtpPage(page)),
  registrationDonePage: async ({ page }, use) => use(new RegistrationDonePage(page)),
  topPage: async ({ page }, use) => use(new TopPage(page)),
  accountsPage: async ({ page }, use) => use(new AccountManagementPage(page)),
  passwordChangePage: async ({ page }, use) => use(new PasswordChangePage(page)),
  mfaChangePage: async ({ page }, use) => use(new MfaChangePage(page)),
  csvImportPage: async ({ page }, use) => use(new CsvImportPage(page)),
  csvStatusPage: async ({ page }, use) => use(new CsvImportStatusPage(page)),
  menuPage: async ({ page }, use) => use(new MenuPage(page)),
  extensionPage: async ({ page }, use) => use(new ExtensionSettingsPage(page)),
  groupPage: async ({ page }, use) => use(new IncomingGroupPage(page)),
  incomingPage: async ({ page }, use) => use(new ExternalIncomingPage(page)),
});

function fail(message: string): never {
  throw new Error(message);
}

export { expect };
