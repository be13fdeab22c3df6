// createApp(deps): the reference portal as an Express app, without listen.

import { randomBytes } from 'node:crypto';
import express, { type ErrorRequestHandler, type Request } from 'express';
import helmet from 'helmet';
import { accountsRouter } from './accounts/router.ts';
import { csvRouter } from './csv/router.ts';
import { authRouter } from './auth/router.ts';
import { loginRateLimit } from './auth/rate-limit.ts';
import { OtpService } from './auth/otp.ts';
import { csrfProtection, requireLogin, sessionMiddleware, type Who } from './auth/session.ts';
import type { Clock } from './calendar.ts';
import type { Config } from './config.ts';
import { harnessApi } from './harness-api.ts';
import type { Mailer } from './mail/otp-mail.ts';
import { topRouter } from './menu/router.ts';
import { menuPagesRouter, pbxRouter } from './pbx/router.ts';
import type { Store } from './store/db.ts';
import { Tenants } from './tenants.ts';

export interface AppDeps {
  config: Config;
  store: Store;
  /** The base clock; each tenant's time is this plus the tenant's offset. */
  clock: Clock;
  mailer: Mailer;
}

export function createApp(deps: AppDeps) {
  const { config, store, clock, mailer } = deps;
  const tenants = new Tenants(store, clock, config.calendar);
  const otp = new OtpService(store, tenants, mailer, config, randomBytes(32));
  const app = express();
  app.disable('x-powered-by');
  // Over TLS the portal sits behind a proxy on the same host, which says so with X-Forwarded-Proto.
  app.set('trust proxy', config.secureCookies ? 'loopback' : false);

  if (config.harnessApi) app.use('/__harness', harnessApi({ store, tenants, clock, config }));
  else app.use('/__harness', (_req, res) => res.status(404).end());

  app.use(helmet({ contentSecurityPolicy: { directives: { 'form-action': ["'self'"] } }, hsts: config.secureCookies }));
  app.use(express.urlencoded({ extended: false, limit: config.maxBodyBytes, parameterLimit: 200 }));
  app.use(sessionMiddleware(config, clock));
  app.use(csrfProtection);

  const lookup = (req: Request): Who | undefined => {
    const tenant = req.session.tenantId ? tenants.get(req.session.tenantId) : undefined;
    const account = tenant && store.data.accounts.find((a) => a.id === req.session.accountId && a.tenantId === tenant.id);
    return tenant && account ? { tenant, account } : undefined;
  };
  const loggedIn = requireLogin(lookup);
  const settle: express.RequestHandler = async (_req, res, next) => {
    await tenants.settle((res.locals.who as Who).tenant.id);
    next();
  };

  const rateLimit = loginRateLimit(clock, config.loginRateLimit, config.loginRateWindowMs, config.loginAccountRateLimit);
  app.use(rateLimit);
  app.use(authRouter({ store, tenants, otp, config, clock }));
  app.use('/pbx', loggedIn, settle, pbxRouter({ store, tenants }));
  app.use(menuPagesRouter({ store, tenants }, [loggedIn, settle]));
  app.use(loggedIn, settle, topRouter(tenants));
  app.use('/accounts/csv', requireLogin(lookup, 'admin'), csvRouter({ store, tenants, config }));
  app.use('/accounts', requireLogin(lookup, 'admin'), accountsRouter({ store, tenants, config, onUnlock: (loginId) => rateLimit.forgetAccount(loginId) }));

  app.use((_req, res) => {
    res.status(404).type('html').send('<!doctype html><html lang="ja"><meta charset="utf-8"><title>404</title><h1>ページが見つかりません</h1><a href="/top">トップ</a></html>');
  });
  const onError: ErrorRequestHandler = (err, _req, res, _next) => {
    const status = typeof err?.status === 'number' ? err.status : typeof err?.statusCode === 'number' ? err.statusCode : 500;
    const message = status === 413 ? '送信されたデータが大きすぎます。' : status < 500 && err?.message ? String(err.message) : 'システムエラーが発生しました。';
    if (status >= 500) console.error(err);
    res.status(status).type('html').send(`<!doctype html><html lang="ja"><meta charset="utf-8"><title>${status}</title><h1>エラー</h1><p role="alert">${message.replace(/[<>&"]/g, '')}</p><a href="/login">ログイン</a></html>`);
  };
  app.use(onError);
  return { app, tenants, otp };
}
