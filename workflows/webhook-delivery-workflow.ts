import { CancellationScope, isCancellation, proxyActivities, rootCause } from '@temporalio/workflow';
import type { createWebhookActivities } from '../activities/webhook-activities.js';
import { DEFAULT_WEBHOOK_RETRY_INITIAL_MS, WEBHOOK_RETRY_MAXIMUM_MS } from '../src/contracts/webhook-retry.js';
import { bookkeepingOptions } from './activity-options.js';

type WebhookActivities = ReturnType<typeof createWebhookActivities>;

export interface WebhookDeliveryWorkflowInput {
  job_id: number;
  delivery_id: number;
  /** The wait before the second attempt (the worker's SYNCD_WEBHOOK_RETRY_INITIAL_MS); absent in older histories. */
  retry_initial_ms?: number;
}

/**
 * The delivery's workflow id. The job's workflow id alone is not enough: the schedule names job
 * runs after the second they were triggered in, so two jobs triggered within one second share it.
 */
export const webhookDeliveryWorkflowId = (jobWorkflowId: string, jobId: number): string => `${jobWorkflowId}-webhook-${jobId}`;

export type WebhookDeliveryOutcome = { delivered: true } | { delivered: false; error: string };

/** Six attempts, each wait twice the one before, from the worker's first wait. */
function deliveringWith(initialMs: number) {
  return proxyActivities<WebhookActivities>({
    // One attempt is one POST with a 10 s timeout; the rest is the database.
    startToCloseTimeout: '30 seconds',
    retry: { initialInterval: initialMs, backoffCoefficient: 2, maximumInterval: WEBHOOK_RETRY_MAXIMUM_MS, maximumAttempts: 6 },
  });
}

const bookkeeping = proxyActivities<WebhookActivities>(bookkeepingOptions);

/**
 * Delivers the webhook of one finished job, started by the job workflow, which does not wait for
 * it. A receiver that never answers 2xx is data (the delivery is marked failed), not a failure of
 * this workflow: it completes normally either way.
 */
export async function webhookDeliveryWorkflow(input: WebhookDeliveryWorkflowInput): Promise<WebhookDeliveryOutcome> {
  try {
    const delivering = deliveringWith(input.retry_initial_ms ?? DEFAULT_WEBHOOK_RETRY_INITIAL_MS);
    await delivering.deliverWebhook({ delivery_id: input.delivery_id, job_id: input.job_id });
    return { delivered: true };
  } catch (error) {
    const cancelled = isCancellation(error);
    const message = cancelled ? 'delivery cancelled' : (rootCause(error) ?? String(error));
    // An operator who cancels the delivery still leaves it closed rather than pending forever.
    await CancellationScope.nonCancellable(() =>
      bookkeeping.markWebhookFailed({ delivery_id: input.delivery_id, job_id: input.job_id, error: message }),
    );
    if (cancelled) throw error;
    return { delivered: false, error: message };
  }
}
