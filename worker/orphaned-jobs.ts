import { WorkflowNotFoundError, type Client } from '@temporalio/client';
import type { Storage } from '../src/storage/storage.js';

/**
 * Closes job rows whose workflow ended without closing them (terminated by an operator, timed
 * out, or lost with the server's data), so no job stays `running` forever.
 */
export async function finaliseOrphanedJobs(storage: Storage, client: Client): Promise<number> {
  let finalised = 0;
  for (const job of await storage.runningJobs()) {
    let ending: string;
    try {
      const { status } = await client.workflow.getHandle(job.workflow_id, job.run_id).describe();
      if (status.name === 'RUNNING') continue;
      ending = status.name.toLowerCase().replace('_', ' ');
    } catch (error) {
      if (!(error instanceof WorkflowNotFoundError)) throw error;
      ending = 'missing from Temporal';
    }
    const cancelled = ending === 'cancelled' || ending === 'canceled';
    await storage.finishJob(job.job_id, {
      status: cancelled ? 'cancelled' : 'failed',
      error: cancelled ? null : `the job's workflow ended (${ending}) before the job finished`,
    });
    finalised += 1;
  }
  return finalised;
}
