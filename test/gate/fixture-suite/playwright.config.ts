// A small browserless suite for the gate's own tests (test/gate/shards.test.ts): one test per change item and
// phase it is judged in, with the reporters of the real configuration.

import { defineConfig } from '@playwright/test';
import { gateMetadata, gateReporters, reportPaths } from '../../../harness/gate/reporters.ts';

export default defineConfig({
  testDir: '.',
  outputDir: reportPaths().testResults,
  fullyParallel: true,
  retries: 0,
  reporter: gateReporters(),
  metadata: { gate: gateMetadata() },
  projects: ['before', 'window', 'after'].map((phase) => ({ name: phase, grep: new RegExp(`@${phase}\\b`) })),
});
