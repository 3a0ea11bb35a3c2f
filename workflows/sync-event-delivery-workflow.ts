import { proxyActivities, rootCause } from '@temporalio/workflow';
import type { createWebhookActivities } from '../activities/webhook-activities.js';
import type { SyncEventWebhookPayload } from '../src/contracts/sync-health.js';
import type { WebhookDeliveryOutcome } from './webhook-delivery-workflow.js';

type WebhookActivities = ReturnType<typeof createWebhookActivities>;

export interface SyncEventDeliveryWorkflowInput {
  url: string;
  payload: SyncEventWebhookPayload;
}

/** The same retries as a job's webhook (webhook-delivery-workflow.ts). */
const delivering = proxyActivities<WebhookActivities>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '1 minute', maximumAttempts: 6 },
});

/**
 * Delivers one sync-level event (sync.failing, sync.auto_paused), started by the worker activity
 * that decided it. A receiver that never answers 2xx is data, not a failure of this workflow.
 */
export async function syncEventDeliveryWorkflow(input: SyncEventDeliveryWorkflowInput): Promise<WebhookDeliveryOutcome> {
  try {
    await delivering.deliverSyncEvent(input);
    return { delivered: true };
  } catch (error) {
    return { delivered: false, error: rootCause(error) ?? String(error) };
  }
}
