import { test } from 'node:test';
import assert from 'node:assert/strict';
import { nextAfterPassword } from '../../server/auth/flow.ts';
import { maskAddress } from '../../server/auth/otp.ts';
import { phaseAt } from '../../server/calendar.ts';

test('what follows a correct password, by phase, MFA and address (SPEC §1 table)', () => {
  const t = (mfa: boolean, email: string | null, registrationOffered = false) => ({ kind: 'terminal' as const, mfa, email, registrationOffered });
  assert.equal(nextAfterPassword('before', t(false, null)), 'top');
  assert.equal(nextAfterPassword('before', t(false, 'a@b.jp')), 'top');
  assert.equal(nextAfterPassword('before', t(true, 'a@b.jp')), 'otp');
  assert.equal(nextAfterPassword('before', t(true, null)), 'registration');
  assert.equal(nextAfterPassword('window', t(false, null)), 'offer-registration');
  assert.equal(nextAfterPassword('window', t(false, null, true)), 'top');
  assert.equal(nextAfterPassword('window', t(false, 'a@b.jp')), 'top');
  assert.equal(nextAfterPassword('window', t(true, 'a@b.jp')), 'otp');
  assert.equal(nextAfterPassword('window', t(true, null)), 'registration');
  assert.equal(nextAfterPassword('after', t(false, null)), 'registration');
  assert.equal(nextAfterPassword('after', t(false, 'a@b.jp')), 'otp');
  assert.equal(nextAfterPassword('after', { kind: 'admin', mfa: false, email: null, registrationOffered: false }), 'top');
});

test('the masked address of the OTP screen', () => {
  assert.equal(maskAddress('yamaguchi@ntt.com'), 'y***i@ntt.com');
  assert.equal(maskAddress('y@ntt.com'), 'y***@ntt.com');
  assert.equal(maskAddress('ab@x.jp'), 'a***b@x.jp');
});

test('phases of the calendar, Japan time', () => {
  assert.equal(phaseAt(new Date('2026-06-14T23:59:59+09:00')), 'before');
  assert.equal(phaseAt(new Date('2026-06-15T00:00:00+09:00')), 'window');
  assert.equal(phaseAt(new Date('2026-06-28T23:59:59+09:00')), 'window');
  assert.equal(phaseAt(new Date('2026-06-29T00:00:00+09:00')), 'after');
});
