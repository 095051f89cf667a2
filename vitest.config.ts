import { defineConfig } from 'vitest/config';

/**
 * Test layers (see README): unit tests against fakes; integration (adapters + e2e) against the
 * real local runtime, started once per run by test/support/global-setup.ts; infra against the
 * synthesised CDK template.
 */
/**
 * TEST_NOW moves the tests' clock with the runtime's (test/support/clock-setup.ts); the anchor set
 * here, once, makes every worker and the runtime they drive agree on it (shared/time/clock.ts).
 */
if (process.env.TEST_NOW && !process.env.TEST_NOW_ANCHOR) process.env.TEST_NOW_ANCHOR = String(Date.now());
const setupFiles = ['test/support/clock-setup.ts'];

export default defineConfig({
  test: {
    env: { AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true', POWERTOOLS_LOG_LEVEL: 'SILENT', POWERTOOLS_DEV: 'false' },
    projects: [
      { test: { name: 'unit', include: ['test/unit/**/*.test.ts'], setupFiles } },
      {
        test: {
          name: 'integration',
          include: ['test/adapters/**/*.test.ts', 'test/e2e/**/*.test.ts'],
          globalSetup: ['test/support/global-setup.ts'],
          // Every answer of the runtime is held against the contract it serves (test/support/contract.ts).
          setupFiles: [...setupFiles, 'test/support/contract-setup.ts'],
          testTimeout: 60_000,
          hookTimeout: 90_000,
        },
      },
      { test: { name: 'infra', include: ['test/infra/**/*.test.ts'], setupFiles, testTimeout: 120_000, hookTimeout: 180_000 } },
      // The web console's components, rendered to HTML without a browser.
      { test: { name: 'console', include: ['console/test/**/*.test.{ts,tsx}'] } },
      // The console in headless Chromium (Debian's package, driven by playwright-core) against
      // npm start's runtime with its demo data: one flow, in order, in one file.
      {
        test: {
          name: 'browser',
          include: ['test/browser/**/*.test.ts'],
          globalSetup: ['test/browser/global-setup.ts'],
          setupFiles,
          testTimeout: 180_000,
          hookTimeout: 180_000,
        },
      },
      // The demo year's acceptance test: a month of the demo acted on a runtime of its own (it
      // moves that runtime's clock), then its figures on the API and the console's dashboard.
      {
        test: {
          name: 'demo',
          include: ['test/demo/**/*.test.ts'],
          setupFiles,
          testTimeout: 60_000,
          hookTimeout: 1_800_000,
        },
      },
    ],
  },
});
