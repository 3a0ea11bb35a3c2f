import { defineQuery, defineUpdate } from '@temporalio/workflow';
import type { SyncSchedule } from '../contracts/schedule.js';
import type { SyncStatus } from '../contracts/sync.js';
import type { ChangeOrigin } from './change-origin.js';

export interface SyncWorkflowInput {
  sync_id: number;
  schedule: SyncSchedule;
  status: Exclude<SyncStatus, 'cancelled'>;
  /** True when continued-as-new: the schedule exists already. */
  schedule_ready?: boolean;
}

export interface SyncJobWorkflowInput {
  sync_id: number;
}

/** What every lifecycle update answers: the sync's state once the change is applied everywhere. */
export interface SyncLifecycle {
  sync_id: number;
  status: SyncStatus;
}

/**
 * Who asked, for the audit trail. Required in the types (the SDK's executeUpdate typings refuse an
 * optional tuple element) but absent at runtime when the sender gave none: the Temporal CLI and
 * histories recorded before origins existed; handlers read that as the operator.
 */
type OriginArgs = [ChangeOrigin | null];

/** Answers once the schedule exists, so a created sync is ready to show its next run. */
export const readyUpdate = defineUpdate<SyncLifecycle>('ready');
export const pauseUpdate = defineUpdate<SyncLifecycle, OriginArgs>('pause');
export const resumeUpdate = defineUpdate<SyncLifecycle, OriginArgs>('resume');
export const cancelUpdate = defineUpdate<SyncLifecycle, OriginArgs>('cancel');
export const triggerUpdate = defineUpdate<SyncLifecycle, OriginArgs>('trigger');
/** Runs a full job now (no incremental cursor); `clear_records` empties the sync's records first. */
export const resyncUpdate = defineUpdate<SyncLifecycle, [{ clear_records: boolean }, ChangeOrigin | null]>('resync');
/** Changes when jobs run; the schedule is updated in place, not recreated. */
export const rescheduleUpdate = defineUpdate<SyncLifecycle, [SyncSchedule]>('reschedule');
export const lifecycleQuery = defineQuery<SyncLifecycle>('lifecycle');

export const lifecycleUpdates = {
  pause: pauseUpdate,
  resume: resumeUpdate,
  cancel: cancelUpdate,
  trigger: triggerUpdate,
} as const;
