import type { SystemOverrides } from '../../app/build-system.js';
import { installRuntimeLogger } from '../../app/runtime-logger.js';
import { testLogger } from './test-logger.js';

/** What every syncd the tests build shares besides its configuration. */
export const TEST_OVERRIDES = {
  logger: testLogger,
  // A loaded test machine may take over a second to describe a schedule; tests assert the confirmed next run.
  timeouts: { readMs: 5_000 },
} satisfies SystemOverrides;

/** For tests that create a Temporal worker themselves: its logs go to the test logger, as a harness's do. */
export function useTestLogger(): void {
  installRuntimeLogger(testLogger);
}
