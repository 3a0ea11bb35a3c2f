import {
  ActivityCancellationType,
  ApplicationFailure,
  CancellationScope,
  isCancellation,
  proxyActivities,
  rootCause,
} from '@temporalio/workflow';
import type { createActivities } from '../activities/index.js';
import { ErrorCode } from '../src/contracts/errors.js';
import type { FetchSummary } from '../src/contracts/job.js';
import type { SyncJobWorkflowInput } from '../src/contracts/messages.js';
import { bookkeepingOptions } from './activity-options.js';

type Activities = ReturnType<typeof createActivities>;

const bookkeeping = proxyActivities<Activities>(bookkeepingOptions);

const fetching = proxyActivities<Activities>({
  startToCloseTimeout: '6 hours',
  // Cancellation reaches an activity only through its heartbeats; the fetch heartbeats every second.
  heartbeatTimeout: '20 seconds',
  // The job is marked cancelled only once the activity has really stopped writing records.
  cancellationType: ActivityCancellationType.WAIT_CANCELLATION_COMPLETED,
  retry: {
    initialInterval: '1 second',
    backoffCoefficient: 2,
    maximumInterval: '1 minute',
    maximumAttempts: 5,
    nonRetryableErrorTypes: [ErrorCode.JobConfiguration, ErrorCode.JobResponse],
  },
});

export type SyncJobOutcome = { job_id: number; summary: FetchSummary } | { job_id: null; skipped: string };

/**
 * One run of a sync, started by the sync's schedule. Records go from the external API straight to
 * the database inside the fetch activity; only counts come back through history.
 */
export async function syncJobWorkflow(input: SyncJobWorkflowInput): Promise<SyncJobOutcome> {
  const job = await bookkeeping.beginJob(input.sync_id);
  if (job === null) return { job_id: null, skipped: `sync ${input.sync_id} is cancelled or gone` };
  try {
    const summary = await fetching.fetchAndStoreRecords({ sync_id: input.sync_id, job_id: job.job_id });
    await bookkeeping.finishJob({ job_id: job.job_id, status: 'succeeded', error: null });
    return { job_id: job.job_id, summary };
  } catch (error) {
    const cancelled = isCancellation(error);
    const message = rootCause(error) ?? String(error);
    await CancellationScope.nonCancellable(() =>
      bookkeeping.finishJob({ job_id: job.job_id, status: cancelled ? 'cancelled' : 'failed', error: cancelled ? null : message }),
    );
    if (cancelled) throw error;
    throw ApplicationFailure.nonRetryable(`job ${job.job_id} failed: ${message}`, 'SyncJobFailed');
  }
}
