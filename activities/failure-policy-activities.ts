import { Context } from '@temporalio/activity';
import type { Client } from '@temporalio/client';
import { syncWorkflowId } from '../src/contracts/ids.js';
import { POLICY_ACTOR } from '../src/contracts/sync-health.js';
import { autoPauseMessage, policyStep } from '../src/health/failure-policy.js';
import { failureReason } from '../src/health/failure-reason.js';
import { pauseAfterOf } from '../src/health/sync-health-view.js';
import type { WorkerMetrics } from '../src/metrics/metrics.js';
import type { Storage } from '../src/storage/storage.js';
import { pauseUpdate } from '../src/temporal/messages.js';
import { type SyncEventWebhookDeps, sendSyncEvent } from './sync-event-webhooks.js';

export interface FailurePolicyDeps extends SyncEventWebhookDeps {
  client: Client;
  storage: Storage;
  metrics: WorkerMetrics;
}

export function createFailurePolicyActivities(deps: FailurePolicyDeps) {
  const { client, storage } = deps;
  return {
    /**
     * Applies the sync's failure policy after one of its jobs failed (the job is closed, so the
     * counters on the sync's row include it): warns once at half of pause_after, and at
     * pause_after pauses the sync through its entity workflow's pause update, the user's path,
     * under its lock. A sync paused or cancelled meanwhile is left alone (the update is a no-op or
     * refused); the pause records its own audit event, metric and webhook (change-records.ts).
     */
    async applyFailurePolicy(input: { sync_id: number; job_id: number }): Promise<void> {
      const sync = await storage.getSync(input.sync_id);
      if (sync === null || sync.status !== 'active') return;
      const pauseAfter = pauseAfterOf(sync.definition.failure_policy, deps.defaultPauseAfter);
      const failures = sync.health.consecutive_failures;
      const step = policyStep(failures, pauseAfter);
      if (step === 'warn') {
        deps.metrics.syncHealthEvent('failing');
        await sendSyncEvent(deps, input.sync_id, 'sync.failing', input.job_id);
      }
      if (step !== 'pause' || pauseAfter === null) return;
      const message = autoPauseMessage(failures, pauseAfter, failureReason(sync.health.last_error));
      const handle = client.workflow.getHandle(syncWorkflowId(input.sync_id));
      try {
        // Abortable: a worker shutting down cancels this activity, and the update it waits for may
        // need a workflow task only this (stopping) worker would run. The retry finds it applied or not.
        await client.withAbortSignal(Context.current().cancellationSignal, () =>
          handle.executeUpdate(pauseUpdate, { args: [{ actor: POLICY_ACTOR, request_id: null, message, job_id: input.job_id }] }),
        );
      } catch (error) {
        if (Context.current().cancellationSignal.aborted) throw error;
        // Refused because the sync was cancelled (or deleted) meanwhile: nothing left to pause.
        const now = await storage.getSync(input.sync_id);
        if (now === null || now.status === 'cancelled') return;
        throw error;
      }
    },
  };
}
