// The page frame shared by every screen.

import { html, type Html } from './html.ts';

export interface PageOptions {
  title: string;
  /** Shown in the frame's header for a logged-in person. */
  header?: Html;
  /** The menu, for a logged-in person. */
  nav?: Html;
  /** Japanese messages shown at the top of the main area. */
  errors?: string[];
  notices?: string[];
}

const STYLE = `
body{font-family:"IPAGothic","IPAPGothic","Noto Sans CJK JP",sans-serif;margin:0;color:#222;background:#f6f7f9}
header.site{background:#0b3c74;color:#fff;padding:.5rem 1rem;display:flex;gap:2rem;align-items:center}
header.site .brand{font-weight:bold}
.frame{display:flex}
nav.menu{min-width:13rem;background:#fff;border-right:1px solid #ddd;padding:.5rem 1rem}
nav.menu h2{font-size:.9rem;margin:.8rem 0 .2rem;color:#0b3c74}
nav.menu ul{list-style:none;margin:0;padding:0}
nav.menu li{margin:.15rem 0}
main{padding:1rem 2rem;flex:1}
.errors{color:#b00020;border:1px solid #b00020;background:#fff0f0;padding:.5rem 1rem}
.notices{color:#0b5d1e;border:1px solid #0b5d1e;background:#f0fff3;padding:.5rem 1rem}
table{border-collapse:collapse;background:#fff}
th,td{border:1px solid #bbb;padding:.25rem .6rem;text-align:left}
th{background:#e8edf3}
form.box{background:#fff;border:1px solid #ddd;padding:1rem;max-width:34rem}
label{display:block;margin:.5rem 0 .2rem}
button{margin-top:.6rem}
`;

export function page(opts: PageOptions, body: Html): Html {
  return html`<!doctype html>
<html lang="ja">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${opts.title} | Web設定変更サイト</title><style>${STYLE}</style></head>
<body>
<header class="site"><span class="brand">Arcstar Smart PBX</span>${opts.header ?? ''}</header>
<div class="frame">${opts.nav ?? ''}
<main>
${opts.errors?.length ? html`<div class="errors" role="alert"><ul>${opts.errors.map((e) => html`<li>${e}</li>`)}</ul></div>` : ''}
${opts.notices?.length ? html`<div class="notices" role="status">${opts.notices.map((n) => html`<p>${n}</p>`)}</div>` : ''}
${body}
</main></div>
</body></html>`;
}

export function csrfField(token: string): Html {
  return html`<input type="hidden" name="_csrf" value="${token}">`;
}
