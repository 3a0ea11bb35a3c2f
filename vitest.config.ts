import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Temporal's native worker misbehaves in worker threads; one file at a time keeps the one
    // dev server of the run unloaded, so timing-sensitive lifecycle tests stay honest.
    pool: 'forks',
    fileParallelism: false,
    globalSetup: ['test/helpers/global-setup.ts'],
    setupFiles: ['test/helpers/test-logs-setup.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
  },
});
