// allure-playwright as a reporter of `playwright merge-reports`: there the configuration comes without its
// projects (they follow one by one), which allure-playwright reads on configure; it only needs them for
// image-diff attachments, so an empty list is let through.

import { createRequire } from 'node:module';
import type { FullConfig } from '@playwright/test';
import type { AllureReporter as AllureReporterType } from 'allure-playwright';

const require = createRequire(import.meta.url);
const AllureReporter = (require('allure-playwright') as { default: typeof AllureReporterType }).default;

export default class AllureMergeReporter extends AllureReporter {
  override onConfigure(config: FullConfig): void {
    this.config = config;
    this.outputDir = config.projects[0]?.outputDir;
    this.snapshotDir = config.projects[0]?.snapshotDir;
  }
}
