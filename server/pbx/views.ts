// Screens of 内線設定, 着信グループ設定 and 外線着信設定. What changes at the cutover (SPEC §2): the result page of
// 内線設定 and a group's settings become tables (before: the same values as plain lines); 外線着信設定 gains the
// search by 内線番号. The breadcrumb (`初期設定/ …`) and the grouped menu come from portalPage.

import type { Phase } from '../calendar.ts';
import type { PbxExtension, PbxGroup } from '../store/types.ts';
import { html, type Html } from '../views/html.ts';
import { csrfField } from '../views/layout.ts';
import { portalPage, type Frame } from '../views/portal.ts';
import {
  ADDRESS_MAX,
  DEVICE_TYPES,
  FORWARD_ACTIONS,
  FORWARD_CONDITIONS,
  MEMO_MAX,
  RESTRICTIONS,
  RING_MAX,
  RING_MIN,
  UNSET,
  resultFields,
  type ExtensionForm,
  type Field,
} from './extensions.ts';
import { GROUP_NAME_MAX, MEMBERS_NOTE, type GroupForm } from './groups.ts';
import { INCOMING_KINDS, PER_PAGE_CHOICES, incomingQueryString, searchByExtension, type IncomingPage, type IncomingQuery } from './incoming.ts';

export const EXTENSIONS = '/pbx/extensions';
export const GROUPS = '/pbx/groups';
export const INCOMING = '/pbx/incoming';

export type { Frame } from '../views/portal.ts';

/** A row of a settings page: a label and a value, a label over more rows, or a label over an ordered list. */
type Row = Field | { label: string; note: string; list: string[] };

const leaves = (r: Row): number => ('rows' in r ? r.rows.reduce((n, c) => n + leaves(c), 0) : 1);
const depth = (r: Row): number => ('rows' in r ? 1 + Math.max(...r.rows.map(depth)) : 1);

/** After the cutover: a table of label and value rows; a label over more rows spans them. */
function settingsTable(name: string, rows: Row[]): Html {
  const cols = Math.max(...rows.map(depth));
  const out: Html[] = [];
  const walk = (r: Row, level: number, before: Html[]) => {
    if ('rows' in r) {
      const head = html`<th scope="rowgroup" rowspan="${leaves(r)}">${r.label}</th>`;
      r.rows.forEach((c, i) => walk(c, level + 1, i === 0 ? [...before, head] : []));
      return;
    }
    const span = cols - level;
    const label = 'list' in r ? html`${r.label}<br><span class="note">${r.note}</span>` : html`${r.label}`;
    const value = 'list' in r ? html`<ol class="members">${r.list.map((m) => html`<li>${m}</li>`)}</ol>` : html`${r.value}`;
    out.push(html`<tr>${before}<th scope="row"${span > 1 ? html` colspan="${span}"` : ''}>${label}</th><td>${value}</td></tr>`);
  };
  for (const r of rows) walk(r, 0, []);
  return html`<table class="settings" aria-label="${name}"><tbody>${out}</tbody></table>`;
}

/** Before the cutover: the same values as plain lines (`拠点番号 20`), a group's label on a line of its own. */
function settingsLines(rows: Row[]): Html {
  const out: Html[] = [];
  const walk = (r: Row, level: number) => {
    const pad = html` style="margin-left:${level * 1.5}rem"`;
    if ('rows' in r) {
      out.push(html`<p class="line"${pad}>${r.label}</p>`);
      for (const c of r.rows) walk(c, level + 1);
    } else if ('list' in r) {
      out.push(html`<p class="line"${pad}>${r.label}</p>`, html`<p class="line"${pad}>${r.note}</p>`);
      for (const m of r.list) out.push(html`<p class="line"${pad}>${m}</p>`);
    } else {
      out.push(html`<p class="line"${pad}>${r.label} ${r.value}</p>`);
    }
  };
  for (const r of rows) walk(r, 0);
  return html`<div class="lines">${out}</div>`;
}

const settings = (phase: Phase, name: string, rows: Row[]) => (phase === 'after' ? settingsTable(name, rows) : settingsLines(rows));

const dash = (v: string | null | undefined) => (v === null || v === undefined || v === '' ? '-' : v);

// ---------- 内線設定 ----------

export function extensionListView(f: Frame, list: PbxExtension[]): Html {
  return portalPage(
    { ...f, path: EXTENSIONS, title: '内線設定' },
    html`<p>${f.account.kind === 'admin' ? '内線の一覧を表示します。設定を変更する内線の「設定変更」を押してください。' : 'ご利用の内線の設定を表示します。「設定変更」から変更できます。'}</p>
<table aria-label="内線一覧">
<thead><tr><th scope="col">内線番号</th><th scope="col">拠点番号</th><th scope="col">端末番号</th><th scope="col">オフィスリンク内線番号</th><th scope="col">端末種別</th><th scope="col">内線番号メモ欄</th><th scope="col">操作</th></tr></thead>
<tbody>${list.map(
      (e) => html`<tr><td>${e.number}</td><td>${e.site}</td><td>${e.terminal}</td><td>${dash(e.officeLink)}</td><td>${e.deviceType}</td><td>${dash(e.memo)}</td><td><a href="${EXTENSIONS}/${e.number}/edit" aria-label="${e.number}の設定変更">設定変更</a></td></tr>`,
    )}</tbody>
</table>`,
  );
}

function select(id: string, name: string, choices: readonly { value: string; label: string }[], current: string, disabled = false): Html {
  return html`<select id="${id}" name="${name}"${disabled ? html` disabled` : ''}>${choices.map(
    (c) => html`<option value="${c.value}"${c.value === current ? html` selected` : ''}>${c.label}</option>`,
  )}</select>`;
}

const same = (xs: readonly string[]) => xs.map((x) => ({ value: x, label: x }));

export function extensionFormView(f: Frame, e: PbxExtension, form: ExtensionForm, numbers: readonly string[]): Html {
  const admin = f.account.kind === 'admin';
  const numberChoices = [{ value: '', label: UNSET }, ...same(numbers)];
  // A terminal user sees the administrator's fields read only; the server keeps them as they are.
  const adminOnly = (id: string, label: string, control: Html, shown: string) =>
    admin ? html`<label for="${id}">${label}</label>${control}` : html`<p><span class="label">${label}</span> ${shown}</p>`;
  return portalPage(
    { ...f, path: EXTENSIONS, title: '内線設定' },
    html`<p>内線番号 ${e.number} の設定を変更します。</p>
<dl class="fixed"><dt>拠点番号</dt><dd>${e.site}</dd><dt>端末番号</dt><dd>${e.terminal}</dd><dt>オフィスリンク内線番号</dt><dd>${dash(e.officeLink)}</dd><dt>ユーザID</dt><dd>${e.userId}</dd></dl>
<form class="box" method="post" action="${EXTENSIONS}/${e.number}" novalidate>${csrfField(f.csrf)}
<label for="memo">内線番号メモ欄</label><input id="memo" name="memo" value="${form.memo}" maxlength="${MEMO_MAX * 2}">
${adminOnly('deviceType', '端末種別', select('deviceType', 'deviceType', same(DEVICE_TYPES), form.deviceType), form.deviceType)}
${adminOnly('outgoingNumber', '外線発信番号', select('outgoingNumber', 'outgoingNumber', numberChoices, form.outgoingNumber), form.outgoingNumber || UNSET)}
${adminOnly('callerId', '通知番号', select('callerId', 'callerId', numberChoices, form.callerId), form.callerId || UNSET)}
<label for="pickup">指定ピックアップ</label>${select('pickup', 'pickup', same(['off', 'on']), form.pickup)}
<label for="absentAction">不在時動作</label>${select('absentAction', 'absentAction', same(['設定', '設定しない']), form.absentAction)}
<fieldset><legend>転送/留守番電話設定</legend>
<label for="forwardTo">転送先電話番号</label><input id="forwardTo" name="forwardTo" value="${form.forwardTo}" inputmode="numeric" maxlength="40">
<fieldset><legend>転送動作</legend>
${FORWARD_CONDITIONS.map(([key, label]) => html`<label for="${key}">${label}</label>${select(key, key, same(FORWARD_ACTIONS), form[key])}`)}
</fieldset>
</fieldset>
<label for="ringSeconds">(着信)呼出時間（秒、${RING_MIN}～${RING_MAX}）</label><input id="ringSeconds" name="ringSeconds" value="${form.ringSeconds}" inputmode="numeric" maxlength="10">
<label for="voicemailPassword">留守番電話パスワード（4～8桁の数字）</label><input id="voicemailPassword" name="voicemailPassword" value="${form.voicemailPassword}" inputmode="numeric" maxlength="20" autocomplete="off">
${adminOnly('restriction', '発信規制', select('restriction', 'restriction', [{ value: '', label: UNSET }, ...same(RESTRICTIONS)], form.restriction), form.restriction || UNSET)}
<label for="ipPhoneAddress">IP Phone送付先住所</label><input id="ipPhoneAddress" name="ipPhoneAddress" value="${form.ipPhoneAddress}" maxlength="${ADDRESS_MAX * 2}">
<label for="deviceMemo">端末メモ</label><input id="deviceMemo" name="deviceMemo" value="${form.deviceMemo}" maxlength="${ADDRESS_MAX * 2}">
<div><button type="submit">変更</button></div>
</form>
<p><a href="${EXTENSIONS}">戻る</a></p>`,
  );
}

export const EXTENSION_DONE = '以下の内線情報の変更が完了しました。';

export function extensionResultView(f: Frame, e: PbxExtension): Html {
  return portalPage(
    { ...f, path: EXTENSIONS, title: '内線設定' },
    html`<p>${EXTENSION_DONE}</p>
${settings(f.phase, '内線情報', resultFields(e))}
<p><a href="${EXTENSIONS}">内線一覧へ戻る</a></p>`,
  );
}

// ---------- 着信グループ設定 ----------

const repText = (g: PbxGroup) => (g.rep.site || g.rep.terminal ? `${g.rep.site ?? ''}${g.rep.terminal ?? ''}` : '-');

export function groupListView(f: Frame, groups: PbxGroup[]): Html {
  return portalPage(
    { ...f, path: GROUPS, title: '着信グループ設定' },
    html`<p>着信グループの一覧を表示します。</p>
<p>${groups.length}件が該当します。</p>
<table aria-label="着信グループ一覧">
<thead><tr><th scope="col">グループ番号</th><th scope="col">グループ種別</th><th scope="col">グループ名</th><th scope="col">代表番号</th><th scope="col">子番号数</th><th scope="col">操作</th></tr></thead>
<tbody>${groups.map(
      (g) => html`<tr><td>${g.no}</td><td>${g.kind}</td><td>${dash(g.name)}</td><td>${repText(g)}</td><td>${g.members.length}</td><td><a href="${GROUPS}/${g.no}" aria-label="グループ番号${g.no}の設定表示">設定表示</a></td></tr>`,
    )}</tbody>
</table>`,
  );
}

export const GROUP_INTRO = '着信グループ情報の設定情報を表示します。';

export function groupRows(g: PbxGroup): Row[] {
  return [
    { label: 'グループ種別', value: g.kind },
    { label: 'グループ名', value: dash(g.name) },
    {
      label: '代表番号',
      rows: [
        { label: '拠点番号', value: dash(g.rep.site) },
        { label: '端末番号', value: dash(g.rep.terminal) },
        { label: 'オフィスリンク内線番号', value: dash(g.rep.officeLink) },
      ],
    },
    { label: '子番号', note: MEMBERS_NOTE, list: g.members },
  ];
}

export function groupView(f: Frame, g: PbxGroup): Html {
  return portalPage(
    { ...f, path: GROUPS, title: '着信グループ設定' },
    html`<p>${GROUP_INTRO}</p>
${settings(f.phase, '着信グループ情報', groupRows(g))}
<div class="actions">
<a class="button" href="${GROUPS}/${g.no}/edit">変更</a>
<a class="button" href="${GROUPS}/${g.no}/delete">削除</a>
</div>
<p><a class="button" href="${GROUPS}">戻る</a></p>`,
  );
}

export function groupEditView(f: Frame, g: PbxGroup, form: GroupForm): Html {
  return portalPage(
    { ...f, path: GROUPS, title: '着信グループ設定' },
    html`<p>グループ番号${g.no}（${g.kind}）の設定を変更します。</p>
<form class="box" method="post" action="${GROUPS}/${g.no}" novalidate>${csrfField(f.csrf)}
<label for="name">グループ名（${GROUP_NAME_MAX}文字以内）</label><input id="name" name="name" value="${form.name}" maxlength="${GROUP_NAME_MAX * 2}">
<label for="members">子番号（呼出順に、1行に1つずつ内線番号を入力）</label><textarea id="members" name="members" rows="8">${form.members}</textarea>
<div><button type="submit">変更</button></div>
</form>
<p><a href="${GROUPS}/${g.no}">戻る</a></p>`,
  );
}

export function groupDeleteView(f: Frame, g: PbxGroup): Html {
  return portalPage(
    { ...f, path: GROUPS, title: '着信グループ設定' },
    html`<p>次の着信グループを削除します。よろしいですか。</p>
${settings(f.phase, '削除する着信グループ', groupRows(g))}
<form method="post" action="${GROUPS}/${g.no}/delete">${csrfField(f.csrf)}<button type="submit">削除する</button></form>
<p><a href="${GROUPS}/${g.no}">戻る</a></p>`,
  );
}

// ---------- 外線着信設定 ----------

export const INCOMING_INTRO = '外線着信に使用する外線番号を登録し、一覧を表示します。';

function incomingPager(list: IncomingPage, q: IncomingQuery, where: string): Html {
  const prev = list.page > 1 ? html`<a href="${INCOMING}${incomingQueryString(q, { page: list.page - 1 })}">前へ</a>` : '';
  const next = list.page < list.pages ? html`<a href="${INCOMING}${incomingQueryString(q, { page: list.page + 1 })}">次へ</a>` : '';
  const view = (v: IncomingQuery['view'], label: string) =>
    q.view === v ? html`<a href="${INCOMING}${incomingQueryString(q, { view: v, page: list.page })}" aria-current="true"><strong>${label}</strong></a>` : html`<a href="${INCOMING}${incomingQueryString(q, { view: v, page: list.page })}">${label}</a>`;
  return html`<nav class="pager" aria-label="ページ送り（${where}）"><span>${list.page}/${list.pages}ページ</span> ${prev} ${next} ${where === '上' ? html`${view('detail', '詳細表示')} ${view('simple', '簡易表示')}` : ''}</nav>`;
}

export function incomingView(f: Frame, q: IncomingQuery, list: IncomingPage | undefined): Html {
  const byExt = searchByExtension(f.phase);
  const search = html`<form class="box" method="get" action="${INCOMING}" role="search" aria-labelledby="search-title">
<h2 id="search-title">検索条件入力</h2>
<label for="q-number">外線番号</label><input id="q-number" name="number" value="${q.number}" maxlength="13" inputmode="numeric" autocomplete="off">
${byExt
  ? html`<fieldset><legend>内線番号</legend>
<label for="q-site">拠点番号</label><input id="q-site" name="site" value="${q.site}" maxlength="4" inputmode="numeric" autocomplete="off">
<label for="q-terminal">端末番号</label><input id="q-terminal" name="terminal" value="${q.terminal}" maxlength="6" inputmode="numeric" autocomplete="off">
<label for="q-officeLink">オフィスリンク内線番号</label><input id="q-officeLink" name="officeLink" value="${q.officeLink}" maxlength="11" inputmode="numeric" autocomplete="off">
</fieldset>`
  : ''}
<label for="q-perPage">表示件数</label><select id="q-perPage" name="perPage">${PER_PAGE_CHOICES.map(
    (n) => html`<option value="${n}"${n === q.perPage ? html` selected` : ''}>${n}件</option>`,
  )}</select>
${q.view === 'simple' ? html`<input type="hidden" name="view" value="simple">` : ''}
<div><button type="submit">検索</button></div>
</form>`;

  const head =
    q.view === 'detail'
      ? html`<thead><tr><th scope="col" rowspan="2">選択</th><th scope="col" rowspan="2">外線番号</th><th scope="colgroup" colspan="3">内線番号</th><th scope="col">着信</th></tr>
<tr><th scope="col">拠点番号</th><th scope="col">端末番号</th><th scope="col">オフィスリンク内線番号</th><th scope="col">代表/個別/VoIP-GW 区分</th></tr></thead>`
      : html`<thead><tr><th scope="col">選択</th><th scope="col">外線番号</th><th scope="col">内線番号</th><th scope="col">着信</th></tr></thead>`;
  const row = ({ number: n, extension: e }: IncomingPage['rows'][number]) => {
    const pick = html`<td><input type="checkbox" name="ids" value="${n.id}" aria-label="${n.number}を選択"></td>`;
    return q.view === 'detail'
      ? html`<tr>${pick}<td>${n.number}</td><td>${dash(e?.site)}</td><td>${dash(e?.terminal)}</td><td>${dash(e?.officeLink)}</td><td>${n.kind}</td></tr>`
      : html`<tr>${pick}<td>${n.number}</td><td>${dash(e?.number)}</td><td>${n.kind}</td></tr>`;
  };
  const result = list
    ? html`<form method="post" action="${INCOMING}/route/form">${csrfField(f.csrf)}
<input type="hidden" name="q" value="${incomingQueryString(q)}">
<p>${list.total}件が該当します。</p>
${incomingPager(list, q, '上')}
<table aria-label="外線番号一覧">${head}<tbody>${list.rows.map(row)}</tbody></table>
${incomingPager(list, q, '下')}
<div class="actions"><button type="submit">設定</button></div>
</form>`
    : '';

  return portalPage(
    { ...f, path: INCOMING, title: '外線着信設定' },
    html`<p>${INCOMING_INTRO}</p>
<p>外線サービス契約後「外線番号追加」ボタンを押して外線番号を設定してください。</p>
<p>外線サービスがIP Voice(SmartPBX)でSmartPBXと紐づけられている場合、「IP Voice(SmartPBX)連携」ボタンを押すことで、外線登録を行うことができます。</p>
<p>外線番号追加後「設定」ボタンから着信させる内線番号と紐づけることができます。</p>
<div class="actions"><a class="button" href="${INCOMING}/add">外線番号追加</a> <a class="button" href="${INCOMING}/ipvoice">IP Voice(SmartPBX)連携</a></div>
${search}
${result}`,
  );
}

export function routeView(f: Frame, back: string, n: { id: string; number: string }, typed: { extension: string; kind: string }): Html {
  return portalPage(
    { ...f, path: INCOMING, title: '外線着信設定' },
    html`<p>外線番号 ${n.number} に着信させる内線番号を設定します。</p>
<form class="box" method="post" action="${INCOMING}/route" novalidate>${csrfField(f.csrf)}
<input type="hidden" name="id" value="${n.id}"><input type="hidden" name="q" value="${back}">
<label for="extension">内線番号（空欄で紐づけを外します）</label><input id="extension" name="extension" value="${typed.extension}" inputmode="numeric" maxlength="20">
<fieldset><legend>着信（代表/個別/VoIP-GW 区分）</legend>
${INCOMING_KINDS.map((k) => html`<label><input type="radio" name="kind" value="${k}"${typed.kind === k ? html` checked` : ''}> ${k}</label>`)}
</fieldset>
<div><button type="submit">設定</button></div>
</form>
<p><a href="${INCOMING}${back}">戻る</a></p>`,
  );
}

export function addNumberView(f: Frame, typed: string): Html {
  return portalPage(
    { ...f, path: INCOMING, title: '外線着信設定' },
    html`<p>外線番号を追加します。追加後「設定」ボタンから着信させる内線番号と紐づけてください。</p>
<form class="box" method="post" action="${INCOMING}/add" novalidate>${csrfField(f.csrf)}
<label for="newNumber">外線番号（0から始まる10桁または11桁の半角数字）</label><input id="newNumber" name="number" value="${typed}" inputmode="numeric" maxlength="20">
<div><button type="submit">追加</button></div>
</form>
<p><a href="${INCOMING}">戻る</a></p>`,
  );
}

export function ipVoiceView(f: Frame): Html {
  return portalPage(
    { ...f, path: INCOMING, title: '外線着信設定' },
    html`<p>IP Voice(SmartPBX)連携</p>
<p>このお客さまには、IP Voice(SmartPBX)でSmartPBXと紐づけられた外線サービスはありません。外線番号は「外線番号追加」から登録してください。</p>
<p><a href="${INCOMING}">戻る</a></p>`,
  );
}

// ---------- the other menu items ----------

/** A menu item's page outside the notice's changes: its title and what it holds. */
export function simpleView(f: Frame, path: string, title: string, body: Html): Html {
  return portalPage({ ...f, path, title }, body);
}
