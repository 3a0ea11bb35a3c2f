import { WorkflowExecutionAlreadyStartedError } from '@temporalio/common';
import {
  ActivityCancellationType,
  ApplicationFailure,
  CancellationScope,
  isCancellation,
  ParentClosePolicy,
  patched,
  proxyActivities,
  proxyLocalActivities,
  startChild,
  workflowInfo,
} from '@temporalio/workflow';
import { classifyFailure } from '../activities/failure-class.js';
import type { createActivities } from '../activities/index.js';
import { ErrorCode } from '../src/contracts/errors.js';
import {
  DEFAULT_FETCH_HEARTBEAT_TIMEOUT_MS,
  DEFAULT_FETCH_RETRY_INITIAL_MS,
  FETCH_RETRY_MAXIMUM_MS,
} from '../src/contracts/fetch-timing.js';
import type { FetchSummary } from '../src/contracts/job.js';
import type { SyncJobWorkflowInput } from '../src/temporal/messages.js';
import { bookkeepingOptions } from './activity-options.js';
import { webhookDeliveryWorkflow, webhookDeliveryWorkflowId } from './webhook-delivery-workflow.js';

type Activities = ReturnType<typeof createActivities>;

const bookkeeping = proxyActivities<Activities>(bookkeepingOptions);
/**
 * A job's short bookkeeping (its row opened and closed, its webhook prepared) runs as local
 * activities: no task queue round trip, and one workflow task where there were three, which halves
 * what Temporal does per job when a thousand syncs run every minute.
 */
const localBookkeeping = proxyLocalActivities<Activities>(bookkeepingOptions);
/** Histories recorded before it ran the bookkeeping as ordinary activities. */
const LOCAL_JOB_BOOKKEEPING = 'local-job-bookkeeping';

type Bookkeeping = typeof bookkeeping;

/** The fetch's options, with the heartbeat timeout and first retry wait of the worker that began the job. */
const fetchingWith = (heartbeatTimeoutMs: number, retryInitialMs: number) =>
  proxyActivities<Activities>({
    startToCloseTimeout: '6 hours',
    // Cancellation reaches an activity only through its heartbeats; the fetch heartbeats every second.
    heartbeatTimeout: heartbeatTimeoutMs,
    // The job is marked cancelled only once the activity has really stopped writing records.
    cancellationType: ActivityCancellationType.WAIT_CANCELLATION_COMPLETED,
    retry: {
      initialInterval: retryInitialMs,
      backoffCoefficient: 2,
      maximumInterval: FETCH_RETRY_MAXIMUM_MS,
      maximumAttempts: 5,
      nonRetryableErrorTypes: [ErrorCode.JobConfiguration, ErrorCode.JobResponse],
    },
  });

/**
 * Starts the webhook delivery of a finished job, when its sync has a webhook URL, as a child the
 * job does not wait for: the schedule's BUFFER_ONE overlap would otherwise hold the sync's next job
 * behind a slow or failing receiver. ABANDON lets the delivery outlive the job workflow.
 */
async function announceJobEnd(jobId: number, books: Bookkeeping): Promise<void> {
  // Histories recorded before webhooks existed go straight from finishJob to completion.
  if (!patched('job-webhooks')) return;
  const delivery = await books.prepareWebhookDelivery(jobId);
  if (delivery === null) return;
  try {
    await startChild(webhookDeliveryWorkflow, {
      workflowId: webhookDeliveryWorkflowId(workflowInfo().workflowId, jobId),
      args: [{ job_id: jobId, delivery_id: delivery.delivery_id, retry_initial_ms: delivery.retry_initial_ms }],
      parentClosePolicy: ParentClosePolicy.ABANDON,
    });
  } catch (error) {
    // A reset run of this job finds the delivery its first run started still under way.
    if (!(error instanceof WorkflowExecutionAlreadyStartedError)) throw error;
  }
}

export type SyncJobOutcome = { job_id: number; summary: FetchSummary } | { job_id: null; skipped: string };

/**
 * One run of a sync, started by the sync's schedule. Records go from the external API straight to
 * the database inside the fetch activity; only counts come back through history.
 */
export async function syncJobWorkflow(input: SyncJobWorkflowInput): Promise<SyncJobOutcome> {
  const books = patched(LOCAL_JOB_BOOKKEEPING) ? localBookkeeping : bookkeeping;
  const job = await books.beginJob(input.sync_id);
  if (job === null) return { job_id: null, skipped: `sync ${input.sync_id} is cancelled or gone` };
  const fetching = fetchingWith(
    job.fetch_heartbeat_timeout_ms ?? DEFAULT_FETCH_HEARTBEAT_TIMEOUT_MS,
    job.fetch_retry_initial_ms ?? DEFAULT_FETCH_RETRY_INITIAL_MS,
  );
  try {
    const summary = await fetching.fetchAndStoreRecords({ sync_id: input.sync_id, job_id: job.job_id });
    await books.finishJob({ job_id: job.job_id, status: 'succeeded', error: null });
    // The job row is closed: its webhook goes out even if a cancel arrives now.
    await CancellationScope.nonCancellable(() => announceJobEnd(job.job_id, books));
    return { job_id: job.job_id, summary };
  } catch (error) {
    const cancelled = isCancellation(error);
    // Pure, so replay decides alike; what changed since older histories is only finishJob's input,
    // which replay does not compare, so no patch is needed.
    const failure = cancelled ? null : classifyFailure(error);
    await CancellationScope.nonCancellable(async () => {
      await books.finishJob({ job_id: job.job_id, status: cancelled ? 'cancelled' : 'failed', error: failure });
      await announceJobEnd(job.job_id, books);
      // Histories recorded before the failure policy existed end with the webhook.
      if (!cancelled && patched('failure-policy')) await bookkeeping.applyFailurePolicy({ sync_id: input.sync_id, job_id: job.job_id });
    });
    if (failure === null) throw error;
    throw ApplicationFailure.nonRetryable(`job ${job.job_id} failed: ${failure.message}`, 'SyncJobFailed', failure);
  }
}
