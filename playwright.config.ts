import { cpus } from 'node:os';
import { defineConfig } from '@playwright/test';
import { findChromium } from './harness/browser.ts';
import { gateMetadata, gateReporters, reportPaths } from './harness/gate/reporters.ts';
import type { Phase } from './server/calendar.ts';

// One project per phase of the change; a test runs in the phases it is tagged with (@before, @window, @after).
const phases: Phase[] = ['before', 'window', 'after'];
const browser = process.env.PW_CONNECT_WS ? undefined : findChromium();

export default defineConfig<object, { phase: Phase }>({
  testDir: './scenarios',
  outputDir: reportPaths().testResults,
  fullyParallel: true,
  forbidOnly: !!process.env.CI,
  retries: 0,
  // Every core: most of a test is spent waiting on the browser and the portal (PW_WORKERS to change it).
  workers: process.env.PW_WORKERS ? Number(process.env.PW_WORKERS) : cpus().length,
  timeout: 30_000,
  expect: { timeout: 5_000 },
  globalSetup: './harness/global-setup.ts',
  // The gate's reporter (progress, table, reports/gate.*), HTML, Allure results; a blob report when sharded.
  reporter: gateReporters(),
  metadata: { gate: gateMetadata() },
  use: {
    locale: 'ja-JP',
    timezoneId: 'Asia/Tokyo',
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
    ...(process.env.PW_CONNECT_WS
      ? { connectOptions: { wsEndpoint: process.env.PW_CONNECT_WS } }
      : { launchOptions: { executablePath: browser?.executablePath, args: browser?.args } }),
  },
  projects: phases.map((phase) => ({
    name: phase,
    grep: new RegExp(`@${phase}\\b`),
    use: { phase },
  })),
});
