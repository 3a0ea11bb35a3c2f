import { type Client, WorkflowNotFoundError } from '@temporalio/client';
import type { Logger } from '@temporalio/common';
import type { WorkerMetrics } from '../src/metrics/metrics.js';
import type { Storage } from '../src/storage/storage.js';

/**
 * Closes job rows whose workflow ended without closing them (terminated by an operator, timed
 * out, or lost with the server's data), so no job stays `running` forever.
 */
export async function finaliseOrphanedJobs(storage: Storage, client: Client, metrics?: WorkerMetrics): Promise<number> {
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
    const finished = await storage.finishJob(job.job_id, {
      status: cancelled ? 'cancelled' : 'failed',
      error: cancelled
        ? null
        : { class: 'internal', code: 'workflow_ended', message: `the job's workflow ended (${ending}) before the job finished` },
    });
    metrics?.jobFinished(finished);
    finalised += 1;
  }
  return finalised;
}

/** Sweeps at once and then every `everyMs`; `stop` waits for a sweep in flight, so storage can close after it. */
export function startOrphanSweep(
  storage: Storage,
  client: Client,
  everyMs: number,
  logger: Logger,
  metrics: WorkerMetrics,
): { stop(): Promise<void> } {
  let inFlight: Promise<void> = Promise.resolve();
  const sweep = () => {
    inFlight = finaliseOrphanedJobs(storage, client, metrics).then(
      () => undefined,
      (error: unknown) => logger.error('finalising orphaned jobs failed', { error }),
    );
  };
  sweep();
  const timer = setInterval(sweep, everyMs);
  return {
    async stop() {
      clearInterval(timer);
      await inFlight;
    },
  };
}
