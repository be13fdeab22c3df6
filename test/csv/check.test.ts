// csv:check: what the cutover does to a customer's account CSV.

import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtemp, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import iconv from 'iconv-lite';
import { checkAccountCsv, parseCheckArgs, renderMarkdown, renderSummary, runCsvCheck, CheckUsageError } from '../../harness/csv/check.ts';
import { generateAccountsCsv } from '../../harness/csv/generate.ts';
import { decodeCsv } from '../../server/csv/decode.ts';
import { exportAccountsCsv } from '../../server/csv/export.ts';
import { COL } from '../../server/csv/format.ts';
import { parseAccountCsv } from '../../server/csv/parse.ts';
import { HEADER, csvBytes, fixtureAccounts } from './helpers.ts';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

// As downloaded: admin01 ON; user01 OFF no address; user02 ON with address; user03 OFF with address.
const DOWNLOADED = exportAccountsCsv(fixtureAccounts());

describe('checkAccountCsv', () => {
  test('at the cutover (default): OFF→ON list, no-address list, refused rows with lines', () => {
    const { report } = checkAccountCsv(DOWNLOADED, { file: 'accounts.csv' });
    assert.equal(report.phase, 'after');
    assert.equal(report.at, '2026-06-28T15:00:00.000Z');
    assert.equal(report.atJst, '2026/06/29 00:00 JST');
    assert.equal(report.fault, null);
    assert.equal(report.encoding, 'cp932');
    assert.equal(report.eol, 'crlf');
    assert.deepEqual(report.switchToOn, [
      { line: 3, loginId: 'user01', extension: '20201' },
      { line: 5, loginId: 'user03', extension: '20203' },
    ]);
    assert.deepEqual(report.noAddress, [{ line: 3, loginId: 'user01', extension: '20201', mfa: 'OFF' }]);
    assert.deepEqual(
      report.refused.map((r) => [r.line, r.loginId, r.messages]),
      [
        [3, 'user01', ['3行目 多要素認証「OFF」: 2026年6月29日以降、端末ユーザの多要素認証はOFFにできません。']],
        [5, 'user03', ['5行目 多要素認証「OFF」: 2026年6月29日以降、端末ユーザの多要素認証はOFFにできません。']],
      ],
    );
    assert.deepEqual(report.counts, { rows: 4, terminal: 3, admin: 1, switchToOn: 2, noAddress: 1, refused: 2, applied: 1, skipped: 1 });
  });
  test('--at before the cutover: the same lists, but OFF is not refused', () => {
    const { report } = checkAccountCsv(DOWNLOADED, { at: new Date('2026-06-20T00:00:00+09:00') });
    assert.equal(report.phase, 'window');
    assert.equal(report.switchToOn.length, 2);
    assert.equal(report.noAddress.length, 1);
    assert.deepEqual(report.refused, []);
    assert.equal(checkAccountCsv(DOWNLOADED, { at: new Date('2026-06-01T00:00:00+09:00') }).report.phase, 'before');
    assert.equal(checkAccountCsv(DOWNLOADED, { at: new Date('2026-06-28T23:59:59+09:00') }).report.refused.length, 0);
  });
  test('other refusals are listed with their lines (bad address, duplicates, quoted multi-line rows)', () => {
    const bytes = csvBytes([HEADER, '端末ユーザ,20201,user01,,ON,"a\r\nb"', '端末ユーザ,20202,user02,,ON,', '端末ユーザ,20202,user02,,ON,x@example.com'], { encoding: 'cp932' });
    const { report } = checkAccountCsv(bytes);
    assert.deepEqual(report.refused.map((r) => r.line), [2, 5]);
    assert.match(report.refused[0].messages[0], /^2行目 メールアドレス「a↵b」/);
    assert.match(report.refused[1].messages[0], /^5行目 ログインID「user02」: 同じログインIDが4行目にもあります/);
    assert.deepEqual(report.noAddress.map((r) => r.line), [4]);
  });
  test('whole-file faults are reported, with no post-cutover file', () => {
    const { report, post } = checkAccountCsv(Buffer.from('hello,world\n'));
    assert.equal(report.fault?.kind, 'header');
    assert.match(report.fault!.message, /見出し行/);
    assert.equal(post, null);
    assert.match(renderSummary(report), /ファイル全体のエラー/);
    assert.match(renderMarkdown(report), /## ファイル全体のエラー/);
    assert.equal(checkAccountCsv(Buffer.alloc(0)).report.fault?.kind, 'empty');
    assert.equal(checkAccountCsv(csvBytes([HEADER]), { maxBytes: 10 }).report.fault?.kind, 'too-large');
  });
  test('the summary and the markdown carry the counts and the lists', () => {
    const { report } = checkAccountCsv(DOWNLOADED, { file: 'accounts.csv' });
    const s = renderSummary(report);
    assert.match(s, /多要素認証が OFF→ON になる端末ユーザ: 2/);
    assert.match(s, /メールアドレス未登録の端末ユーザ（事前の周知が必要）: 1/);
    assert.match(s, /3行目 user01（内線 20201）/);
    assert.match(s, /5行目 多要素認証「OFF」/);
    const md = renderMarkdown(report);
    assert.match(md, /\| 3 \| user01 \| 20201 \| OFF \|/);
    assert.match(md, /\| 多要素認証が OFF→ON になる端末ユーザ \| 2 \|/);
  });
  test('long lists are shortened on the console only', () => {
    const gen = generateAccountsCsv({ rows: 60, mfaOffRatio: 1, noEmailRatio: 0 });
    const { report } = checkAccountCsv(gen.bytes);
    assert.equal(report.switchToOn.length, 60);
    assert.match(renderSummary(report), /…ほか40件/);
    assert.equal(renderMarkdown(report).split('\n').filter((l) => /^\| \d+ \| u\d{6} \| \d+ \|$/.test(l)).length, 60);
  });
});

describe('the post-cutover file', () => {
  const cases = [
    { encoding: 'cp932', eol: '\r\n' },
    { encoding: 'cp932', eol: '\n' },
    { encoding: 'utf-8', eol: '\n' },
    { encoding: 'utf-8', eol: '\r\n' },
    { encoding: 'utf-8-bom', eol: '\r\n' },
  ] as const;
  for (const { encoding, eol } of cases) {
    test(`${encoding}, ${eol === '\r\n' ? 'CRLF' : 'LF'}: terminal rows ON, all else as it was, same encoding and line ends`, () => {
      const lines = [
        HEADER,
        'ユーザ管理者,,admin01,,OFF,admin@example.co.jp',
        '端末ユーザ,20201,user01,,OFF,',
        '端末ユーザ,20202,user02,,ON,user02@example.co.jp',
        `端末ユーザ,20203,'=user03,,OFF,"x,y"`,
        '端末ユーザ,20204,山田,,,',
      ];
      const input = csvBytes(lines, { encoding, eol });
      const { post, report } = checkAccountCsv(input);
      assert.ok(post);
      const decoded = decodeCsv(post);
      assert.equal(decoded.encoding, encoding);
      const want = [
        HEADER,
        'ユーザ管理者,,admin01,,OFF,admin@example.co.jp',
        '端末ユーザ,20201,user01,,ON,',
        '端末ユーザ,20202,user02,,ON,user02@example.co.jp',
        `端末ユーザ,20203,'=user03,,ON,"x,y"`,
        '端末ユーザ,20204,山田,,ON,',
      ];
      assert.equal(decoded.text, want.join(eol) + eol);
      if (encoding === 'cp932') assert.deepEqual(post, iconv.encode(want.join(eol) + eol, 'cp932'));
      assert.equal(report.switchToOn.length, 2);
      const again = checkAccountCsv(post);
      assert.equal(again.report.switchToOn.length, 0);
      assert.equal(again.report.refused.filter((r) => r.messages.some((m) => m.includes(COL.mfa))).length, 0, 'nothing refused for 多要素認証 after the cutover');
    });
  }
  test('a quoted field with a line break stays one field', () => {
    const input = csvBytes([HEADER, '端末ユーザ,20201,user01,,OFF,"a\nb"'], { encoding: 'cp932', eol: '\r\n' });
    const post = checkAccountCsv(input).post!;
    const rows = parseAccountCsv(post).rows;
    assert.equal(rows.length, 1);
    assert.equal(rows[0].values[COL.email], 'a\nb');
    assert.equal(rows[0].values[COL.mfa], 'ON');
  });
});

describe('the command', () => {
  let dir = '';
  before(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'csv-check-'));
  });
  after(async () => {
    await rm(dir, { recursive: true, force: true });
  });
  const run = async (argv: string[]) => {
    let out = '';
    let err = '';
    const code = await runCsvCheck(argv, { out: (s) => void (out += s), err: (s) => void (err += s), cwd: dir });
    return { code, out, err };
  };

  test('arguments', () => {
    const a = parseCheckArgs(['x.csv']);
    assert.equal(a.file, 'x.csv');
    assert.equal(a.at.toISOString(), '2026-06-28T15:00:00.000Z', 'default: the cutover');
    assert.equal(parseCheckArgs(['--at', '2026-06-20', 'x.csv']).at.toISOString(), '2026-06-19T15:00:00.000Z');
    assert.equal(parseCheckArgs(['x.csv', '--at=2026-06-29T10:00:00+09:00']).at.toISOString(), '2026-06-29T01:00:00.000Z');
    assert.equal(parseCheckArgs(['x.csv', '--write-post', 'y.csv']).writePost, 'y.csv');
    assert.throws(() => parseCheckArgs([]), CheckUsageError);
    assert.throws(() => parseCheckArgs(['x.csv', '--bogus']), /不明なオプション/);
    assert.throws(() => parseCheckArgs(['x.csv', '--at', 'tomorrow']), /--at の日時が正しくありません/);
    assert.throws(() => parseCheckArgs(['x.csv', '--at', '2026-02-30']), /--at の日時が正しくありません/);
    assert.throws(() => parseCheckArgs(['x.csv', '--at', '2026-06-29T25:00:00+09:00']), /--at の日時が正しくありません/);
    assert.throws(() => parseCheckArgs(['x.csv', '--at']), /値が必要/);
    assert.throws(() => parseCheckArgs(['x.csv', 'y.csv']), /1つだけ/);
  });
  test('writes the reports and the post-cutover file; exit 0', async () => {
    await writeFile(path.join(dir, 'accounts.csv'), DOWNLOADED);
    const r = await run(['accounts.csv', '--write-post', 'post.csv', '--reports', 'out']);
    assert.equal(r.code, 0, r.err);
    assert.match(r.out, /多要素認証が OFF→ON になる端末ユーザ: 2/);
    const json = JSON.parse(await readFile(path.join(dir, 'out/csv-check.json'), 'utf8'));
    assert.deepEqual(json.switchToOn.map((x: { loginId: string }) => x.loginId), ['user01', 'user03']);
    assert.match(await readFile(path.join(dir, 'out/csv-check.md'), 'utf8'), /メールアドレス未登録/);
    const post = await readFile(path.join(dir, 'post.csv'));
    assert.equal(decodeCsv(post).encoding, 'cp932');
    assert.ok(parseAccountCsv(post).rows.every((row) => row.values[COL.kind] !== '端末ユーザ' || row.values[COL.mfa] === 'ON'));
  });
  test('a whole-file fault: exit 1, reported', async () => {
    await writeFile(path.join(dir, 'bad.csv'), Buffer.from([0x00, 0x01, 0xff]));
    const r = await run(['bad.csv', '--reports', 'out2']);
    assert.equal(r.code, 1);
    assert.match(r.out, /ファイル全体のエラー/);
    assert.ok(JSON.parse(await readFile(path.join(dir, 'out2/csv-check.json'), 'utf8')).fault);
  });
  test('usage and I/O errors: exit 2 with a clear message', async () => {
    let r = await run([]);
    assert.equal(r.code, 2);
    assert.match(r.err, /FILE がありません/);
    assert.match(r.err, /使い方/);
    r = await run(['missing.csv']);
    assert.equal(r.code, 2);
    assert.match(r.err, /missing\.csv: ファイルがありません/);
    await mkdir(path.join(dir, 'adir'), { recursive: true });
    r = await run(['adir']);
    assert.equal(r.code, 2);
    assert.match(r.err, /ディレクトリです/);
    r = await run(['accounts.csv', '--at', '2026-13-45']);
    assert.equal(r.code, 2);
    assert.match(r.err, /--at の日時が正しくありません/);
    r = await run(['accounts.csv', '--verbose']);
    assert.equal(r.code, 2);
    assert.match(r.err, /不明なオプションです: --verbose/);
  });
  test('spawned through npx tsx: exit codes and messages', () => {
    const cli = (args: string[]) =>
      spawnSync('npx', ['tsx', 'harness/cli/csv-check.ts', ...args], { cwd: ROOT, encoding: 'utf8', timeout: 60_000 });
    let r = cli([path.join(dir, 'no-such-file.csv')]);
    assert.equal(r.status, 2, r.stderr);
    assert.match(r.stderr, /no-such-file\.csv: ファイルがありません/);
    r = cli([path.join(dir, 'accounts.csv'), '--at', 'yesterday']);
    assert.equal(r.status, 2, r.stderr);
    assert.match(r.stderr, /--at の日時が正しくありません: "yesterday"/);
  });
});
