import { defineConfig } from 'vitest/config';
import { findPostgresBin } from './test/helpers/postgres-cluster.js';

// The end-to-end files run a second time on PostgreSQL whenever it is installed, and always on CI
// (where global-setup.ts fails the run without it); not those whose storage is not the harness's
// (the entry points build their own, database-gone runs on PostgreSQL already) or that test Temporal
// or the SDK's packaging alone, nor the SDK's and the CLI's clients over the API, nor the dashboard's
// tests (its files, and in a browser the page sees only the API), nor those of the API's and HTTP
// client's own layers (keys, request guards, network policy, hostile servers, logs, metrics: the
// storage calls they make have their own tests on both engines), nor the preview (it stores nothing).
const ENGINE_NEUTRAL_E2E = [
  'entry-points',
  'plain-temporal-server',
  'temporal-tls',
  'temporal-api-key',
  'database-gone',
  'sdk-package',
  'sdk',
  'dashboard',
  'dashboard-browser',
  'api-keys',
  'request-guards',
  'network-policy',
  'hostile-http',
  'structured-logs',
  'metrics',
  'cli',
  'preview',
  'sync-health',
  'audit-trail',
].map((name) => `test/e2e/${name}.test.ts`);
const postgres = findPostgresBin() !== undefined || Boolean(process.env.CI);

export default defineConfig({
  test: {
    // Temporal's native worker misbehaves in worker threads; one file at a time keeps the one
    // dev server of the run unloaded, so timing-sensitive lifecycle tests stay honest.
    pool: 'forks',
    fileParallelism: false,
    globalSetup: ['test/helpers/global-setup.ts'],
    setupFiles: ['test/helpers/test-logs-setup.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    projects: [
      { extends: true, test: { name: 'default', include: ['test/**/*.test.ts'] } },
      ...(postgres
        ? [
            {
              extends: true as const,
              test: {
                name: 'postgres',
                include: ['test/e2e/**/*.test.ts'],
                exclude: ENGINE_NEUTRAL_E2E,
                env: { SYNCD_TEST_STORAGE: 'postgres' },
              },
            },
          ]
        : []),
    ],
  },
});
