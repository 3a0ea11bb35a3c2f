import { ApplicationFailure } from '@temporalio/common';
import { ScheduleAlreadyRunning, ScheduleNotFoundError, ScheduleOverlapPolicy, WorkflowFailedError, WorkflowNotFoundError, type Client } from '@temporalio/client';
import { ErrorCode } from '../src/contracts/errors.js';
import { syncJobWorkflowIdPrefix, syncScheduleId } from '../src/contracts/ids.js';
import type { SyncSchedule } from '../src/contracts/schedule.js';
import { SyncIdAttribute } from '../src/contracts/search-attributes.js';
import type { SyncStatus } from '../src/contracts/sync.js';
import type { Storage } from '../src/storage/storage.js';
import { catchupWindowSeconds, scheduleSpecFor } from './schedule-spec.js';

/** A job workflow the schedule started and that still runs. */
export interface RunningJob {
  workflowId: string;
  firstExecutionRunId: string;
}

export interface ScheduleActivityDeps {
  client: Client;
  storage: Storage;
  /** Where the schedule starts job workflows. */
  taskQueue: string;
}

function missingSchedule(syncId: number): ApplicationFailure {
  return ApplicationFailure.nonRetryable(
    `the schedule of sync ${syncId} was deleted outside syncd; cancel the sync and create it again`,
    ErrorCode.SyncWorkflowClosed,
  );
}

/**
 * The schedule operations of a sync's entity workflow. Each is idempotent, so a retry after a
 * crash leaves the schedule in the state the workflow asked for.
 */
export function createScheduleActivities({ client, storage, taskQueue }: ScheduleActivityDeps) {
  const handleOf = (syncId: number) => client.schedule.getHandle(syncScheduleId(syncId));

  /** A job is always started through the schedule, so its overlap policy keeps one job at a time. */
  const triggerThroughSchedule = async (syncId: number, reason: 'manual' | 'resume' | 'resync', clearRecords = false): Promise<void> => {
    await storage.setPendingTrigger(syncId, reason, { clearRecords });
    try {
      await handleOf(syncId).trigger(ScheduleOverlapPolicy.BUFFER_ONE);
    } catch (error) {
      if (error instanceof ScheduleNotFoundError) throw missingSchedule(syncId);
      throw error;
    }
  };

  return {
    async createSyncSchedule(input: { sync_id: number; schedule: SyncSchedule; paused: boolean; phase_at_ms: number }): Promise<void> {
      if (!input.paused) await storage.setPendingTrigger(input.sync_id, 'create');
      try {
        await client.schedule.create({
          scheduleId: syncScheduleId(input.sync_id),
          spec: scheduleSpecFor(input.schedule, input.phase_at_ms),
          action: {
            type: 'startWorkflow',
            workflowType: 'syncJobWorkflow',
            workflowId: syncJobWorkflowIdPrefix(input.sync_id),
            taskQueue,
            args: [{ sync_id: input.sync_id }],
            typedSearchAttributes: [{ key: SyncIdAttribute, value: input.sync_id }],
          },
          policies: {
            // One job at a time; a job due while one runs waits, and at most one waits.
            overlap: ScheduleOverlapPolicy.BUFFER_ONE,
            catchupWindow: `${catchupWindowSeconds(input.schedule)}s`,
            pauseOnFailure: false,
          },
          typedSearchAttributes: [{ key: SyncIdAttribute, value: input.sync_id }],
          state: { paused: input.paused, triggerImmediately: !input.paused, note: `sync ${input.sync_id}` },
        });
      } catch (error) {
        if (!(error instanceof ScheduleAlreadyRunning)) throw error;
      }
    },

    async pauseSyncSchedule(syncId: number): Promise<void> {
      try {
        await handleOf(syncId).pause(`sync ${syncId} paused`);
      } catch (error) {
        if (error instanceof ScheduleNotFoundError) throw missingSchedule(syncId);
        throw error;
      }
    },

    /** Re-phases an interval at the resume time, unpauses, and starts a job at once. */
    async resumeSyncSchedule(input: { sync_id: number; schedule: SyncSchedule; phase_at_ms: number }): Promise<void> {
      try {
        await handleOf(input.sync_id).update((previous) => ({
          ...previous,
          spec: scheduleSpecFor(input.schedule, input.phase_at_ms),
          state: { ...previous.state, paused: false, note: `sync ${input.sync_id} resumed` },
        }));
      } catch (error) {
        if (error instanceof ScheduleNotFoundError) throw missingSchedule(input.sync_id);
        throw error;
      }
      await triggerThroughSchedule(input.sync_id, 'resume');
    },

    async triggerSyncJob(syncId: number): Promise<void> {
      await triggerThroughSchedule(syncId, 'manual');
    },

    async triggerResync(input: { sync_id: number; clear_records: boolean }): Promise<void> {
      await triggerThroughSchedule(input.sync_id, 'resync', input.clear_records);
    },

    /** Changes the spec in place (re-phased at `phase_at_ms`), keeping paused state and history. */
    async updateSyncSchedule(input: { sync_id: number; schedule: SyncSchedule; phase_at_ms: number }): Promise<void> {
      try {
        await handleOf(input.sync_id).update((previous) => ({
          ...previous,
          spec: scheduleSpecFor(input.schedule, input.phase_at_ms),
          policies: { ...previous.policies, catchupWindow: `${catchupWindowSeconds(input.schedule)}s` },
        }));
      } catch (error) {
        if (error instanceof ScheduleNotFoundError) throw missingSchedule(input.sync_id);
        throw error;
      }
    },

    /** Deletes the schedule (dropping any buffered job) and returns the jobs still running. */
    async removeSyncSchedule(syncId: number): Promise<RunningJob[]> {
      const handle = handleOf(syncId);
      try {
        const description = await handle.describe();
        await handle.delete();
        return description.info.runningActions.map((action) => action.workflow);
      } catch (error) {
        if (error instanceof ScheduleNotFoundError) return [];
        throw error;
      }
    },

    /** Cancels running jobs and waits until each has marked itself cancelled. */
    async cancelSyncJobs(jobs: RunningJob[]): Promise<void> {
      await Promise.all(
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
    },

    async recordSyncStatus(syncId: number, status: SyncStatus): Promise<void> {
      await storage.setSyncStatus(syncId, status);
    },
  };
}
