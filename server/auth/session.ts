// Sessions (express-session), their timeouts by the injected clock, CSRF tokens (csrf-sync) and guards.

import { randomBytes } from 'node:crypto';
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import session from 'express-session';
import { csrfSync } from 'csrf-sync';
import type { Clock } from '../calendar.ts';
import type { Config } from '../config.ts';
import type { Store } from '../store/db.ts';
import type { Account, Tenant } from '../store/types.ts';

declare module 'express-session' {
  interface SessionData {
    tenantId: string;
    accountId: string;
    /** 'registration' and 'otp' are the screens between the password and the site; 'in' is logged in. */
    stage: 'registration' | 'otp' | 'in';
    otpPurpose: 'register' | 'login';
    /** The address being registered (counts as registered once its OTP is entered). */
    pendingEmail: string;
    /** Base-clock instants, ms: when the session was created and last used. */
    startedAt: number;
    seenAt: number;
    /** One-shot messages for the next page (e.g. back at login after too many wrong codes). */
    flash: string[];
    /** The account's passwordVersion when the session began: a newer password ends the session. */
    passwordVersion: number;
    /** In the window, a logged-in MFA-OFF user without address was offered the registration at this login. */
    registrationOffer: boolean;
  }
}

export interface Who {
  tenant: Tenant;
  account: Account;
}

export function sessionMiddleware(config: Config, clock: Clock): RequestHandler[] {
  const store = new session.MemoryStore();
  const base = session({
    name: 'spbx.sid',
    secret: config.sessionSecret || randomBytes(32).toString('hex'),
    resave: false,
    saveUninitialized: false,
    store,
    cookie: { httpOnly: true, sameSite: 'lax', secure: config.secureCookies, path: '/' },
  });
  const timeouts: RequestHandler = (req, res, next) => {
    const s = req.session;
    if (!s.startedAt) return next();
    const now = clock.now().getTime();
    if (now - (s.seenAt ?? s.startedAt) > config.sessionIdleMs || now - s.startedAt > config.sessionAbsoluteMs) {
      return s.destroy(() => {
        res.clearCookie('spbx.sid', { path: '/' });
        res.redirect(303, '/login?expired=1');
      });
    }
    s.seenAt = now;
    next();
  };
  return [base, timeouts];
}

/** Starts a new session (new id) holding `data`, dropping the old one. */
export function regenerate(req: Request, data: Partial<session.SessionData>, clock: Clock): Promise<void> {
  return new Promise((resolve, reject) => {
    req.session.regenerate((err) => {
      if (err) return reject(err);
      const now = clock.now().getTime();
      Object.assign(req.session, { startedAt: now, seenAt: now }, data);
      req.session.save((e) => (e ? reject(e) : resolve()));
    });
  });
}

export function endSession(req: Request, res: Response): Promise<void> {
  return new Promise((resolve) => {
    req.session.destroy(() => {
      res.clearCookie('spbx.sid', { path: '/' });
      resolve();
    });
  });
}

const csrf = csrfSync({
  size: 32,
  getTokenFromRequest: (req) => (req.body && typeof req.body._csrf === 'string' ? req.body._csrf : (req.headers['x-csrf-token'] as string | undefined)),
  errorConfig: { statusCode: 403, message: '画面の有効期限が切れました。もう一度操作してください。', code: 'EBADCSRFTOKEN' },
});

/** The token to put in a form; creates it in the session when there is none. */
export const csrfToken = (req: Request): string => csrf.generateToken(req);

/**
 * Where a multipart body is expected: the route reads it (multer) and then checks the token with
 * csrfCheck. A multipart post anywhere else is checked here like any form, so it is refused (its body
 * is not read, so no token is found): a route cannot be reached around the token by changing the encoding.
 */
export const UPLOAD_PATHS: ReadonlySet<string> = new Set(['/accounts/csv']);

/** Checks the token of every state-changing request; uploads to UPLOAD_PATHS check it after their body is read. */
export const csrfProtection: RequestHandler = (req, res, next) => {
  // Express matches paths case-insensitively and with or without a trailing slash: so does this.
  if (req.is('multipart/form-data') && UPLOAD_PATHS.has(req.path.toLowerCase().replace(/\/+$/, ''))) return next();
  csrf.csrfSynchronisedProtection(req, res, next);
};
export const csrfCheck: RequestHandler = (req, res, next) => csrf.csrfSynchronisedProtection(req, res, next);

export type Lookup = (req: Request) => Who | undefined;

/** Only a logged-in person (optionally of one kind) passes; the rest go to login or get 403. */
export function requireLogin(lookup: Lookup, kind?: Account['kind']): RequestHandler {
  return (req: Request, res: Response, next: NextFunction) => {
    if (req.session.stage !== 'in') {
      if (req.session.stage) return res.redirect(303, req.session.stage === 'otp' ? '/mfa/otp' : '/mfa/register');
      return res.redirect(303, '/login');
    }
    const who = lookup(req);
    if (!who || !sameCredentials(req, who.account)) return res.redirect(303, '/login');
    if (kind && who.account.kind !== kind) return res.status(403).send(forbiddenPage());
    res.locals.who = who;
    next();
  };
}

/** The session began under the account's present password (an administrator's パスワード変更 ends older sessions). */
export function sameCredentials(req: Request, account: Account): boolean {
  return (req.session.passwordVersion ?? 0) === (account.passwordVersion ?? 0);
}

export function forbiddenPage(): string {
  return '<!doctype html><html lang="ja"><meta charset="utf-8"><title>403</title><h1>アクセス権限がありません</h1><p>この画面を表示する権限がありません。</p><a href="/top">トップ</a></html>';
}
