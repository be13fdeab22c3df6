/** How the OTP screen shows an address (SPEC): `yamaguchi@ntt.com` → `y***i@ntt.com`, `y@ntt.com` → `y***@ntt.com`. */
export function maskedAddress(address: string): string {
  const at = address.lastIndexOf('@');
  const local = address.slice(0, at);
  const masked = local.length <= 1 ? `${local}***` : `${local[0]}***${local[local.length - 1]}`;
  return `${masked}@${address.slice(at + 1)}`;
}
