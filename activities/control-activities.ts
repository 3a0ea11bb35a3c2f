import { type Client, ScheduleNotFoundError, ScheduleOverlapPolicy } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import { ErrorCode } from '../src/contracts/errors.js';
import { syncScheduleId } from '../src/contracts/ids.js';
import type { SyncSchedule } from '../src/contracts/schedule.js';
import type { Storage } from '../src/storage/storage.js';
import type { ChangeOrigin } from '../src/temporal/change-origin.js';
import { type ChangeRecordDeps, changeRecords } from './change-records.js';
import { missingSchedule, rejectedSchedule } from './schedule-errors.js';
import { ScheduleReplacer } from './schedule-replacer.js';
import { firstIntervalRunAfter } from './schedule-spec.js';
import { syncScheduleUpdate } from './sync-schedule-options.js';

export interface ControlActivityDeps extends ChangeRecordDeps {
  client: Client;
  storage: Storage;
  /** Where the schedule starts job workflows. */
  taskQueue: string;
}

/**
 * Pause, resume, trigger, resync and reschedule: one activity each, short enough to run as a
 * local activity inside the entity workflow's update (no task queue round trip), and sending the
 * scheduler at most one message of each kind without describing the schedule first.
 *
 * Temporal's scheduler keeps only the last patch and the last full update it receives per wake-up,
 * applying the patch first. So the paused state and the spec travel only in full updates written
 * from what syncd owns (the last one is always the latest change, whole), and patches carry only
 * triggers, which lose nothing when merged: a job that starts after both serves both.
 */
export function createControlActivities(deps: ControlActivityDeps) {
  const { client, storage, taskQueue } = deps;
  const records = changeRecords(deps);
  const handleOf = (syncId: number) => client.schedule.getHandle(syncScheduleId(syncId));
  const replacer = new ScheduleReplacer({
    connection: client.connection,
    namespace: client.options.namespace,
    dataConverter: client.options.dataConverter,
  });

  const onSchedule = async <T>(syncId: number, call: () => Promise<T>): Promise<T> => {
    try {
      return await call();
    } catch (error) {
      if (error instanceof ScheduleNotFoundError) throw missingSchedule(syncId);
      throw rejectedSchedule(error, syncId);
    }
  };

  /** Writes the whole schedule, phased now; answers its next run (none while paused). */
  const write = async (syncId: number, schedule: SyncSchedule, paused: boolean, note: string): Promise<Date | null> => {
    const phaseAtMs = Date.now();
    const shape = { sync_id: syncId, schedule, phase_at_ms: phaseAtMs, paused, note, taskQueue };
    await onSchedule(syncId, () => replacer.replace(syncScheduleId(syncId), syncScheduleUpdate(shape)));
    if (paused) return null;
    if (schedule.type === 'interval') return firstIntervalRunAfter(schedule.every_seconds, phaseAtMs);
    // A describe is a query, answered only once the scheduler has taken in the update sent above.
    const description = await onSchedule(syncId, () => handleOf(syncId).describe());
    return description.info.nextActionTimes[0] ?? null;
  };

  const trigger = async (syncId: number, reason: 'manual' | 'resume' | 'resync', clearRecords = false): Promise<void> => {
    await storage.setPendingTrigger(syncId, reason, { clearRecords });
    await onSchedule(syncId, () => handleOf(syncId).trigger(ScheduleOverlapPolicy.BUFFER_ONE));
  };

  return {
    async pauseSync(input: { sync_id: number; schedule: SyncSchedule; origin: ChangeOrigin }): Promise<void> {
      await write(input.sync_id, input.schedule, true, `sync ${input.sync_id} paused`);
      await storage.setSyncStatus(input.sync_id, 'paused');
      await storage.setNextRunAt(input.sync_id, null, new Date());
      await records.paused(input.sync_id, input.origin);
    },

    /** Unpaused and re-phased now, and a job at once; the scheduler runs them in either order alike. */
    async resumeSync(input: { sync_id: number; schedule: SyncSchedule; origin: ChangeOrigin }): Promise<void> {
      await storage.setSyncStatus(input.sync_id, 'active');
      await records.resumed(input.sync_id, input.origin);
      const nextRunAt = await write(input.sync_id, input.schedule, false, `sync ${input.sync_id} resumed`);
      const observedAt = new Date();
      await trigger(input.sync_id, 'resume');
      await storage.setNextRunAt(input.sync_id, nextRunAt, observedAt);
    },

    /** A job now, through the schedule (one at a time); the next scheduled run does not move. */
    async triggerSync(input: {
      sync_id: number;
      reason: 'manual' | 'resync';
      clear_records: boolean;
      origin: ChangeOrigin;
    }): Promise<void> {
      await trigger(input.sync_id, input.reason, input.clear_records);
      await records.triggered(input.sync_id, input.reason, input.clear_records, input.origin);
    },

    /**
     * Applies the stored definition's schedule, re-phased now, keeping the paused state the entity
     * workflow holds, and answers the schedule applied. Read under the workflow's lock, so racing
     * PATCHes end with the schedule of the last definition stored.
     */
    async rescheduleSync(input: { sync_id: number; paused: boolean }): Promise<SyncSchedule> {
      const sync = await storage.getSync(input.sync_id);
      if (!sync) throw ApplicationFailure.nonRetryable(`sync ${input.sync_id} does not exist`, ErrorCode.SyncWorkflowClosed);
      const { schedule } = sync.definition;
      const note = `sync ${input.sync_id}${input.paused ? ' paused' : ''}`;
      const nextRunAt = await write(input.sync_id, schedule, input.paused, note);
      await storage.setNextRunAt(input.sync_id, nextRunAt, new Date());
      return schedule;
    },
  };
}
