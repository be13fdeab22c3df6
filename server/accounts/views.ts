// Screens of アカウント管理: the list with 検索条件入力 and the actions, パスワード変更, 多要素認証変更.

import { PASSWORD_MAX, PASSWORD_MIN } from '../auth/password-policy.ts';
import type { Account } from '../store/types.ts';
import { html, type Html } from '../views/html.ts';
import { csrfField } from '../views/layout.ts';
import { portalPage, type Frame } from '../views/portal.ts';
import { PER_PAGE_CHOICES, queryString, type ListPage, type Query } from './service.ts';

export const PATH = '/accounts';
export const CSV_PATH = '/accounts/csv';

export type { Frame } from '../views/portal.ts';

/** The password rules, as the screen states them (server/auth/password-policy.ts). */
export const PASSWORD_RULES = `パスワードは${PASSWORD_MIN}文字以上${PASSWORD_MAX}文字以内の半角英数字記号で、英字と数字をそれぞれ1文字以上含めてください。ログインIDと同じパスワードは使用できません。`;

const KIND = { terminal: '端末ユーザ★', admin: 'ユーザ管理者' } as const;

function pager(list: ListPage, q: Query, where: string): Html {
  const prev = list.page > 1 ? html`<a href="${PATH}${queryString(q, list.page - 1)}">前へ</a>` : '';
  const next = list.page < list.pages ? html`<a href="${PATH}${queryString(q, list.page + 1)}">次へ</a>` : '';
  return html`<nav class="pager" aria-label="ページ送り（${where}）"><span>${list.page}/${list.pages}ページ</span> ${prev} ${next}</nav>`;
}

/** The query the actions return to, carried through their forms. */
function back(q: Query): Html {
  return html`<input type="hidden" name="q" value="${queryString(q)}">`;
}

export function listView(f: Frame, q: Query, list: ListPage | undefined, mfaChangeAllowed: boolean): Html {
  const search = html`<form class="box" method="get" action="${PATH}" role="search" aria-labelledby="search-title">
<h2 id="search-title">検索条件入力</h2>
<label for="q-loginId">ログインID</label><input id="q-loginId" name="loginId" value="${q.loginId}" maxlength="64" autocomplete="off">
<label for="q-extension">内線番号</label><input id="q-extension" name="extension" value="${q.extension}" maxlength="11" inputmode="numeric" autocomplete="off">
<label for="q-perPage">表示件数</label><select id="q-perPage" name="perPage">${PER_PAGE_CHOICES.map(
    (n) => html`<option value="${n}"${n === q.perPage ? html` selected` : ''}>${n}件</option>`,
  )}</select>
<div><button type="submit">検索</button></div>
</form>`;

  const result = list
    ? html`<form method="post" action="${PATH}/unlock" class="selection">${csrfField(f.csrf)}${back(q)}
<p>${list.total}件が該当します。</p>
${pager(list, q, '上')}
<table aria-label="アカウント一覧">
<thead><tr><th scope="col">選択</th><th scope="col">アカウント区分</th><th scope="col">内線番号</th><th scope="col">ログインID</th><th scope="col">パスワード</th><th scope="col">多要素認証</th><th scope="col">メールアドレス</th></tr></thead>
<tbody>${list.rows.map(
        (a) => html`<tr><td><input type="checkbox" name="ids" value="${a.id}" aria-label="${a.loginId}を選択"></td><td>${KIND[a.kind]}</td><td>${a.extension ?? '-'}</td><td>${a.loginId}</td><td></td><td>${a.mfa ? 'ON' : 'OFF'}</td><td>${a.email ?? '-'}</td></tr>`,
      )}</tbody>
</table>
${pager(list, q, '下')}
<div class="actions">
<button type="submit" formaction="${PATH}/unlock">ロック解除</button>
<button type="submit" formaction="${PATH}/password/form">パスワード変更</button>
<button type="submit" formaction="${PATH}/mfa/form"${mfaChangeAllowed ? '' : html` disabled aria-disabled="true"`}>多要素認証変更</button>
</div>
</form>`
    : '';

  return portalPage(
    { ...f, path: PATH, title: 'アカウント管理' },
    html`<p>アカウントの一覧を表示します。</p>
${search}
${result}
<section aria-labelledby="csv-title">
<p id="csv-title">アカウント情報の設定ファイルを取り込みます。</p>
<a class="button" href="${CSV_PATH}">CSV取込</a>
</section>`,
  );
}

function targets(accounts: Account[], withMfa: boolean): Html {
  return html`<table aria-label="選択したアカウント"><thead><tr><th scope="col">ログインID</th><th scope="col">内線番号</th>${
    withMfa ? html`<th scope="col">多要素認証</th>` : ''
  }</tr></thead><tbody>${accounts.map(
    (a) => html`<tr><td>${a.loginId}</td><td>${a.extension ?? '-'}</td>${withMfa ? html`<td>${a.mfa ? 'ON' : 'OFF'}</td>` : ''}</tr>`,
  )}</tbody></table>`;
}

export function passwordView(f: Frame, q: Query, target: Account, typed: { password?: string; confirm?: string } = {}): Html {
  return portalPage(
    { ...f, path: PATH, title: 'パスワード変更' },
    html`<p>次のアカウントのパスワードを変更します。</p>
${targets([target], false)}
<p>${PASSWORD_RULES}</p>
<form class="box" method="post" action="${PATH}/password" novalidate>${csrfField(f.csrf)}${back(q)}
<input type="hidden" name="id" value="${target.id}">
<label for="newPassword">新しいパスワード</label><input id="newPassword" name="newPassword" type="password" autocomplete="new-password" maxlength="128" value="${typed.password ?? ''}">
<label for="confirmPassword">新しいパスワード（確認用）</label><input id="confirmPassword" name="confirmPassword" type="password" autocomplete="new-password" maxlength="128" value="${typed.confirm ?? ''}">
<div><button type="submit">変更</button></div>
</form>
<p><a href="${PATH}${queryString(q)}">戻る</a></p>`,
  );
}

export function mfaView(f: Frame, q: Query, accounts: Account[]): Html {
  return portalPage(
    { ...f, path: PATH, title: '多要素認証変更' },
    html`<p>選択したアカウントの多要素認証を変更します。</p>
${targets(accounts, true)}
<form class="box" method="post" action="${PATH}/mfa">${csrfField(f.csrf)}${back(q)}
${accounts.map((a) => html`<input type="hidden" name="ids" value="${a.id}">`)}
<fieldset><legend>多要素認証</legend>
<label><input type="radio" name="mfa" value="ON"> ON</label>
<label><input type="radio" name="mfa" value="OFF"> OFF</label>
</fieldset>
<div><button type="submit">変更</button></div>
</form>
<p><a href="${PATH}${queryString(q)}">戻る</a></p>`,
  );
}
