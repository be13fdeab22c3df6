// Checks shared by forms and the CSV.

/** A practical address check: one @, a local part and a dotted domain, no spaces, at most 254 characters. */
export function isEmailAddress(s: string): boolean {
  if (s.length > 254) return false;
  return /^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]{1,64}@[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)+$/.test(s);
}

/** The form value as one trimmed string (a repeated field or a missing one is treated as empty). */
export function field(body: unknown, name: string): string {
  const v = (body as Record<string, unknown> | undefined)?.[name];
  return typeof v === 'string' ? v.trim() : '';
}
