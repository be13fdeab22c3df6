// The gate's verdict rules and texts, over hand-made results.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { CHANGE_ITEMS, PHASES } from '../../harness/gate/items.ts';
import { cellText, displayWidth, jsonReport, markdownReport, summarize, terminalReport, exitCode, type GateRun, type GateTarget, type GateTest } from '../../harness/gate/summary.ts';

const REFERENCE: GateTarget = { portalUrl: null, embedded: true, harnessApi: true, accountsFile: null, mailpitUrl: null };
const STAGING: GateTarget = { portalUrl: 'https://staging.example', embedded: false, harnessApi: false, accountsFile: 'accounts.json', mailpitUrl: 'http://mailpit:8025' };

let n = 0;
function t(tag: string, project: string, outcome: GateTest['outcome'] = 'expected', extra: Partial<GateTest> = {}): GateTest {
  n++;
  const status = outcome === 'expected' || outcome === 'flaky' ? 'passed' : outcome === 'skipped' ? 'skipped' : 'failed';
  return { id: `t${n}`, title: `test ${n}`, file: `scenarios/x/${n}.spec.ts`, line: n, project, tags: [tag, `@${project}`], status, outcome, durationMs: 1000, retries: outcome === 'flaky' ? 1 : 0, skipReason: null, error: null, attachments: [], ...extra };
}

/** One passing test in every phase every item concerns. */
function complete(): GateTest[] {
  return CHANGE_ITEMS.flatMap((i) => i.phases.map((p) => t(i.tag, p)));
}

function run(tests: GateTest[], over: Partial<GateRun> = {}): GateRun {
  return { tests, target: REFERENCE, startedAt: '2026-11-25T00:00:00.000Z', durationMs: 60_000, status: 'passed', selection: [], mergedShards: 0, errors: [], ...over };
}

test('every item tested in every phase it concerns, all passed: GO, exit 0', () => {
  const s = summarize(run(complete()));
  assert.equal(s.verdict, 'GO');
  assert.deepEqual(s.reasons, []);
  assert.equal(exitCode(s), 0);
  assert.equal(s.totals.total, 15);
  assert.ok(s.rows.every((r) => r.verdict === 'GO'));
});

test('one failure: NO-GO for the run and for its item only, exit 1', () => {
  const tests = complete();
  tests.push(t('@csv', 'after', 'unexpected', { error: 'Error: expected 1 row' }));
  const s = summarize(run(tests));
  assert.equal(s.verdict, 'NO-GO');
  assert.equal(exitCode(s), 1);
  assert.deepEqual(s.reasons, ['アカウント一括設定CSV (Account bulk-settings CSV) @csv: 1 failed']);
  assert.equal(s.rows.find((r) => r.item.tag === '@csv')!.verdict, 'NO-GO');
  assert.equal(s.rows.find((r) => r.item.tag === '@mfa')!.verdict, 'GO');
  assert.equal(s.failures.length, 1);
  assert.equal(cellText(s.rows.find((r) => r.item.tag === '@csv')!.cells[2], false), '1 failed, 1 passed');
});

test('a flaky test (passed on a retry) is NO-GO', () => {
  const s = summarize(run([...complete(), t('@mfa', 'window', 'flaky')]));
  assert.equal(s.verdict, 'NO-GO');
  assert.match(s.reasons[0], /@mfa: 1 flaky/);
});

test('an item with no test in a phase it concerns is NO-GO with that reason', () => {
  const tests = complete().filter((x) => !(x.tags.includes('@search') && x.project === 'before'));
  const s = summarize(run(tests));
  assert.equal(s.verdict, 'NO-GO');
  assert.deepEqual(s.reasons, ['外線着信設定の内線番号検索 (Incoming-line settings searchable by extension) @search: no tests in phase before']);
  assert.equal(cellText(s.rows.find((r) => r.item.tag === '@search')!.cells[0], false), 'NO TESTS');
});

test('a phase an item does not concern may have no tests, and tests there still count', () => {
  const s1 = summarize(run(complete()));
  const menu = s1.rows.find((r) => r.item.tag === '@menu')!;
  assert.equal(menu.cells[PHASES.indexOf('window')].concerned, false);
  assert.equal(cellText(menu.cells[1], false), '—');
  const s2 = summarize(run([...complete(), t('@menu', 'window', 'unexpected')]));
  assert.equal(s2.verdict, 'NO-GO');
});

test('against a real target a skip with a reason is allowed and listed; on the reference it is NO-GO', () => {
  const reason = 'the target has no harness API: moving the clock needs it';
  const tests = [...complete(), t('@mfa', 'before', 'skipped', { skipReason: reason }), t('@csv', 'after', 'skipped', { skipReason: reason })];
  const staging = summarize(run(tests, { target: STAGING }));
  assert.equal(staging.verdict, 'GO');
  assert.deepEqual(staging.skips.map((g) => [g.reason, g.tests.length]), [[reason, 2]]);
  assert.match(terminalReport(run(tests, { target: STAGING }), staging), /skipped:\n {2}2 × the target has no harness API/);
  assert.match(terminalReport(run(tests, { target: STAGING }), staging), /verdict: GO \(2 of 17 tests skipped on this target: not verified here\)$/);
  const reference = summarize(run(tests));
  assert.equal(reference.verdict, 'NO-GO');
  assert.match(reference.reasons.join('\n'), /@mfa: 1 skipped on the reference portal/);
  const noApi = summarize(run(tests, { target: { ...REFERENCE, harnessApi: false } }));
  assert.equal(noApi.verdict, 'GO', 'the reference without its harness API gives no more control than a real target');
});

test('a skip without a reason is NO-GO on any target', () => {
  const s = summarize(run([...complete(), t('@accounts', 'after', 'skipped')], { target: STAGING }));
  assert.equal(s.verdict, 'NO-GO');
  assert.match(s.reasons[0], /@accounts: 1 skipped without a reason/);
});

test('a slice of the suite judges only what it ran: cells without tests are "not in this run"', () => {
  const tests = [t('@mfa', 'before'), t('@mfa', 'after')];
  const s = summarize(run(tests, { selection: ['--grep=@mfa'] }));
  assert.equal(s.verdict, 'GO');
  assert.equal(s.partial, true);
  assert.equal(s.rows.find((r) => r.item.tag === '@csv')!.verdict, 'not run');
  assert.equal(cellText(s.rows[0].cells[1], true), 'not in this run');
  assert.match(markdownReport(run(tests, { selection: ['--grep=@mfa'] }), s), /^# Gate: GO \(for this slice of the suite\)/);
});

test('no test at all, an interrupted run, or an error outside the tests: NO-GO', () => {
  assert.deepEqual(summarize(run([])).reasons.slice(0, 1), ['no test ran']);
  assert.equal(summarize(run(complete(), { status: 'interrupted' })).verdict, 'NO-GO');
  const e = summarize(run(complete(), { errors: ['Error: ACCOUNTS_FILE=x.json: no such file'] }));
  assert.deepEqual(e.reasons, ['error outside the tests: Error: ACCOUNTS_FILE=x.json: no such file']);
});

test('a test without a change-item tag is not in the table but its failure counts', () => {
  const s = summarize(run([...complete(), t('@other', 'after', 'unexpected')]));
  assert.equal(s.untagged.length, 1);
  assert.equal(s.verdict, 'NO-GO');
  assert.match(s.reasons[0], /without a change-item tag: 1 failed/);
});

test('the texts: table rows per item with Japanese and English names, the JSON with items, phases, tests, target and time', () => {
  const r = run(complete());
  const s = summarize(r);
  const text = terminalReport(r, s);
  for (const i of CHANGE_ITEMS) assert.match(text, new RegExp(`${i.ja} \\(${i.en}\\)`));
  assert.match(text, /verdict: GO$/);
  const md = markdownReport(r, s);
  assert.match(md, /\| 多要素認証 \(MFA for terminal users\) \| `@mfa` \| 1 passed \(1\.0 s\) \| 1 passed \(1\.0 s\) \| 1 passed \(1\.0 s\) \| \*\*GO\*\* \|/);
  const j = jsonReport(r, s);
  assert.equal(j.verdict, 'GO');
  assert.equal(j.startedAt, '2026-11-25T00:00:00.000Z');
  assert.deepEqual(j.target, REFERENCE);
  assert.equal(j.items.length, 6);
  assert.deepEqual(Object.keys(j.items[0].phases), ['before', 'window', 'after']);
  assert.equal(j.tests.length, 15);
});

test('the table lines up Japanese names: full-width characters take two columns', () => {
  assert.equal(displayWidth('多要素認証'), 10);
  assert.equal(displayWidth('CSV'), 3);
  const r = run(complete());
  const lines = terminalReport(r, summarize(r)).split('\n').filter((l) => / GO$/.test(l) && l.includes('1 passed'));
  const col = lines.map((l) => displayWidth(l.slice(0, l.indexOf('1 passed'))));
  assert.equal(new Set(col).size, 1, `the "before" column starts at one place: ${col}`);
});
