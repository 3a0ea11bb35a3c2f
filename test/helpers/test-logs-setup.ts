// Vitest setup file: a failing test prints what syncd and Temporal's runtime logged during it,
// which stays quiet while tests pass (see test-logger.ts).
import { beforeEach } from 'vitest';
import { format, testLogger } from './test-logger.js';

beforeEach((context) => {
  const mark = testLogger.mark();
  context.onTestFailed(() => {
    const records = testLogger.since(mark);
    if (records.length === 0) return;
    process.stderr.write(`--- logged during "${context.task.name}" (${records.length}) ---\n${records.map(format).join('\n')}\n---\n`);
  });
});
