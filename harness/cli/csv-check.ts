// npm run csv:check -- FILE [--at DATE] [--write-post OUT] [--reports DIR]
// What the cutover does to a customer's account CSV (see harness/csv/check.ts).

import { runCsvCheck } from '../csv/check.ts';

const code = await runCsvCheck(process.argv.slice(2), {
  out: (s) => process.stdout.write(s),
  err: (s) => process.stderr.write(s),
});
process.exitCode = code;
