// ログイン → (メールアドレス登録) → ワンタイムパスワード入力 → トップ, and logout.

import { Router, type Request, type Response } from 'express';
import type { Clock } from '../calendar.ts';
import type { Config } from '../config.ts';
import type { Store } from '../store/db.ts';
import type { Account, Tenant } from '../store/types.ts';
import type { Tenants } from '../tenants.ts';
import { field, isEmailAddress } from '../validation.ts';
import { nextAfterPassword } from './flow.ts';
import { maskAddress, type OtpService } from './otp.ts';
import { dummyHash, verifyPassword } from './password.ts';
import { csrfToken, endSession, regenerate, sameCredentials } from './session.ts';
import { loginView, otpView, registeredView, registrationView } from './views.ts';

export const MSG = {
  badLogin: 'ログインIDまたはパスワードが正しくありません。',
  emptyLogin: 'ログインIDとパスワードを入力してください。',
  locked: 'アカウントがロックされています。ユーザ管理者へお問い合わせください。',
  expiredSession: '一定時間操作がなかったため、ログアウトしました。もう一度ログインしてください。',
  emailEmpty: 'メールアドレスを入力してください。',
  confirmEmpty: '確認用のメールアドレスを入力してください。',
  emailInvalid: 'メールアドレスの形式が正しくありません。',
  emailMismatch: 'メールアドレスと確認用が一致しません。',
  otpFormat: 'ワンタイムパスワードは6桁の数字で入力してください。',
  otpWrong: (left: number) => `ワンタイムパスワードが正しくありません。あと${left}回入力できます。`,
  otpExpired: 'ワンタイムパスワードの有効期限が切れています。「ワンタイムパスワード再送信」で新しいワンタイムパスワードを受け取ってください。',
  otpExhausted: 'ワンタイムパスワードの入力誤りが上限に達しました。もう一度ログインしてください。',
  otpNone: 'ワンタイムパスワードが発行されていません。「ワンタイムパスワード再送信」を押してください。',
  otpResent: 'ワンタイムパスワードを再送信しました。',
  otpResendLimit: 'ワンタイムパスワードの再送信回数が上限に達しました。しばらくしてから再度お試しください。',
  mailFailed: 'メールを送信できませんでした。しばらくしてから再度お試しください。',
  loggedOut: 'ログアウトしました。',
} as const;

export interface AuthDeps {
  store: Store;
  tenants: Tenants;
  otp: OtpService;
  config: Config;
  clock: Clock;
}

export function authRouter({ store, tenants, otp, config, clock }: AuthDeps): Router {
  const r = Router();

  const pending = (req: Request): { tenant: Tenant; account: Account } | undefined => {
    const tenant = req.session.tenantId ? tenants.get(req.session.tenantId) : undefined;
    const account = store.data.accounts.find((a) => a.id === req.session.accountId && a.tenantId === tenant?.id);
    return tenant && account && sameCredentials(req, account) ? { tenant, account } : undefined;
  };

  /** A failure in a row: a wrong password, or an OTP attempt ended by wrong codes. Enough of them lock the account. */
  const countFailure = (accountId: string) =>
    store.update((d) => {
      const a = d.accounts.find((x) => x.id === accountId);
      if (!a) return;
      a.failedLogins += 1;
      if (a.failedLogins >= config.lockThreshold) a.locked = true;
    });

  /** The login went all the way through (password, and the OTP where one is asked): the failures in a row start again. */
  const countSuccess = (accountId: string, change: (a: Account) => void = () => {}) =>
    store.update((d) => {
      const a = d.accounts.find((x) => x.id === accountId);
      if (!a) return;
      a.failedLogins = 0;
      change(a);
    });

  const send = (res: Response, body: { toString(): string }, status = 200) => res.status(status).type('html').send(body.toString());

  r.get('/', (req, res) => res.redirect(303, req.session.stage === 'in' ? '/top' : '/login'));

  r.get('/login', (req, res) => {
    const notices = [...(req.session.flash ?? [])];
    req.session.flash = undefined;
    if (req.query.expired) notices.push(MSG.expiredSession);
    if (req.query.out) notices.push(MSG.loggedOut);
    send(res, loginView(csrfToken(req), { notices }));
  });

  r.post('/login', async (req, res) => {
    const loginId = field(req.body, 'loginId');
    const password = typeof req.body?.password === 'string' ? req.body.password : '';
    const again = (errors: string[], status = 200) => send(res, loginView(csrfToken(req), { errors, loginId }), status);
    if (!loginId || !password) return again([MSG.emptyLogin], 400);

    const account = store.data.accounts.find((a) => a.loginId === loginId);
    const ok = await verifyPassword(password, account?.passwordHash ?? (await dummyHash(config.scryptN)));
    if (!account) return again([MSG.badLogin], 401);
    if (account.locked) return again([ok ? MSG.locked : MSG.badLogin], ok ? 423 : 401);
    if (!ok) {
      await countFailure(account.id);
      return again([MSG.badLogin], 401);
    }

    const tenant = tenants.get(account.tenantId);
    if (!tenant) return again([MSG.badLogin], 401);
    await tenants.settle(tenant.id);
    const fresh = store.data.accounts.find((a) => a.id === account.id)!;
    const step = nextAfterPassword(tenants.phase(tenant), fresh);
    // Where an OTP follows, the failures in a row are cleared only once it is entered: ended OTP attempts count toward the lock.
    const who = { tenantId: tenant.id, accountId: account.id, passwordVersion: fresh.passwordVersion ?? 0 };

    if (step === 'top') {
      await countSuccess(account.id);
      await regenerate(req, { ...who, stage: 'in' }, clock);
      return res.redirect(303, '/top');
    }
    if (step === 'offer-registration') {
      await countSuccess(account.id, (a) => {
        a.registrationOffered = true;
      });
      await regenerate(req, { ...who, stage: 'in', registrationOffer: true }, clock);
      return res.redirect(303, '/mfa/register');
    }
    if (step === 'registration') {
      await regenerate(req, { ...who, stage: 'registration' }, clock);
      return res.redirect(303, '/mfa/register');
    }
    await regenerate(req, { ...who, stage: 'otp', otpPurpose: 'login' }, clock);
    const sent = await otp.issue(tenant, fresh, 'login', fresh.email!, false);
    if (!sent.ok) return send(res, otpView(csrfToken(req), { masked: maskAddress(fresh.email!), errors: [MSG.mailFailed] }), 502);
    return res.redirect(303, '/mfa/otp');
  });

  /**
   * Registration is for a person between password and site, or logged in and offered it at this login
   * (the window), and only while no address is registered.
   */
  const mayRegister = (req: Request): { tenant: Tenant; account: Account } | undefined => {
    const p = pending(req);
    if (!p || p.account.email || p.account.locked) return undefined;
    if (req.session.stage === 'registration') return p;
    if (req.session.stage === 'in') return req.session.registrationOffer && p.account.kind === 'terminal' ? p : undefined;
    if (req.session.stage === 'otp' && req.session.otpPurpose === 'register') return p;
    return undefined;
  };

  r.get('/mfa/register', (req, res) => {
    if (!mayRegister(req)) return res.redirect(303, req.session.stage === 'in' ? '/top' : req.session.stage === 'otp' ? '/mfa/otp' : '/login');
    send(res, registrationView(csrfToken(req), {}));
  });

  r.post('/mfa/register', async (req, res) => {
    const p = mayRegister(req);
    if (!p) return res.redirect(303, req.session.stage === 'in' ? '/top' : '/login');
    const email = field(req.body, 'email');
    const confirm = field(req.body, 'confirm');
    const errors: string[] = [];
    if (!email) errors.push(MSG.emailEmpty);
    if (!confirm) errors.push(MSG.confirmEmpty);
    if (email && !isEmailAddress(email)) errors.push(MSG.emailInvalid);
    if (email && confirm && email !== confirm) errors.push(MSG.emailMismatch);
    if (errors.length) return send(res, registrationView(csrfToken(req), { errors, email, confirm }), 400);

    const sent = await otp.issue(p.tenant, p.account, 'register', email, false);
    if (!sent.ok) return send(res, registrationView(csrfToken(req), { errors: [MSG.mailFailed], email, confirm }), 502);
    req.session.pendingEmail = email;
    req.session.otpPurpose = 'register';
    if (req.session.stage !== 'in') req.session.stage = 'otp';
    res.redirect(303, '/mfa/otp');
  });

  /** The OTP screen is for a person with a code on its way. */
  const otpTarget = (req: Request) => {
    const p = pending(req);
    if (!p || p.account.locked || !req.session.otpPurpose) return undefined;
    if (req.session.otpPurpose === 'login' && req.session.stage !== 'otp') return undefined;
    const email = req.session.otpPurpose === 'register' ? req.session.pendingEmail : p.account.email;
    return email ? { ...p, email } : undefined;
  };

  r.get('/mfa/otp', (req, res) => {
    const t = otpTarget(req);
    if (!t) return res.redirect(303, req.session.stage === 'in' ? '/top' : '/login');
    const notices = [...(req.session.flash ?? [])];
    req.session.flash = undefined;
    send(res, otpView(csrfToken(req), { masked: maskAddress(t.email), notices }));
  });

  r.post('/mfa/otp', async (req, res) => {
    const p = pending(req);
    if (p?.account.locked && req.session.stage !== 'in') {
      // Locked meanwhile (e.g. by wrong passwords elsewhere): the attempt ends.
      await regenerate(req, { flash: [MSG.locked] }, clock);
      return res.redirect(303, '/login');
    }
    const t = otpTarget(req);
    if (!t) return res.redirect(303, req.session.stage === 'in' ? '/top' : '/login');
    const again = (errors: string[], status: number) => send(res, otpView(csrfToken(req), { masked: maskAddress(t.email), errors }), status);
    const code = field(req.body, 'otp').replace(/[０-９]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0));
    if (!/^\d{6}$/.test(code)) return again([MSG.otpFormat], 400);

    const purpose = req.session.otpPurpose!;
    const result = await otp.check(t.tenant, t.account.id, code, { purpose, email: t.email });
    if (!result.ok) {
      if (result.reason === 'expired') return again([MSG.otpExpired], 400);
      if (result.reason === 'none') return again([MSG.otpNone], 400);
      if (result.reason === 'wrong') return again([MSG.otpWrong(result.attemptsLeft)], 400);
      // Too many wrong codes: the attempt ends and counts toward the lock.
      await countFailure(t.account.id);
      await regenerate(req, { flash: [MSG.otpExhausted] }, clock);
      return res.redirect(303, '/login');
    }

    const who = { tenantId: t.tenant.id, accountId: t.account.id, passwordVersion: t.account.passwordVersion ?? 0, stage: 'in' as const };
    if (purpose === 'register') {
      await countSuccess(t.account.id, (a) => {
        a.email = result.record.email;
      });
      await regenerate(req, who, clock);
      return res.redirect(303, '/mfa/registered');
    }
    await countSuccess(t.account.id);
    await regenerate(req, who, clock);
    res.redirect(303, '/top');
  });

  r.post('/mfa/otp/resend', async (req, res) => {
    const t = otpTarget(req);
    if (!t) return res.redirect(303, req.session.stage === 'in' ? '/top' : '/login');
    const sent = await otp.issue(t.tenant, t.account, req.session.otpPurpose!, t.email, true);
    const masked = maskAddress(t.email);
    if (!sent.ok) {
      const msg = sent.reason === 'resend-limit' ? MSG.otpResendLimit : MSG.mailFailed;
      return send(res, otpView(csrfToken(req), { masked, errors: [msg] }), sent.reason === 'resend-limit' ? 429 : 502);
    }
    req.session.flash = [MSG.otpResent];
    res.redirect(303, '/mfa/otp');
  });

  r.get('/mfa/registered', (req, res) => {
    if (req.session.stage !== 'in') return res.redirect(303, '/login');
    send(res, registeredView());
  });

  r.post('/logout', async (req, res) => {
    await endSession(req, res);
    res.redirect(303, '/login?out=1');
  });

  return r;
}
