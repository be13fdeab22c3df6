// Password rules (an assumption of this portal, stated in the README):
// 8 to 64 characters of printable ASCII, with at least one letter and one digit,
// and not equal to the login ID.

export const PASSWORD_MIN = 8;
export const PASSWORD_MAX = 64;

/** Returns the Japanese message for a password that breaks the rules, or null when it is fine. */
export function passwordProblem(password: string, loginId?: string): string | null {
  // The most specific reason first: a password equal to the login ID is refused whatever it looks like.
  if (loginId !== undefined && password === loginId) return 'ログインIDと同じパスワードは使用できません。';
  if (password.length < PASSWORD_MIN || password.length > PASSWORD_MAX) {
    return `パスワードは${PASSWORD_MIN}文字以上${PASSWORD_MAX}文字以内で入力してください。`;
  }
  if (!/^[\x21-\x7e]+$/.test(password)) return 'パスワードには半角英数字記号のみ使用できます。';
  if (!/[A-Za-z]/.test(password) || !/[0-9]/.test(password)) {
    return 'パスワードには英字と数字をそれぞれ1文字以上含めてください。';
  }
  return null;
}
