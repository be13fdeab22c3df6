// npm run flake: its arguments, and the count it makes of Playwright's JSON report.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DEFAULT_REPEAT, exitCodeOf, formatSummary, parseFlakeArgs, playwrightArgs, summarise, UsageError, type JsonReport } from '../../harness/flake/flake.ts';

test('arguments: the default, --repeat-each in both spellings, files before "--", Playwright\'s own after it', () => {
  assert.deepEqual(parseFlakeArgs([]), { repeatEach: DEFAULT_REPEAT, help: false, playwright: [] });
  assert.equal(parseFlakeArgs(['--repeat-each', '3']).repeatEach, 3);
  assert.equal(parseFlakeArgs(['--repeat-each=7']).repeatEach, 7);
  assert.deepEqual(parseFlakeArgs(['scenarios/mfa', '--repeat-each', '2', '--', '--grep', '@csv', '--project', 'after']), {
    repeatEach: 2,
    help: false,
    playwright: ['scenarios/mfa', '--grep', '@csv', '--project', 'after'],
  });
  assert.equal(parseFlakeArgs(['--help']).help, true);
  assert.equal(parseFlakeArgs(['-h']).help, true);
  const pw = playwrightArgs(parseFlakeArgs(['--repeat-each', '2', '--', 'scenarios/mfa']), '/tmp/r.json', '/tmp/out');
  assert.deepEqual(pw.argv, ['test', '--repeat-each=2', '--retries=0', '--reporter=dot,json', '--output=/tmp/out', 'scenarios/mfa']);
  assert.deepEqual(pw.env, { PLAYWRIGHT_JSON_OUTPUT_FILE: '/tmp/r.json' });
  const mine = playwrightArgs(parseFlakeArgs(['--', '--output', '/tmp/mine']), '/tmp/r.json', '/tmp/out');
  assert.deepEqual(mine.argv, ['test', '--repeat-each=20', '--retries=0', '--reporter=dot,json', '--output', '/tmp/mine']);
  assert.equal(mine.outputDir, '/tmp/mine');
});

test('arguments: bad ones get a message naming what is wrong', () => {
  const refused = (argv: string[], message: RegExp) => assert.throws(() => parseFlakeArgs(argv), (e: unknown) => e instanceof UsageError && message.test(e.message));
  refused(['--repeat-each'], /--repeat-each needs a number/);
  refused(['--repeat-each', '--', 'x'], /--repeat-each needs a number/);
  refused(['--repeat-each', 'five'], /--repeat-each "five": expected a whole number from 1 to 1000/);
  refused(['--repeat-each=0'], /"0": expected a whole number/);
  refused(['--repeat-each', '2.5'], /"2.5"/);
  refused(['--repeat-each', '1001'], /"1001"/);
  refused(['--grep', '@csv'], /unknown option "--grep".*go after "--"/);
  refused(['--', '--retries=2'], /"--retries=2" cannot be given.*--retries=0/);
  refused(['--', '--repeat-each', '3'], /"--repeat-each" cannot be given.*before "--"/);
  refused(['--', '--reporter=list'], /own reporters/);
});

/** A report of the shape Playwright's JSON reporter writes. */
function report(runs: { project: string; title: string; status: 'expected' | 'unexpected' | 'skipped'; error?: string }[]): JsonReport {
  return {
    stats: { duration: 12_345 },
    errors: [],
    suites: [
      {
        title: 'mfa/otp.spec.ts',
        file: 'mfa/otp.spec.ts',
        specs: [...new Set(runs.map((r) => r.title))].map((title, i) => ({
          title,
          file: 'mfa/otp.spec.ts',
          line: 10 + i,
          tests: runs
            .filter((r) => r.title === title)
            .map((r) => ({
              projectName: r.project,
              status: r.status,
              results: [{ status: r.status === 'expected' ? 'passed' : r.status === 'skipped' ? 'skipped' : 'failed', error: r.error ? { message: `\u001b[31m${r.error}\u001b[39m\n\n  at x.ts:1` } : undefined }],
            })),
        })),
      },
    ],
  };
}

test('the count: runs, passes, failures; a test failing in some runs is flaky, in every run broken', () => {
  const s = summarise(report([
    { project: 'after', title: 'steady', status: 'expected' },
    { project: 'after', title: 'steady', status: 'expected' },
    { project: 'after', title: 'wobbly', status: 'expected' },
    { project: 'after', title: 'wobbly', status: 'unexpected', error: 'Error: expect(locator).toBeVisible() failed' },
    { project: 'before', title: 'wobbly', status: 'expected' },
    { project: 'before', title: 'wobbly', status: 'expected' },
    { project: 'after', title: 'broken', status: 'unexpected', error: 'Error: no mail to a@b' },
    { project: 'after', title: 'broken', status: 'unexpected', error: 'Error: no mail to a@b' },
    { project: 'after', title: 'not here', status: 'skipped' },
  ]));
  assert.equal(s.runs, 9);
  assert.equal(s.passed, 5);
  assert.equal(s.failed, 3);
  assert.equal(s.skipped, 1);
  assert.deepEqual(s.flaky.map((t) => [t.name, t.failed, t.firstError]), [['[after] mfa/otp.spec.ts:11 › wobbly', 1, 'Error: expect(locator).toBeVisible() failed']]);
  assert.deepEqual(s.broken.map((t) => t.name), ['[after] mfa/otp.spec.ts:12 › broken']);
  assert.equal(exitCodeOf(s), 1);
  const text = formatSummary(s, 2);
  assert.match(text, /9 test runs \(2 of each test\), 5 passed, 3 failed, 1 skipped, in 12\.3 s/);
  assert.match(text, /1 flaky test\(s\), 1 failing every run/);
  assert.match(text, /flaky: \[after\] mfa\/otp\.spec\.ts:11 › wobbly — failed 1\/2: Error: expect/);
});

test('the verdict: all passed is 0; an error outside the tests is 1; nothing run is 2', () => {
  const ok = summarise(report([{ project: 'after', title: 'a', status: 'expected' }]));
  assert.equal(exitCodeOf(ok), 0);
  assert.match(formatSummary(ok, 1), /0 flaky test\(s\), 0 failing every run/);
  assert.equal(exitCodeOf(summarise({ ...report([{ project: 'after', title: 'a', status: 'expected' }]), errors: [{ message: 'Error: global setup failed' }] })), 1);
  assert.equal(exitCodeOf(summarise(report([{ project: 'after', title: 'a', status: 'skipped' }]))), 2);
  assert.equal(exitCodeOf(summarise({})), 2);
});
