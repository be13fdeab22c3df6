// What part of the suite a `playwright test` command line selects: the arguments that make a run a slice
// (files, --grep, --project, --shard…). An empty list means the whole suite, which the gate can judge in full.

/** Options that take a value as the next argument (when not written `--name=value`). */
const WITH_VALUE = new Set([
  '-c', '--config', '-g', '--grep', '--grep-invert', '--project', '--shard', '-j', '--workers', '--reporter', '--output',
  '--retries', '--repeat-each', '--timeout', '--global-timeout', '--max-failures', '--trace', '--browser', '--tsconfig',
  '--test-list', '--test-list-invert', '--ui-host', '--ui-port', '--update-source-method',
]);

/** Options that select part of the suite. */
const SLICING = new Set(['-g', '--grep', '--grep-invert', '--project', '--shard', '--last-failed', '--only-changed', '--test-list', '--test-list-invert']);

/** The slicing arguments of a command line (`process.argv` of `playwright test`), e.g. ["--grep=@csv", "scenarios/mfa"]. */
export function selectionFromArgv(argv: readonly string[]): string[] {
  const i = argv.findIndex((a) => a === 'test');
  if (i < 0) return [];
  const out: string[] = [];
  const args = argv.slice(i + 1);
  for (let k = 0; k < args.length; k++) {
    const a = args[k];
    if (a === '--') continue;
    if (a.startsWith('-')) {
      const [name, inline] = a.includes('=') ? [a.slice(0, a.indexOf('=')), a.slice(a.indexOf('=') + 1)] : [a, undefined];
      const value = inline ?? (WITH_VALUE.has(name) ? args[++k] : undefined);
      if (SLICING.has(name)) out.push(value === undefined ? name : `${name}=${value}`);
      continue;
    }
    out.push(a);
  }
  return out;
}

/** The shard of a command line, e.g. { current: 1, total: 2 } for --shard=1/2. */
export function shardFromArgv(argv: readonly string[]): { current: number; total: number } | null {
  for (let k = 0; k < argv.length; k++) {
    const a = argv[k];
    const v = a.startsWith('--shard=') ? a.slice(8) : a === '--shard' ? argv[k + 1] : undefined;
    if (v === undefined) continue;
    const m = /^(\d+)\/(\d+)$/.exec(v);
    if (!m || Number(m[1]) < 1 || Number(m[1]) > Number(m[2])) throw new Error(`--shard=${v}: expected current/total, e.g. --shard=1/3`);
    return { current: Number(m[1]), total: Number(m[2]) };
  }
  return null;
}
