import { test } from 'node:test';
import assert from 'node:assert/strict';
import { passwordProblem } from '../../server/auth/password-policy.ts';
import { maskAddress } from '../../server/auth/otp.ts';

test('password rules: 8–64 printable ASCII, a letter and a digit, not the login ID', () => {
  assert.equal(passwordProblem('Abcdef12'), null);
  assert.equal(passwordProblem('a1!"#$%&\'()*+,-./:;<=>?@[\\]^_`{|}~'), null, 'every ASCII symbol is allowed');
  assert.equal(passwordProblem(`a1${'x'.repeat(62)}`), null, '64 characters');
  assert.match(passwordProblem(`a1${'x'.repeat(63)}`)!, /8文字以上64文字以内/, '65 characters');
  assert.match(passwordProblem('Abcde12')!, /8文字以上64文字以内/, '7 characters');
  assert.match(passwordProblem('Abcdef 12')!, /半角英数字記号のみ/, 'a space');
  assert.match(passwordProblem('Ａｂｃｄｅｆ１２')!, /半角英数字記号のみ/, 'full-width');
  assert.match(passwordProblem('abcdefgh')!, /英字と数字/);
  assert.match(passwordProblem('12345678')!, /英字と数字/);
  assert.match(passwordProblem('user2026a', 'user2026a')!, /ログインIDと同じ/);
  assert.match(passwordProblem('12345678', '12345678')!, /ログインIDと同じ/, 'the most specific reason first');
  assert.equal(passwordProblem('user2026b', 'user2026a'), null);
});

test('the OTP screen masks the address as the notice shows it', () => {
  assert.equal(maskAddress('yamaguchi@ntt.com'), 'y***i@ntt.com');
  assert.equal(maskAddress('y@ntt.com'), 'y***@ntt.com');
});
