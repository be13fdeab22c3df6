// npm run repro -- --login-id ID --password PW [--at INSTANT] [--target URL] [--headed] …
// Replays one user's login step by step and keeps what support needs (harness/repro/repro.ts).
// Exit 0: the login reached トップ; 1: it stopped elsewhere (said where and why); 2: bad flags or a harness error.

import { parseReproArgs, ReproArgsError, REPRO_USAGE } from '../repro/args.ts';
import { runRepro } from '../repro/repro.ts';
import { reportPaths } from '../gate/reporters.ts';

let opts;
try {
  opts = parseReproArgs(process.argv.slice(2), process.env, reportPaths().repro);
} catch (e) {
  if (!(e instanceof ReproArgsError)) throw e;
  console.error(`repro: ${e.message}\n\n${REPRO_USAGE}`);
  process.exit(2);
}
if (opts === 'help') {
  console.log(REPRO_USAGE);
  process.exit(0);
}

const r = await runRepro(opts);
console.log(`\nrepro: ${r.outcome}`);
console.log(`files in ${r.dir}:`);
for (const f of r.files) console.log(`  ${f}`);
if (r.files.includes('trace.zip')) console.log(`\nopen the trace: npx playwright show-trace ${r.dir}/trace.zip`);
process.exit(r.code);
