import { log } from '@temporalio/activity';
import { type Client, ScheduleNotFoundError } from '@temporalio/client';
import { syncScheduleId } from '../src/contracts/ids.js';
import type { Storage } from '../src/storage/storage.js';
import type { createScheduleActivities } from './schedule-activities.js';

/**
 * Stores the sync's next run as its schedule now says, so the API lists syncs from the database
 * alone. Called after every schedule change and job start and end (each moves the next run). A
 * failure is logged and never fails the caller: the API marks an outdated time as stale.
 */
export async function recordNextRunAt(client: Client, storage: Storage, syncId: number): Promise<void> {
  const observedAt = new Date();
  try {
    let nextRunAt: Date | null;
    try {
      const description = await client.schedule.getHandle(syncScheduleId(syncId)).describe();
      nextRunAt = description.state.paused ? null : (description.info.nextActionTimes[0] ?? null);
    } catch (error) {
      // Cancelled (schedule deleted) or not created yet: no next run.
      if (!(error instanceof ScheduleNotFoundError)) throw error;
      nextRunAt = null;
    }
    await storage.setNextRunAt(syncId, nextRunAt, observedAt);
  } catch (error) {
    log.warn(`recording the next run of sync ${syncId} failed`, { error: error instanceof Error ? error.message : String(error) });
  }
}

type ScheduleActivities = ReturnType<typeof createScheduleActivities>;

/** The schedule activities, each recording the sync's next run once it has run (or failed). */
export function withNextRunRecorded(deps: { client: Client; storage: Storage }, activities: ScheduleActivities): ScheduleActivities {
  const recording =
    <Arg extends number | { sync_id: number }, Result>(activity: (arg: Arg) => Promise<Result>) =>
    async (arg: Arg): Promise<Result> => {
      try {
        return await activity(arg);
      } finally {
        await recordNextRunAt(deps.client, deps.storage, typeof arg === 'number' ? arg : arg.sync_id);
      }
    };
  return {
    ...activities,
    createSyncSchedule: recording(activities.createSyncSchedule),
    pauseSyncSchedule: recording(activities.pauseSyncSchedule),
    resumeSyncSchedule: recording(activities.resumeSyncSchedule),
    triggerSyncJob: recording(activities.triggerSyncJob),
    triggerResync: recording(activities.triggerResync),
    updateSyncSchedule: recording(activities.updateSyncSchedule),
    removeSyncSchedule: recording(activities.removeSyncSchedule),
  };
}
