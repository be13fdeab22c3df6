// The shape of the portal's lowdb store.

export type AccountKind = 'terminal' | 'admin';

export interface Account {
  id: string;
  tenantId: string;
  kind: AccountKind;
  loginId: string;
  /** 内線番号 of a terminal user (拠点番号 + 端末番号), null for the administrator. */
  extension: string | null;
  /** scrypt hash, `scrypt$N$r$p$salt$hash` (base64). */
  passwordHash: string;
  mfa: boolean;
  /** The registered address (counted only once its OTP was entered), or null. */
  email: string | null;
  /** Registration offered in the window (shown once to MFA-OFF users without address). */
  registrationOffered: boolean;
  failedLogins: number;
  locked: boolean;
  /** Raised when the administrator sets a new password: sessions begun under an older value end. */
  passwordVersion?: number;
}

export interface Tenant {
  id: string;
  name: string;
  /** Offset of this tenant's clock from the portal's base clock, in ms. */
  clockOffsetMs: number;
  /** Set when the cutover's "一律ON" was applied to this tenant. */
  cutoverAppliedAt: string | null;
  createdAt: string;
  /** Overrides the portal's OTP mail charset for this tenant. */
  mailCharset?: 'utf-8' | 'iso-2022-jp';
}

export interface Data {
  tenants: Tenant[];
  accounts: Account[];
  otps: OtpRecord[];
  [more: string]: unknown;
}

export interface OtpRecord {
  accountId: string;
  purpose: 'register' | 'login';
  /** Where the code was sent. */
  email: string;
  /** HMAC-SHA256 of the code with the portal's secret (hex). */
  codeHash: string;
  createdAt: string;
  expiresAt: string;
  attempts: number;
  /** Instants at which codes were sent for this account (for the resend limit). */
  sends: string[];
}
