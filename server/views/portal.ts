// The frame of a logged-in page: header, menu (grouped after the cutover, flat before) and the page title.

import type { Phase } from '../calendar.ts';
import { MENU, groupOf } from '../menu/items.ts';
import type { Account } from '../store/types.ts';
import { html, type Html } from './html.ts';
import { csrfField, page } from './layout.ts';

/** What every screen inside the portal's frame is drawn with: who is logged in, the tenant's phase, the
 * form token, and the messages to show. */
export interface Frame {
  account: Account;
  phase: Phase;
  csrf: string;
  errors?: string[];
  notices?: string[];
}

export interface PortalPage {
  account: Account;
  phase: Phase;
  csrf: string;
  /** The page's menu path (for the breadcrumb) and its title. */
  path: string;
  title: string;
  errors?: string[];
  notices?: string[];
}

const KIND_LABEL = { admin: 'ユーザ管理者', terminal: '端末ユーザ' } as const;

export function menuNav(account: Account, phase: Phase): Html {
  const mine = MENU.map((g) => ({ ...g, items: g.items.filter((i) => i.for.includes(account.kind)) })).filter((g) => g.items.length);
  const link = (i: { label: string; path: string }) => html`<li><a href="${i.path}">${i.label}</a></li>`;
  if (phase !== 'after') {
    return html`<nav class="menu" aria-label="メニュー"><ul>${mine.flatMap((g) => g.items).map(link)}</ul></nav>`;
  }
  return html`<nav class="menu" aria-label="メニュー">${mine.map(
    (g) => html`<section aria-label="${g.label}"><h2>${g.label}</h2><ul>${g.items.map(link)}</ul></section>`,
  )}</nav>`;
}

export function portalPage(p: PortalPage, body: Html): Html {
  const group = groupOf(p.path);
  const heading = p.phase === 'after' && group ? `${group.label}/ ${p.title}` : p.title;
  const header = html`<span>アカウント種別 ${KIND_LABEL[p.account.kind]}</span><span>お客さま</span>
<form method="post" action="/logout" class="logout">${csrfField(p.csrf)}<button type="submit">ログアウト</button></form>`;
  return page(
    { title: p.title, header, nav: menuNav(p.account, p.phase), errors: p.errors, notices: p.notices },
    html`<h1>${heading}</h1>${body}`,
  );
}
