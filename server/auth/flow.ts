// What follows a correct password (SPEC §1, "What follows a correct password").

import type { Phase } from '../calendar.ts';
import type { Account } from '../store/types.ts';

export type NextStep =
  /** straight to the top page */
  | 'top'
  /** OTP mailed to the registered address, then the OTP screen */
  | 'otp'
  /** the registration screen; the person is not logged in until the OTP is entered */
  | 'registration'
  /** in the window, an MFA-OFF user without address: logged in, and the registration is offered once */
  | 'offer-registration';

export function mfaRequired(phase: Phase, account: Pick<Account, 'kind' | 'mfa'>): boolean {
  return account.mfa || (phase === 'after' && account.kind === 'terminal');
}

export function nextAfterPassword(phase: Phase, account: Pick<Account, 'kind' | 'mfa' | 'email' | 'registrationOffered'>): NextStep {
  if (mfaRequired(phase, account)) return account.email ? 'otp' : 'registration';
  if (account.kind === 'terminal' && phase === 'window' && !account.email && !account.registrationOffered) {
    return 'offer-registration';
  }
  return 'top';
}
