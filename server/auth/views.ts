// Screens of the login: ログイン, メールアドレス登録, ワンタイムパスワード入力, and the registration result.

import { html, type Html } from '../views/html.ts';
import { csrfField, page } from '../views/layout.ts';

export function loginView(token: string, opts: { errors?: string[]; notices?: string[]; loginId?: string }): Html {
  return page(
    { title: 'ログイン', errors: opts.errors, notices: opts.notices },
    html`<h1>ログイン</h1>
<form class="box" method="post" action="/login">${csrfField(token)}
<label for="loginId">ログインID</label><input id="loginId" name="loginId" autocomplete="username" value="${opts.loginId ?? ''}" maxlength="64">
<label for="password">パスワード</label><input id="password" name="password" type="password" autocomplete="current-password" maxlength="128">
<div><button type="submit">ログイン</button></div>
</form>`,
  );
}

export function registrationView(token: string, opts: { errors?: string[]; email?: string; confirm?: string }): Html {
  return page(
    { title: 'メールアドレス登録', errors: opts.errors },
    html`<h1>メールアドレス登録</h1>
<p>ワンタイムパスワードを通知するメールアドレスを入力してください。</p>
<p>確認用と同じメールアドレスを入力してください。</p>
<form class="box" method="post" action="/mfa/register" novalidate>${csrfField(token)}
<label for="email">メールアドレス</label><input id="email" name="email" type="email" autocomplete="email" value="${opts.email ?? ''}" maxlength="254">
<label for="confirm">確認用</label><input id="confirm" name="confirm" type="email" autocomplete="off" value="${opts.confirm ?? ''}" maxlength="254">
<div><button type="submit">送信</button></div>
</form>`,
  );
}

export function otpView(token: string, opts: { masked: string; errors?: string[]; notices?: string[] }): Html {
  return page(
    { title: 'ワンタイムパスワード入力', errors: opts.errors, notices: opts.notices },
    html`<h1>ワンタイムパスワード入力</h1>
<p>「${opts.masked}」にワンタイムパスワードを送信しました。</p>
<p>有効期限内にメールで通知されたワンタイムパスワードを入力してください。</p>
<form class="box" method="post" action="/mfa/otp" novalidate>${csrfField(token)}
<label for="otp">ワンタイムパスワード</label><input id="otp" name="otp" inputmode="numeric" autocomplete="one-time-code" maxlength="6">
<div><button type="submit">送信</button></div>
</form>
<form method="post" action="/mfa/otp/resend">${csrfField(token)}<button type="submit">ワンタイムパスワード再送信</button></form>`,
  );
}

export function registeredView(): Html {
  return page(
    { title: 'メールアドレス登録' },
    html`<h1>メールアドレス登録</h1>
<p>メールアドレスを登録しました。</p>
<form method="get" action="/top"><button type="submit">トップ画面へ</button></form>`,
  );
}
