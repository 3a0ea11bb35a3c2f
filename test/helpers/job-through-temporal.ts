import type { Job } from '../../src/contracts/job.js';
import { numberedRecords } from './fake-api.js';
import { type HarnessOptions, startHarness } from './harness.js';

/**
 * Starts syncd (API and worker) against the Temporal at `options.address`, runs one job of three
 * records through it and stops: whether a connection setting works end to end.
 */
export async function jobThroughTemporal(options: Pick<HarnessOptions, 'address' | 'workflowBundlePath' | 'env'>): Promise<Job> {
  const h = await startHarness(options);
  try {
    h.fakeApi.reset(numberedRecords(3));
    const { sync_id: syncId } = await h.createSync({ url: h.fakeApi.url('/items'), paused: true });
    return await h.runJob(syncId);
  } finally {
    await h.stop();
  }
}
