// トップ: the first page after login.

import { Router } from 'express';
import { csrfToken, type Who } from '../auth/session.ts';
import type { Tenants } from '../tenants.ts';
import { html } from '../views/html.ts';
import { portalPage } from '../views/portal.ts';

export function topRouter(tenants: Tenants): Router {
  const r = Router();
  r.get('/top', (req, res) => {
    const { tenant, account } = res.locals.who as Who;
    const phase = tenants.phase(tenant);
    const body = html`<p>Web設定変更サイトへようこそ。</p>
<dl><dt>ログインID</dt><dd>${account.loginId}</dd>${account.extension ? html`<dt>内線番号</dt><dd>${account.extension}</dd>` : ''}</dl>`;
    res.type('html').send(portalPage({ account, phase, csrf: csrfToken(req), path: '/top', title: 'トップ' }, body).toString());
  });
  return r;
}
