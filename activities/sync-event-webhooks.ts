import { type Client, WorkflowExecutionAlreadyStartedError } from '@temporalio/client';
import { WorkflowIdReusePolicy } from '@temporalio/common';
import { syncEventDeliveryWorkflowId } from '../src/contracts/ids.js';
import type { SyncWebhookEvent } from '../src/contracts/sync-health.js';
import { workflowTypes } from '../src/contracts/workflow-types.js';
import { failureReason } from '../src/health/failure-reason.js';
import { pauseAfterOf } from '../src/health/sync-health-view.js';
import type { Storage } from '../src/storage/storage.js';
import type { syncEventDeliveryWorkflow } from '../workflows/sync-event-delivery-workflow.js';

export interface SyncEventWebhookDeps {
  client: Client;
  storage: Storage;
  taskQueue: string;
  defaultWebhookUrl: string | undefined;
  /** pause_after of syncs without their own failure_policy (SYNCD_PAUSE_AFTER_FAILURES). */
  defaultPauseAfter: number | null;
}

/**
 * Starts the delivery of a sync-level event to the sync's webhook URL (else the default one), as
 * its own workflow: signed and retried like a job's webhook. Named after the failed job that
 * caused it, and never started twice under that name, so a retried activity sends it once.
 */
export async function sendSyncEvent(deps: SyncEventWebhookDeps, syncId: number, event: SyncWebhookEvent, jobId: number): Promise<void> {
  const sync = await deps.storage.getSync(syncId);
  const url = sync?.definition.webhook_url ?? deps.defaultWebhookUrl;
  if (sync === null || url === undefined) return;
  const payload = {
    event,
    sync_id: syncId,
    at: new Date().toISOString(),
    consecutive_failures: sync.health.consecutive_failures,
    pause_after: pauseAfterOf(sync.definition.failure_policy, deps.defaultPauseAfter) ?? sync.health.consecutive_failures,
    reason: failureReason(sync.health.last_error),
  };
  try {
    await deps.client.workflow.start<typeof syncEventDeliveryWorkflow>(workflowTypes.syncEventDelivery, {
      workflowId: syncEventDeliveryWorkflowId(syncId, event, jobId),
      workflowIdReusePolicy: WorkflowIdReusePolicy.REJECT_DUPLICATE,
      taskQueue: deps.taskQueue,
      args: [{ url, payload }],
    });
  } catch (error) {
    if (!(error instanceof WorkflowExecutionAlreadyStartedError)) throw error;
  }
}
