// The configuration of `playwright merge-reports` for `npm run gate:merge`: the merged blob reports of the
// shards go to one HTML report, one set of Allure results and one gate summary (the same reporter as a run).

import { defineConfig } from '@playwright/test';
import { reportPaths } from './reporters.ts';

const r = reportPaths();

export default defineConfig({
  testDir: '../../scenarios',
  reporter: [
    ['./reporter.ts', { outputDir: r.dir, merged: Number(process.env.GATE_MERGED_SHARDS ?? 0) || 1 }],
    ['html', { outputFolder: r.html, open: 'never' }],
    ['./allure-merge-reporter.ts', { resultsDir: r.allureResults, detail: true, suiteTitle: true }],
  ],
});
