// Login rate limit per client address: failed logins within a window; beyond the limit, 429 until the window passes.
// Per-account protection is the lock (LOCK_THRESHOLD). Time comes from the injected clock.

import type { RequestHandler } from 'express';
import type { Clock } from '../calendar.ts';

export const TOO_MANY = 'ログインの試行回数が上限を超えました。しばらくしてから再度お試しください。';

export function loginRateLimit(clock: Clock, limit: number, windowMs: number): RequestHandler {
  const failures = new Map<string, number[]>();
  const recent = (key: string, now: number) => {
    const kept = (failures.get(key) ?? []).filter((t) => now - t < windowMs);
    if (kept.length) failures.set(key, kept);
    else failures.delete(key);
    return kept;
  };
  return (req, res, next) => {
    if (req.method !== 'POST' || req.path !== '/login') return next();
    const key = req.socket.remoteAddress ?? 'unknown';
    if (recent(key, clock.now().getTime()).length >= limit) {
      res.status(429).type('html').send(`<!doctype html><html lang="ja"><meta charset="utf-8"><title>ログイン</title><h1>ログイン</h1><p role="alert">${TOO_MANY}</p><a href="/login">ログイン</a></html>`);
      return;
    }
    res.on('finish', () => {
      if (res.statusCode === 401 || res.statusCode === 423) {
        const now = clock.now().getTime();
        failures.set(key, [...recent(key, now), now]);
      }
    });
    next();
  };
}
