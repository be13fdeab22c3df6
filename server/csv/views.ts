// Screens of the account CSV: CSV取込 (upload and download) and CSV取込ステータス (each import's rows).

import { formatJst } from '../calendar.ts';
import type { Frame } from '../accounts/views.ts';
import type { ImportRecord } from '../store/types.ts';
import { html, type Html } from '../views/html.ts';
import { csrfField } from '../views/layout.ts';
import { portalPage } from '../views/portal.ts';
import { COLUMNS, CUTOVER_LABEL, EMAIL_DELETE, ENCODING_LABEL, KIND_VALUE, MFA_VALUE, type CsvEncoding } from './format.ts';

export const CSV_PATH = '/accounts/csv';
export const STATUS_PATH = '/accounts/csv/status';
export const DOWNLOAD_PATH = '/accounts/csv/download';
/** The input's name in the upload form. */
export const FILE_FIELD = 'file';
/** Rows of one import listed on the status page; the rest are counted. */
export const STATUS_ROWS_SHOWN = 1000;

export const RESULT_LABEL = { applied: '適用', refused: '拒否', skipped: '変更なし' } as const;

export const CSV_MSG = {
  noFile: 'CSVファイルを選択してください。',
  oneFile: 'CSVファイルは1つだけ選択してください。',
  notCp932: 'Shift_JIS（CP932）で表せない文字があるため、Shift_JISではダウンロードできません。「CSVダウンロード（UTF-8）」をお使いください。',
  imported: (r: ImportRecord) =>
    `「${r.fileName}」を取り込みました（${r.counts.rows}行: 適用 ${r.counts.applied}件、拒否 ${r.counts.refused}件、変更なし ${r.counts.skipped}件）。各行の結果は下の表のとおりです。`,
} as const;

function encodingLabel(e: string | null): string {
  return e && e in ENCODING_LABEL ? ENCODING_LABEL[e as CsvEncoding] : '-';
}

export function uploadView(f: Frame, maxUploadBytes: number): Html {
  const mb = Math.round(maxUploadBytes / (1024 * 1024));
  return portalPage(
    { ...f, path: '/accounts', title: 'CSV取込' },
    html`<p>アカウント情報の設定ファイル（アカウント一括設定CSV）を取り込みます。各行は1行ずつ適用または拒否され、結果は<a href="${STATUS_PATH}">CSV取込ステータス</a>に表示されます。</p>
<form class="box" method="post" action="${CSV_PATH}" enctype="multipart/form-data">${csrfField(f.csrf)}
<label for="csv-file">CSVファイル</label><input id="csv-file" name="${FILE_FIELD}" type="file" accept=".csv,text/csv">
<div><button type="submit">取込</button></div>
</form>
<section aria-labelledby="format-title">
<h2 id="format-title">ファイルの形式</h2>
<ul>
<li>1行目は見出し行「${COLUMNS.join(',')}」です。</li>
<li>アカウント区分は「${KIND_VALUE.terminal}」です（「${KIND_VALUE.admin}」の行は変更しません）。アカウントはログインIDで照合し、内線番号は変更できません。</li>
<li>パスワード・メールアドレスは空欄なら変更しません。メールアドレスに「${EMAIL_DELETE}」と書くと登録を削除し、次回ログイン時に登録し直します。</li>
<li>多要素認証は「${MFA_VALUE.on}」または「${MFA_VALUE.off}」です。${CUTOVER_LABEL}以降、端末ユーザの「${MFA_VALUE.off}」は取り込めません。</li>
<li>文字コードはShift_JIS（Excelの「CSV（コンマ区切り）」）またはUTF-8（BOMの有無は問いません）、ファイルの大きさは${mb}MBまでです。</li>
</ul>
</section>
<section aria-labelledby="download-title">
<h2 id="download-title">現在のアカウント情報</h2>
<p>現在のアカウント情報を同じ形式でダウンロードし、編集して取り込むことができます（パスワードは出力しません）。</p>
<p><a class="button" href="${DOWNLOAD_PATH}">CSVダウンロード</a> <a class="button" href="${DOWNLOAD_PATH}?encoding=utf-8">CSVダウンロード（UTF-8）</a></p>
</section>
<p><a href="/accounts">アカウント管理へ戻る</a></p>`,
  );
}

function importSection(r: ImportRecord, i: number): Html {
  const id = `import-${i}`;
  const shown = r.rows.length > STATUS_ROWS_SHOWN ? r.rows.slice(0, STATUS_ROWS_SHOWN) : r.rows;
  const rest = r.rows.length - shown.length;
  return html`<section class="import" aria-labelledby="${id}">
<h2 id="${id}">${formatJst(new Date(r.at))} ${r.fileName}</h2>
<dl>
<dt>取込日時</dt><dd>${formatJst(new Date(r.at))}</dd>
<dt>ファイル名</dt><dd>${r.fileName}</dd>
<dt>文字コード</dt><dd>${encodingLabel(r.encoding)}</dd>
<dt>取込者</dt><dd>${r.by}</dd>
<dt>結果</dt><dd>${r.fault ? 'ファイルエラー（取り込まれていません）' : `${r.counts.rows}行: 適用 ${r.counts.applied}件、拒否 ${r.counts.refused}件、変更なし ${r.counts.skipped}件`}</dd>
</dl>
${
  r.fault
    ? html`<p class="fault">${r.fault.message}（${r.fault.detail}）</p>`
    : html`<table aria-label="取込結果 ${formatJst(new Date(r.at))} ${r.fileName}">
<thead><tr><th scope="col">行</th><th scope="col">ログインID</th><th scope="col">結果</th><th scope="col">理由</th></tr></thead>
<tbody>${shown.map((x) => html`<tr><td>${x.line}</td><td>${x.loginId}</td><td>${RESULT_LABEL[x.result]}</td><td>${x.reason}</td></tr>`)}</tbody>
</table>${rest > 0 ? html`<p>ほか${rest}行（表示は先頭${STATUS_ROWS_SHOWN}行までです）。</p>` : ''}`
}
</section>`;
}

export function statusView(f: Frame, imports: ImportRecord[]): Html {
  return portalPage(
    { ...f, path: STATUS_PATH, title: 'CSV取込ステータス' },
    html`<p>アカウント一括設定CSVの取込結果を、新しいものから表示します。</p>
${imports.length ? imports.map(importSection) : html`<p>取込の履歴はありません。</p>`}
<p><a href="${CSV_PATH}">CSV取込</a></p>`,
  );
}
