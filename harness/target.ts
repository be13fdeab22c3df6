// What is under test and what it lets the harness do, read from the environment.

export interface Target {
  /** The portal's base URL. */
  portalUrl: string;
  /** Mailpit's (or the embedded catcher's) base URL. */
  mailpitUrl: string;
  /** The reference portal started by the harness itself. */
  embedded: boolean;
  /** The target answers the harness API (/__harness): tenants and clocks can be controlled. */
  harnessApi: boolean;
  /** Prepared accounts of a target without the harness API (ACCOUNTS_FILE). */
  accountsFile: string | undefined;
}

export class TargetError extends Error {}

function url(name: string, value: string | undefined): string | undefined {
  if (!value) return undefined;
  try {
    const u = new URL(value);
    if (u.protocol !== 'http:' && u.protocol !== 'https:') throw new Error();
    return value.replace(/\/+$/, '');
  } catch {
    throw new TargetError(`${name}="${value}": expected an http(s) URL such as http://127.0.0.1:3000`);
  }
}

export function targetFromEnv(env: Record<string, string | undefined> = process.env): Target {
  const portalUrl = url('PORTAL_URL', env.PORTAL_URL);
  const mailpitUrl = url('MAILPIT_URL', env.MAILPIT_URL);
  if (!portalUrl) throw new TargetError('PORTAL_URL is not set: the global setup starts the embedded portal, or set it to the portal under test');
  if (!mailpitUrl) throw new TargetError('MAILPIT_URL is not set: the global setup starts the embedded catcher, or set it to a Mailpit');
  return {
    portalUrl,
    mailpitUrl,
    embedded: env.HARNESS_EMBEDDED === '1',
    harnessApi: env.HARNESS_API_AVAILABLE === '1',
    accountsFile: env.ACCOUNTS_FILE || undefined,
  };
}

/** Asks the target whether it answers the harness API (a JSON 404 for an unknown tenant means yes). */
export async function probeHarnessApi(portalUrl: string): Promise<boolean> {
  try {
    const res = await fetch(`${portalUrl}/__harness/tenants/probe-${Date.now()}`);
    if (res.status !== 404 || !(res.headers.get('content-type') ?? '').includes('json')) return false;
    const body = (await res.json()) as { error?: string };
    return typeof body.error === 'string' && body.error.startsWith('no tenant');
  } catch {
    return false;
  }
}
