// One-time passwords: 6 digits from a cryptographic source, stored as an HMAC, compared in
// constant time, single use, a newer code voids the older, limited tries and resends.

import { createHmac, randomInt, timingSafeEqual } from 'node:crypto';
import type { Config } from '../config.ts';
import type { Mailer } from '../mail/otp-mail.ts';
import type { Store } from '../store/db.ts';
import type { Account, OtpRecord, Tenant } from '../store/types.ts';
import type { Tenants } from '../tenants.ts';

export type OtpCheck =
  | { ok: true; record: OtpRecord }
  | { ok: false; reason: 'none' | 'expired' | 'wrong'; attemptsLeft: number }
  | { ok: false; reason: 'exhausted'; attemptsLeft: 0 };

export type IssueResult = { ok: true; expiresAt: Date } | { ok: false; reason: 'resend-limit' | 'mail-failed' };

export class OtpService {
  constructor(
    private readonly store: Store,
    private readonly tenants: Tenants,
    private readonly mailer: Mailer,
    private readonly config: Config,
    private readonly secret: Buffer,
  ) {}

  private hash(code: string): string {
    return createHmac('sha256', this.secret).update(code).digest('hex');
  }

  current(accountId: string): OtpRecord | undefined {
    return this.store.data.otps.find((o) => o.accountId === accountId);
  }

  /**
   * Sends a new code to `email`, replacing any older one. `resend` counts against the resend limit
   * (codes sent within the window beyond the first).
   */
  async issue(tenant: Tenant, account: Account, purpose: OtpRecord['purpose'], email: string, resend: boolean): Promise<IssueResult> {
    const now = this.tenants.now(tenant);
    const since = now.getTime() - this.config.otpResendWindowMs;
    const previous = this.current(account.id);
    const recent = (previous?.sends ?? []).filter((s) => Date.parse(s) > since);
    if (resend && recent.length > this.config.otpResendLimit) return { ok: false, reason: 'resend-limit' };
    const code = String(randomInt(0, 1_000_000)).padStart(6, '0');
    const expiresAt = new Date(now.getTime() + this.config.otpLifetimeMs);
    const record: OtpRecord = {
      accountId: account.id,
      purpose,
      email,
      codeHash: this.hash(code),
      createdAt: now.toISOString(),
      expiresAt: expiresAt.toISOString(),
      attempts: 0,
      sends: [...recent, now.toISOString()],
    };
    await this.store.update((d) => {
      d.otps = d.otps.filter((o) => o.accountId !== account.id);
      d.otps.push(record);
    });
    try {
      await this.mailer.sendOtp({ to: email, code, expiresAt, sentAt: now, charset: tenant.mailCharset ?? this.config.mailCharset });
    } catch {
      await this.void(account.id);
      return { ok: false, reason: 'mail-failed' };
    }
    return { ok: true, expiresAt };
  }

  /**
   * Checks a code typed by the person. A correct code is used up; a wrong one costs a try.
   * The code must be the one issued for what the person is doing (`purpose`, to `email`):
   * a code sent for something else counts as none.
   */
  async check(tenant: Tenant, accountId: string, typed: string, expect: { purpose: OtpRecord['purpose']; email: string }): Promise<OtpCheck> {
    const now = this.tenants.now(tenant).getTime();
    return this.store.update((d): OtpCheck => {
      const rec = d.otps.find((o) => o.accountId === accountId);
      const max = this.config.otpMaxAttempts;
      if (!rec || rec.purpose !== expect.purpose || rec.email !== expect.email) return { ok: false, reason: 'none', attemptsLeft: 0 };
      if (now >= Date.parse(rec.expiresAt)) return { ok: false, reason: 'expired', attemptsLeft: max - rec.attempts };
      const given = Buffer.from(this.hash(typed), 'hex');
      const expected = Buffer.from(rec.codeHash, 'hex');
      if (timingSafeEqual(given, expected)) {
        d.otps = d.otps.filter((o) => o !== rec);
        return { ok: true, record: rec };
      }
      rec.attempts += 1;
      if (rec.attempts >= max) {
        d.otps = d.otps.filter((o) => o !== rec);
        return { ok: false, reason: 'exhausted', attemptsLeft: 0 };
      }
      return { ok: false, reason: 'wrong', attemptsLeft: max - rec.attempts };
    });
  }

  async void(accountId: string): Promise<void> {
    await this.store.update((d) => {
      d.otps = d.otps.filter((o) => o.accountId !== accountId);
    });
  }
}

/** `yamaguchi@ntt.com` → `y***i@ntt.com`; a one-character local part `y@ntt.com` → `y***@ntt.com`. */
export function maskAddress(address: string): string {
  const at = address.lastIndexOf('@');
  const local = address.slice(0, at);
  const domain = address.slice(at + 1);
  const masked = local.length <= 1 ? `${local}***` : `${local[0]}***${local[local.length - 1]}`;
  return `${masked}@${domain}`;
}
