import { Context } from '@temporalio/activity';
import {
  type Client,
  ScheduleAlreadyRunning,
  type ScheduleHandle,
  ScheduleNotFoundError,
  ScheduleOverlapPolicy,
  WorkflowFailedError,
  WorkflowNotFoundError,
} from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import { ErrorCode } from '../src/contracts/errors.js';
import { syncScheduleId } from '../src/contracts/ids.js';
import type { SyncSchedule } from '../src/contracts/schedule.js';
import type { SyncStatus } from '../src/contracts/sync.js';
import type { Storage } from '../src/storage/storage.js';
import type { ChangeOrigin } from '../src/temporal/change-origin.js';
import { type ChangeRecordDeps, changeRecords } from './change-records.js';
import { nextRunOf, recordNextRunAt, storeNextRun } from './next-run.js';
import { missingSchedule, rejectedSchedule } from './schedule-errors.js';
import { catchupWindowSeconds, scheduleSpecFor } from './schedule-spec.js';
import { changed, sendAndAwait, startAdded } from './scheduler-handoff.js';
import { syncScheduleOptions } from './sync-schedule-options.js';

/** A job workflow the schedule started and that still runs. */
export interface RunningJob {
  workflowId: string;
  firstExecutionRunId: string;
}

export interface ScheduleActivityDeps extends ChangeRecordDeps {
  client: Client;
  storage: Storage;
  /** Where the schedule starts job workflows. */
  taskQueue: string;
}

/**
 * The schedule operations of a sync's entity workflow. Each is idempotent, so a retry after a
 * crash leaves the schedule in the state the workflow asked for.
 */
export function createScheduleActivities(deps: ScheduleActivityDeps) {
  const { client, storage, taskQueue } = deps;
  const records = changeRecords(deps);
  const handleOf = (syncId: number) => client.schedule.getHandle(syncScheduleId(syncId));

  /**
   * Runs `call` on the sync's schedule, which must exist: one deleted outside syncd fails the
   * workflow's call for good (`missingSchedule`); any other error goes through `otherwise`.
   */
  const onSchedule = async <T>(
    syncId: number,
    call: (handle: ScheduleHandle) => Promise<T>,
    otherwise: (error: unknown) => unknown = (error) => error,
  ): Promise<T> => {
    try {
      return await call(handleOf(syncId));
    } catch (error) {
      if (error instanceof ScheduleNotFoundError) throw missingSchedule(syncId);
      throw otherwise(error);
    }
  };

  /** A job is always started through the schedule, so its overlap policy keeps one job at a time. */
  const triggerThroughSchedule = async (
    syncId: number,
    reason: 'create' | 'manual' | 'resume' | 'resync',
    clearRecords = false,
  ): Promise<void> => {
    await storage.setPendingTrigger(syncId, reason, { clearRecords });
    await sendChange(syncId, (handle) => handle.trigger(ScheduleOverlapPolicy.BUFFER_ONE), startAdded);
  };

  /**
   * Sends one change to the sync's schedule, waits until the scheduler shows it applied, and
   * stores the next run that same describe showed, so no change can leave `next_run_at` behind.
   */
  const sendChange = async (
    syncId: number,
    send: (handle: ScheduleHandle) => Promise<void>,
    applied: Parameters<typeof sendAndAwait>[2],
    otherwise?: (error: unknown) => unknown,
  ): Promise<void> => {
    const { description, observedAt } = await onSchedule(syncId, (handle) => sendAndAwait(handle, () => send(handle), applied), otherwise);
    await storeNextRun(storage, syncId, nextRunOf(description), observedAt);
  };

  /** Changes the spec in place, re-phased at `phaseAtMs`, keeping history; with `unpause`, also unpauses. */
  const updateSchedule = async (syncId: number, schedule: SyncSchedule, phaseAtMs: number, unpause?: { note: string }): Promise<void> => {
    await sendChange(
      syncId,
      (handle) =>
        handle.update((previous) => ({
          ...previous,
          spec: scheduleSpecFor(schedule, phaseAtMs),
          policies: { ...previous.policies, catchupWindow: `${catchupWindowSeconds(schedule)}s` },
          state: unpause ? { ...previous.state, paused: false, note: unpause.note } : previous.state,
        })),
      changed,
      (error) => rejectedSchedule(error, syncId),
    );
  };

  return {
    /**
     * Creates the schedule and, unless paused, starts the first job through `trigger(BUFFER_ONE)`.
     * Not through the create call's `triggerImmediately`: the SDK sends that with ALLOW_ALL, and the
     * scheduler does not track ALLOW_ALL runs, so a trigger during the first job would overlap it
     * or collide with its workflow id and vanish. A retry after the create landed triggers again
     * only if the schedule has started nothing yet.
     */
    async createSyncSchedule(input: { sync_id: number; schedule: SyncSchedule; paused: boolean; phase_at_ms: number }): Promise<void> {
      let created = true;
      try {
        await client.schedule.create(syncScheduleOptions({ ...input, note: `sync ${input.sync_id}`, taskQueue }));
      } catch (error) {
        if (!(error instanceof ScheduleAlreadyRunning)) throw rejectedSchedule(error, input.sync_id);
        created = false;
      }
      if (input.paused) return;
      if (!created) {
        const { info } = await handleOf(input.sync_id).describe();
        if (info.recentActions.length > 0 || info.runningActions.length > 0) return recordNextRunAt(client, storage, input.sync_id);
      }
      await triggerThroughSchedule(input.sync_id, 'create');
    },

    async pauseSyncSchedule(syncId: number): Promise<void> {
      await sendChange(
        syncId,
        (handle) => handle.pause(`sync ${syncId} paused`),
        () => (_, description) => description.state.paused,
      );
    },

    /** Re-phases an interval at the resume time, unpauses, and starts a job at once. */
    async resumeSyncSchedule(input: { sync_id: number; schedule: SyncSchedule; phase_at_ms: number }): Promise<void> {
      await updateSchedule(input.sync_id, input.schedule, input.phase_at_ms, { note: `sync ${input.sync_id} resumed` });
      await triggerThroughSchedule(input.sync_id, 'resume');
    },

    async triggerSyncJob(syncId: number): Promise<void> {
      await triggerThroughSchedule(syncId, 'manual');
    },

    async triggerResync(input: { sync_id: number; clear_records: boolean }): Promise<void> {
      await triggerThroughSchedule(input.sync_id, 'resync', input.clear_records);
    },

    /** Changes the spec in place (re-phased at `phase_at_ms`): what histories before `applyStoredSchedule` call. */
    async updateSyncSchedule(input: { sync_id: number; schedule: SyncSchedule; phase_at_ms: number }): Promise<void> {
      await updateSchedule(input.sync_id, input.schedule, input.phase_at_ms);
    },

    /**
     * Brings the schedule in line with the sync's stored definition and answers the schedule it
     * applied. Reading the database here, under the entity workflow's lock, means concurrent
     * PATCHes end with the schedule of the last definition stored, whatever order they arrive in.
     */
    async applyStoredSchedule(input: { sync_id: number; phase_at_ms: number }): Promise<SyncSchedule> {
      const sync = await storage.getSync(input.sync_id);
      if (!sync) throw ApplicationFailure.nonRetryable(`sync ${input.sync_id} does not exist`, ErrorCode.SyncWorkflowClosed);
      await updateSchedule(input.sync_id, sync.definition.schedule, input.phase_at_ms);
      return sync.definition.schedule;
    },

    /** Deletes the schedule (dropping any buffered job) and returns the jobs still running. */
    async removeSyncSchedule(syncId: number): Promise<RunningJob[]> {
      const handle = handleOf(syncId);
      try {
        const description = await handle.describe();
        await handle.delete();
        await storeNextRun(storage, syncId, null, new Date());
        return description.info.runningActions.map((action) => action.workflow);
      } catch (error) {
        if (error instanceof ScheduleNotFoundError) return [];
        throw error;
      }
    },

    /**
     * Cancels running jobs and waits until each has marked itself cancelled; abortable, since a
     * worker shutting down cancels this activity and may be the one the jobs' tasks wait for.
     */
    async cancelSyncJobs(jobs: RunningJob[]): Promise<void> {
      const cancelEach = () =>
        Promise.all(
          jobs.map(async ({ workflowId, firstExecutionRunId }) => {
            const handle = client.workflow.getHandle(workflowId, firstExecutionRunId);
            try {
              await handle.cancel();
              await handle.result();
            } catch (error) {
              // A job that ended meanwhile, or ended as cancelled, is what we want.
              if (error instanceof WorkflowNotFoundError || error instanceof WorkflowFailedError) return;
              throw error;
            }
          }),
        );
      await client.withAbortSignal(Context.current().cancellationSignal, cancelEach);
    },

    /** With an origin, the change is a cancel someone asked for: recorded in the audit trail. */
    async recordSyncStatus(syncId: number, status: SyncStatus, origin?: ChangeOrigin): Promise<void> {
      await storage.setSyncStatus(syncId, status);
      if (origin !== undefined && status === 'cancelled') await records.cancelled(syncId, origin);
    },
  };
}
