// Which command lines make a run a slice of the suite, and the shard of a command line.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { selectionFromArgv, shardFromArgv } from '../../harness/gate/selection.ts';
import { gateReporters } from '../../harness/gate/reporters.ts';

const pw = (...a: string[]) => ['node', 'playwright', 'test', ...a];

test('the whole suite: options that do not select tests', () => {
  assert.deepEqual(selectionFromArgv(pw()), []);
  assert.deepEqual(selectionFromArgv(pw('--workers', '2', '--retries=0', '--reporter', 'line', '--output', '/tmp/x')), []);
});

test('files, grep, project, shard and last-failed make a slice', () => {
  assert.deepEqual(selectionFromArgv(pw('scenarios/mfa', '--grep', '@csv', '--project=after')), ['scenarios/mfa', '--grep=@csv', '--project=after']);
  assert.deepEqual(selectionFromArgv(pw('-g', '@menu', '--shard=1/3', '--last-failed')), ['-g=@menu', '--shard=1/3', '--last-failed']);
  assert.deepEqual(selectionFromArgv(pw('--workers', '1', 'scenarios/csv')), ['scenarios/csv'], 'the value of --workers is not a file');
});

test('the shard of a command line; a malformed one is named', () => {
  assert.deepEqual(shardFromArgv(pw('--shard=2/3')), { current: 2, total: 3 });
  assert.deepEqual(shardFromArgv(pw('--shard', '1/2')), { current: 1, total: 2 });
  assert.equal(shardFromArgv(pw()), null);
  assert.throws(() => shardFromArgv(pw('--shard=4/3')), /--shard=4\/3: expected current\/total/);
});

test('a shard adds a blob report in a folder of its own', () => {
  const names = (argv: string[], env = {}) => gateReporters(argv, env).map((r) => [r[0], (r[1] as { outputDir?: string } | undefined)?.outputDir]);
  assert.deepEqual(names(pw()).map((x) => String(x[0]).replace(/^.*\/harness\//, 'harness/')), ['harness/gate/reporter.ts', 'html', 'allure-playwright']);
  assert.deepEqual(names(pw('--shard=1/2')).at(-1), ['blob', 'reports/blob/shard-1-of-2']);
  assert.deepEqual(names(pw('--shard=2/2'), { REPORTS_DIR: '/tmp/r' }).at(-1), ['blob', '/tmp/r/blob/shard-2-of-2']);
});
