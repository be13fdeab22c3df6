// csv:check — what the cutover does to a customer's account CSV, for the administrators' helpdesk.
//
// Input: the account CSV as downloaded from the portal (so an empty メールアドレス means "no address").
// Output: which terminal users switch from 多要素認証 OFF to ON, which have no address yet (to be told
// in advance: they must register one at their next login), which rows the rules in force at `at`
// would refuse on upload, and whole-file faults. Optionally the file as it must be after the cutover.

import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { DEFAULT_CALENDAR, formatJst, parseInstant, phaseAt, type Phase } from '../../server/calendar.ts';
import { csvLine, encodeCsvText, eolText } from '../../server/csv/export.ts';
import {
  COL,
  CsvFileError,
  EMAIL_DELETE,
  ENCODING_LABEL,
  EOL_LABEL,
  KIND_VALUE,
  MFA_VALUE,
  type CsvEncoding,
  type CsvEol,
} from '../../server/csv/format.ts';
import { parseAccountCsv, type ParsedCsv } from '../../server/csv/parse.ts';
import { planImport, type RowStatus } from '../../server/csv/validate.ts';
import type { Account } from '../../server/store/types.ts';

export interface CsvCheckOptions {
  /** The instant whose rules apply (default: the cutover, 2026-06-29 00:00 JST). */
  at?: Date;
  /** The file's name, for the report. */
  file?: string;
  maxBytes?: number;
}

export interface CheckedRow {
  line: number;
  loginId: string;
  extension: string;
}

export interface CsvCheckReport {
  file: string | null;
  /** The instant the rules were taken at (ISO 8601) and the same in Japan time. */
  at: string;
  atJst: string;
  phase: Phase;
  /** A whole-file fault (nothing of the file would be applied), or null. */
  fault: { kind: string; message: string; detail: string; line: number | null } | null;
  encoding: CsvEncoding | null;
  eol: CsvEol | null;
  counts: {
    rows: number;
    terminal: number;
    admin: number;
    /** Terminal users whose 多要素認証 goes from OFF to ON at the cutover. */
    switchToOn: number;
    /** Terminal users without a registered address. */
    noAddress: number;
    /** Rows the rules at `at` refuse on upload. */
    refused: number;
    /** Rows an upload would apply / leave alone. */
    applied: number;
    skipped: number;
  };
  switchToOn: CheckedRow[];
  noAddress: Array<CheckedRow & { mfa: string }>;
  refused: Array<{ line: number; loginId: string; messages: string[] }>;
}

export interface CsvCheckResult {
  report: CsvCheckReport;
  /** The file as it must be after the cutover (same encoding and line ends); null on a whole-file fault. */
  post: Buffer | null;
}

export function checkAccountCsv(bytes: Buffer, opts: CsvCheckOptions = {}): CsvCheckResult {
  const at = opts.at ?? DEFAULT_CALENDAR.cutover;
  const phase = phaseAt(at);
  const report: CsvCheckReport = {
    file: opts.file ?? null,
    at: at.toISOString(),
    atJst: `${formatJst(at)} JST`,
    phase,
    fault: null,
    encoding: null,
    eol: null,
    counts: { rows: 0, terminal: 0, admin: 0, switchToOn: 0, noAddress: 0, refused: 0, applied: 0, skipped: 0 },
    switchToOn: [],
    noAddress: [],
    refused: [],
  };
  let parsed: ParsedCsv;
  try {
    parsed = parseAccountCsv(bytes, { maxBytes: opts.maxBytes });
  } catch (e) {
    if (!(e instanceof CsvFileError)) throw e;
    report.fault = { kind: e.fault, message: e.message, detail: e.detail, line: e.line ?? null };
    return { report, post: null };
  }
  report.encoding = parsed.encoding;
  report.eol = parsed.eol;
  report.counts.rows = parsed.rows.length;

  for (const row of parsed.rows) {
    const v = row.values;
    const kind = v[COL.kind];
    if (kind === KIND_VALUE.admin) report.counts.admin++;
    if (kind !== KIND_VALUE.terminal) continue;
    report.counts.terminal++;
    const who = { line: row.line, loginId: v[COL.loginId], extension: v[COL.extension] };
    if (v[COL.mfa] === MFA_VALUE.off) report.switchToOn.push(who);
    if (v[COL.email] === '' || v[COL.email] === EMAIL_DELETE) report.noAddress.push({ ...who, mfa: v[COL.mfa] });
  }

  // The file as downloaded describes its tenant's accounts: its own rows stand for them.
  const outcomes = planImport(parsed.rows, accountsOfFile(parsed), phase);
  const counts: Record<RowStatus, number> = { applied: 0, refused: 0, skipped: 0 };
  for (const o of outcomes) {
    counts[o.status]++;
    if (o.status === 'refused') report.refused.push({ line: o.line, loginId: o.loginId, messages: o.messages });
  }
  report.counts.switchToOn = report.switchToOn.length;
  report.counts.noAddress = report.noAddress.length;
  report.counts.refused = counts.refused;
  report.counts.applied = counts.applied;
  report.counts.skipped = counts.skipped;
  return { report, post: postCutoverCsv(parsed) };
}

/** One account per ログインID of the file (first row wins), as the portal that wrote the file has them. */
function accountsOfFile(parsed: ParsedCsv): Account[] {
  const seen = new Set<string>();
  const accounts: Account[] = [];
  for (const row of parsed.rows) {
    const v = row.values;
    const loginId = v[COL.loginId];
    if (seen.has(loginId)) continue;
    seen.add(loginId);
    const admin = v[COL.kind] === KIND_VALUE.admin;
    accounts.push({
      id: `line-${row.line}`,
      tenantId: 'file',
      kind: admin ? 'admin' : 'terminal',
      loginId,
      extension: admin ? null : v[COL.extension],
      passwordHash: '',
      mfa: v[COL.mfa] === MFA_VALUE.on,
      email: v[COL.email] === '' ? null : v[COL.email],
      registrationOffered: false,
      failedLogins: 0,
      locked: false,
    });
  }
  return accounts;
}

/** The file with every terminal-user row's 多要素認証 set to ON; encoding and line ends kept. */
export function postCutoverCsv(parsed: ParsedCsv): Buffer {
  const mfaIndex = parsed.header.indexOf(COL.mfa);
  const lines: string[] = [csvLine(parsed.header)];
  for (const row of parsed.rows) {
    let fields = row.raw;
    if (row.values[COL.kind] === KIND_VALUE.terminal && row.values[COL.mfa] !== MFA_VALUE.on) {
      fields = fields.slice();
      fields[mfaIndex] = MFA_VALUE.on;
    }
    lines.push(csvLine(fields));
  }
  const nl = eolText(parsed.eol);
  return encodeCsvText(lines.join(nl) + nl, parsed.encoding);
}

// ---- Rendering -----------------------------------------------------------------------------

const PHASE_LABEL: Record<Phase, string> = {
  before: 'before（6/15より前）',
  window: 'window（6/15〜6/28、登録期間）',
  after: 'after（6/29以降、多要素認証必須）',
};

function head(r: CsvCheckReport): string[] {
  const lines = [`ファイル: ${r.file ?? '-'}`];
  if (r.encoding && r.eol) lines.push(`文字コード・改行: ${ENCODING_LABEL[r.encoding]}, ${EOL_LABEL[r.eol]}`);
  lines.push(`判定日時: ${r.atJst}（${PHASE_LABEL[r.phase]}のルール）`);
  return lines;
}

/** The console summary: counts, then the lists (each shortened to `limit` entries). */
export function renderSummary(r: CsvCheckReport, limit = 20): string {
  const out = ['アカウント一括設定CSVの確認', ...head(r), ''];
  if (r.fault) {
    out.push('ファイル全体のエラー（どの行も取り込まれません）:', `  ${r.fault.message}`, `  詳細: ${r.fault.detail}`);
    return out.join('\n') + '\n';
  }
  const c = r.counts;
  out.push(
    `行数: ${c.rows}（端末ユーザ ${c.terminal}、ユーザ管理者 ${c.admin}）`,
    `多要素認証が OFF→ON になる端末ユーザ: ${c.switchToOn}`,
    `メールアドレス未登録の端末ユーザ（事前の周知が必要）: ${c.noAddress}`,
    `取り込みで拒否される行: ${c.refused}（取り込まれる行 ${c.applied}、対象外 ${c.skipped}）`,
  );
  const list = <T>(title: string, items: T[], show: (x: T) => string[]) => {
    if (items.length === 0) return;
    out.push('', `${title}:`);
    for (const x of items.slice(0, limit)) out.push(...show(x).map((s) => `  ${s}`));
    if (items.length > limit) out.push(`  …ほか${items.length - limit}件（reports/csv-check.md に全件）`);
  };
  list('OFF→ON になる端末ユーザ', r.switchToOn, (x) => [`${x.line}行目 ${x.loginId}（内線 ${x.extension}）`]);
  list('メールアドレス未登録の端末ユーザ', r.noAddress, (x) => [`${x.line}行目 ${x.loginId}（内線 ${x.extension}、多要素認証 ${x.mfa || '空欄'}）`]);
  list('拒否される行', r.refused, (x) => x.messages);
  return out.join('\n') + '\n';
}

function mdCell(s: string): string {
  return s.replace(/\|/g, '\\|').replace(/\r\n|\r|\n/g, ' ');
}

export function renderMarkdown(r: CsvCheckReport): string {
  const out = ['# アカウント一括設定CSVの確認', '', ...head(r).map((l) => `- ${l}`), ''];
  if (r.fault) {
    out.push('## ファイル全体のエラー', '', 'どの行も取り込まれません。', '', `- ${mdCell(r.fault.message)}`, `- 詳細: ${mdCell(r.fault.detail)}`, '');
    return out.join('\n');
  }
  const c = r.counts;
  out.push(
    '## 件数',
    '',
    '| 項目 | 件数 |',
    '|---|---:|',
    `| 行数 | ${c.rows} |`,
    `| 端末ユーザ | ${c.terminal} |`,
    `| ユーザ管理者 | ${c.admin} |`,
    `| 多要素認証が OFF→ON になる端末ユーザ | ${c.switchToOn} |`,
    `| メールアドレス未登録の端末ユーザ | ${c.noAddress} |`,
    `| 取り込みで拒否される行 | ${c.refused} |`,
    `| 取り込まれる行 | ${c.applied} |`,
    `| 対象外の行 | ${c.skipped} |`,
    '',
    '## 多要素認証が OFF→ON になる端末ユーザ',
    '',
  );
  if (r.switchToOn.length === 0) out.push('なし', '');
  else {
    out.push('| 行 | ログインID | 内線番号 |', '|---:|---|---|');
    for (const x of r.switchToOn) out.push(`| ${x.line} | ${mdCell(x.loginId)} | ${mdCell(x.extension)} |`);
    out.push('');
  }
  out.push('## メールアドレス未登録の端末ユーザ（事前の周知が必要）', '');
  if (r.noAddress.length === 0) out.push('なし', '');
  else {
    out.push('| 行 | ログインID | 内線番号 | 多要素認証 |', '|---:|---|---|---|');
    for (const x of r.noAddress) out.push(`| ${x.line} | ${mdCell(x.loginId)} | ${mdCell(x.extension)} | ${mdCell(x.mfa || '空欄')} |`);
    out.push('');
  }
  out.push('## 取り込みで拒否される行', '');
  if (r.refused.length === 0) out.push('なし', '');
  else {
    out.push('| 行 | ログインID | 理由 |', '|---:|---|---|');
    for (const x of r.refused) out.push(`| ${x.line} | ${mdCell(x.loginId)} | ${x.messages.map(mdCell).join('<br>')} |`);
    out.push('');
  }
  return out.join('\n');
}

// ---- The command ---------------------------------------------------------------------------

export const USAGE = `使い方: npm run csv:check -- FILE [--at DATE] [--write-post OUT] [--reports DIR]

  FILE              ポータルからダウンロードしたアカウント一括設定CSV
  --at DATE         この日時のルールで判定（既定: 2026-06-29T00:00:00+09:00、例: 2026-06-20 または 2026-06-29T10:00:00+09:00）
  --write-post OUT  切替後のファイル（端末ユーザの多要素認証をON）を、元と同じ文字コード・改行で書き出す
  --reports DIR     レポートの出力先（既定: reports）

終了コード: 0 確認済み、1 ファイル全体のエラー、2 コマンドの誤り・ファイルを読めない
`;

export class CheckUsageError extends Error {}

/** Date rolls 2026-02-30 over to March; a date given on the command line must be a real day. */
function realCalendarDate(text: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(text.trim());
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const day = new Date(Date.UTC(y, mo - 1, d));
  return day.getUTCFullYear() === y && day.getUTCMonth() === mo - 1 && day.getUTCDate() === d;
}

export interface CheckArgs {
  file: string;
  at: Date;
  writePost: string | null;
  reportsDir: string;
  help: boolean;
}

export function parseCheckArgs(argv: string[]): CheckArgs {
  const args: CheckArgs = { file: '', at: DEFAULT_CALENDAR.cutover, writePost: null, reportsDir: 'reports', help: false };
  const files: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const eq = a.startsWith('--') ? a.indexOf('=') : -1;
    const name = eq > 0 ? a.slice(0, eq) : a;
    const value = (): string => {
      if (eq > 0) return a.slice(eq + 1);
      const v = argv[++i];
      if (v === undefined || v === '') throw new CheckUsageError(`${name} には値が必要です（missing value for ${name}）`);
      return v;
    };
    if (name === '--help' || name === '-h') args.help = true;
    else if (name === '--at') {
      const v = value();
      try {
        if (!realCalendarDate(v)) throw new Error('no such day');
        args.at = parseInstant(v);
      } catch {
        throw new CheckUsageError(`--at の日時が正しくありません: "${v}"（例: 2026-06-29 または 2026-06-29T10:00:00+09:00）`);
      }
    } else if (name === '--write-post') args.writePost = value();
    else if (name === '--reports') args.reportsDir = value();
    else if (a === '--') continue;
    else if (a.startsWith('-') && a !== '-') throw new CheckUsageError(`不明なオプションです: ${a}`);
    else files.push(a);
  }
  if (args.help) return args;
  if (files.length === 0) throw new CheckUsageError('確認するCSVファイルを指定してください（FILE がありません）。');
  if (files.length > 1) throw new CheckUsageError(`ファイルは1つだけ指定してください: ${files.join(', ')}`);
  args.file = files[0];
  return args;
}

export interface CheckIo {
  out: (s: string) => void;
  err: (s: string) => void;
  cwd?: string;
}

/** Runs the command; returns the exit code (0 checked, 1 whole-file fault, 2 usage or I/O error). */
export async function runCsvCheck(argv: string[], io: CheckIo): Promise<number> {
  let args: CheckArgs;
  try {
    args = parseCheckArgs(argv);
  } catch (e) {
    if (!(e instanceof CheckUsageError)) throw e;
    io.err(`エラー: ${e.message}\n\n${USAGE}`);
    return 2;
  }
  if (args.help) {
    io.out(USAGE);
    return 0;
  }
  const cwd = io.cwd ?? process.cwd();
  const file = path.resolve(cwd, args.file);
  let bytes: Buffer;
  try {
    bytes = await readFile(file);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    const why =
      code === 'ENOENT' ? 'ファイルがありません' : code === 'EISDIR' ? 'ディレクトリです' : code === 'EACCES' ? '読み取りの権限がありません' : '読み取れません';
    io.err(`エラー: ${args.file}: ${why}（${code ?? String(e)}）\n`);
    return 2;
  }
  const { report, post } = checkAccountCsv(bytes, { at: args.at, file: args.file });
  io.out(renderSummary(report));
  try {
    const dir = path.resolve(cwd, args.reportsDir);
    await mkdir(dir, { recursive: true });
    await writeFile(path.join(dir, 'csv-check.md'), renderMarkdown(report));
    await writeFile(path.join(dir, 'csv-check.json'), JSON.stringify(report, null, 2) + '\n');
    io.out(`\nレポート: ${path.join(args.reportsDir, 'csv-check.md')}, ${path.join(args.reportsDir, 'csv-check.json')}\n`);
    if (args.writePost) {
      if (post) {
        await writeFile(path.resolve(cwd, args.writePost), post);
        io.out(`切替後のファイル: ${args.writePost}（${ENCODING_LABEL[report.encoding!]}, ${EOL_LABEL[report.eol!]}）\n`);
      } else {
        io.err('ファイル全体のエラーがあるため、切替後のファイルは書き出していません。\n');
      }
    }
  } catch (e) {
    io.err(`エラー: 書き出せません: ${(e as Error).message}\n`);
    return 2;
  }
  return report.fault ? 1 : 0;
}
