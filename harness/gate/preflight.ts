// What the gate checks before any test runs: the settings of the target and the accounts file, the
// shard, the browser. A problem here is a harness error (exit 2), named so it can be fixed.

import { loadAccountsFile, AccountsFileError } from '../accounts-file.ts';
import { shardFromArgv } from './selection.ts';

export class HarnessConfigError extends Error {}

function url(env: Record<string, string | undefined>, name: string, protocols: string[], example: string): void {
  const v = env[name];
  if (!v) return;
  let ok = false;
  try {
    ok = protocols.includes(new URL(v).protocol);
  } catch {
    ok = false;
  }
  if (!ok) throw new HarnessConfigError(`${name}="${v}" is not a URL: expected ${protocols.map((p) => p.replace(':', '')).join(' or ')}, e.g. ${example}`);
}

/** Throws HarnessConfigError naming the first problem; returns lines describing the target. */
export function preflight(env: Record<string, string | undefined>, args: readonly string[]): string[] {
  url(env, 'PORTAL_URL', ['http:', 'https:'], 'https://staging.example');
  url(env, 'MAILPIT_URL', ['http:', 'https:'], 'http://127.0.0.1:8025');
  url(env, 'SMTP_URL', ['smtp:', 'smtps:'], 'smtp://127.0.0.1:1025');
  url(env, 'PW_CONNECT_WS', ['ws:', 'wss:'], 'ws://127.0.0.1:45123/abc');
  if (env.PORTAL_URL && !env.MAILPIT_URL) throw new HarnessConfigError('PORTAL_URL is set but MAILPIT_URL is not: name the Mailpit that receives the target\'s mail');
  if (!env.PORTAL_URL && env.MAILPIT_URL && !env.SMTP_URL) throw new HarnessConfigError('MAILPIT_URL is set but SMTP_URL is not: the embedded portal needs the SMTP address of the same Mailpit (e.g. smtp://127.0.0.1:1025)');
  if (!env.PORTAL_URL && env.ACCOUNTS_FILE) throw new HarnessConfigError('ACCOUNTS_FILE is set but PORTAL_URL is not: prepared accounts belong to a real target; the embedded portal makes its own');
  if (env.PW_WORKERS !== undefined && !/^[1-9]\d*$/.test(env.PW_WORKERS)) throw new HarnessConfigError(`PW_WORKERS="${env.PW_WORKERS}": expected a whole number of workers, 1 or more`);
  try {
    shardFromArgv(args);
  } catch (e) {
    throw new HarnessConfigError((e as Error).message);
  }
  const lines: string[] = [];
  if (env.PORTAL_URL) {
    lines.push(`target ${env.PORTAL_URL}, mail read from ${env.MAILPIT_URL}`);
    if (env.ACCOUNTS_FILE) {
      try {
        const f = loadAccountsFile(env.ACCOUNTS_FILE);
        lines.push(`prepared accounts: ${f.accounts.length} from ${f.path}, the target in phase ${f.phase}`);
      } catch (e) {
        if (e instanceof AccountsFileError) throw new HarnessConfigError(e.message);
        throw e;
      }
    } else lines.push('no ACCOUNTS_FILE: without the harness API every scenario is skipped');
  } else lines.push(`target: the embedded reference portal${env.MAILPIT_URL ? `, mail through ${env.MAILPIT_URL}` : ' and mail catcher'}`);
  if (env.PW_CONNECT_WS) lines.push(`browser: remote, ${env.PW_CONNECT_WS}`);
  return lines;
}

/** A real target and its Mailpit must answer before the run starts (the embedded ones are started by the run). */
export async function checkReachable(env: Record<string, string | undefined>, timeoutMs = 10_000): Promise<void> {
  const probe = async (name: string, url: string) => {
    try {
      await fetch(url, { signal: AbortSignal.timeout(timeoutMs), redirect: 'manual' });
    } catch (e) {
      const c = (e as { cause?: { code?: string; message?: string; errors?: { code?: string }[] } }).cause;
      const cause = c?.code ?? c?.errors?.[0]?.code ?? c?.message ?? (e as Error).message;
      throw new HarnessConfigError(`${name}=${env[name]} does not answer (${cause}): is the target up and the address right?`);
    }
  };
  if (env.PORTAL_URL) await probe('PORTAL_URL', `${env.PORTAL_URL.replace(/\/+$/, '')}/login`);
  if (env.MAILPIT_URL) await probe('MAILPIT_URL', `${env.MAILPIT_URL.replace(/\/+$/, '')}/api/v1/info`);
}
