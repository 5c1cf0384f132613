// Browser specs: `npm run test:e2e` (tests/e2e/run.mjs) finds Chromium, builds, then runs this config.
// Files run one after another: each launches its own Chromium, and two at once on a 2-core machine
// make MapLibre's software rendering (SwiftShader) slow enough to turn timeouts flaky.
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/e2e/**/*.e2e.ts'],
    environment: 'node',
    globalSetup: ['tests/e2e/global-setup.ts'],
    fileParallelism: false,
    testTimeout: 60_000,
    hookTimeout: 120_000,
    teardownTimeout: 30_000,
    // a retry would hide exactly the flakiness these tests are meant to show
    retry: 0,
  },
});
