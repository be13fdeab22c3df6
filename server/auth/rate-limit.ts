// Login rate limits: failed logins within a window, per client address and per login ID; beyond either
// limit, 429 until the window passes, before the password is looked at (so a locked account cannot be
// used to test passwords from many addresses). The lock (LOCK_THRESHOLD) stays the per-account rule of
// the screens. Time comes from the injected clock.

import type { RequestHandler, Response } from 'express';
import type { Clock } from '../calendar.ts';
import { field } from '../validation.ts';

export const TOO_MANY = 'ログインの試行回数が上限を超えました。しばらくしてから再度お試しください。';

const tooMany = (res: Response) =>
  res.status(429).type('html').send(`<!doctype html><html lang="ja"><meta charset="utf-8"><title>ログイン</title><h1>ログイン</h1><p role="alert">${TOO_MANY}</p><a href="/login">ログイン</a></html>`);

/** Failed logins per key within the window. */
class Failures {
  private readonly seen = new Map<string, number[]>();
  constructor(private readonly windowMs: number) {}
  recent(key: string, now: number): number {
    const kept = (this.seen.get(key) ?? []).filter((t) => now - t < this.windowMs);
    if (kept.length) this.seen.set(key, kept);
    else this.seen.delete(key);
    return kept.length;
  }
  add(key: string, now: number): void {
    this.recent(key, now);
    this.seen.set(key, [...(this.seen.get(key) ?? []), now]);
  }
  forget(key: string): void {
    this.seen.delete(key);
  }
}

/** The limit as middleware, and a way to clear a login ID's failures (the administrator's ロック解除). */
export type LoginRateLimit = RequestHandler & { forgetAccount(loginId: string): void };

/** `perAddress` failed logins per client address and `perAccount` per login ID (known or not) within `windowMs`. */
export function loginRateLimit(clock: Clock, perAddress: number, windowMs: number, perAccount = Infinity): LoginRateLimit {
  const byAddress = new Failures(windowMs);
  const byAccount = new Failures(windowMs);
  const handler: RequestHandler = (req, res, next) => {
    if (req.method !== 'POST' || req.path !== '/login') return next();
    // req.ip: the socket's address, or behind the TLS proxy this host trusts (SECURE_COOKIES=1) the client it names
    const address = req.ip ?? req.socket.remoteAddress ?? 'unknown';
    const loginId = field(req.body, 'loginId');
    const now = clock.now().getTime();
    if (byAddress.recent(address, now) >= perAddress || (loginId && byAccount.recent(loginId, now) >= perAccount)) return tooMany(res);
    res.on('finish', () => {
      if (res.statusCode === 401 || res.statusCode === 423) {
        const at = clock.now().getTime();
        byAddress.add(address, at);
        if (loginId) byAccount.add(loginId, at);
      }
    });
    next();
  };
  return Object.assign(handler, { forgetAccount: (loginId: string) => byAccount.forget(loginId) });
}
