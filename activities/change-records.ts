import { POLICY_ACTOR, type SyncEventAction } from '../src/contracts/sync-health.js';
import type { WorkerMetrics } from '../src/metrics/metrics.js';
import type { Storage } from '../src/storage/storage.js';
import type { ChangeOrigin } from '../src/temporal/change-origin.js';
import { type SyncEventWebhookDeps, sendSyncEvent } from './sync-event-webhooks.js';

export interface ChangeRecordDeps extends SyncEventWebhookDeps {
  storage: Storage;
  metrics: WorkerMetrics;
}

/**
 * What the activities applying a lifecycle change record besides the schedule and the status: the
 * audit event, with who asked (so an operator's change through Temporal is recorded too), why a
 * paused sync is paused, and for an auto-pause its metric and `sync.auto_paused` webhook.
 */
export function changeRecords(deps: ChangeRecordDeps) {
  const { storage } = deps;
  const record = (syncId: number, action: SyncEventAction, detail: Record<string, unknown>, origin: ChangeOrigin) =>
    storage.recordSyncEvent(syncId, { action, detail, actor: origin.actor, request_id: origin.request_id });

  return {
    async paused(syncId: number, origin: ChangeOrigin): Promise<void> {
      const byPolicy = origin.actor === POLICY_ACTOR;
      const message = byPolicy ? (origin.message ?? 'paused by the failure policy') : `paused by ${origin.actor}`;
      await storage.setPausedReason(syncId, { by: byPolicy ? 'policy' : 'user', at: new Date().toISOString(), message });
      if (!byPolicy) return record(syncId, 'pause', {}, origin);
      await record(syncId, 'auto_pause', { message, ...(origin.job_id === undefined ? {} : { job_id: origin.job_id }) }, origin);
      deps.metrics.syncHealthEvent('auto_paused');
      if (origin.job_id !== undefined) await sendSyncEvent(deps, syncId, 'sync.auto_paused', origin.job_id);
    },

    async resumed(syncId: number, origin: ChangeOrigin): Promise<void> {
      await storage.setPausedReason(syncId, null);
      await record(syncId, 'resume', {}, origin);
    },

    triggered(syncId: number, reason: 'manual' | 'resync', clearRecords: boolean, origin: ChangeOrigin): Promise<void> {
      return reason === 'resync'
        ? record(syncId, 'resync', { clear_records: clearRecords }, origin)
        : record(syncId, 'trigger', {}, origin);
    },

    cancelled(syncId: number, origin: ChangeOrigin): Promise<void> {
      return record(syncId, 'cancel', {}, origin);
    },
  };
}
