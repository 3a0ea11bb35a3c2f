import { log } from '@temporalio/activity';
import { type Client, type ScheduleDescription, ScheduleNotFoundError } from '@temporalio/client';
import { syncScheduleId } from '../src/contracts/ids.js';
import type { Storage } from '../src/storage/storage.js';

/**
 * Stores the sync's next run as its schedule now says, so the API lists syncs from the database
 * alone. Job starts and ends call this (each moves the next run); schedule changes store what
 * their own last describe showed. A failure is logged and never fails the caller: the API marks an
 * outdated time as stale.
 */
export async function recordNextRunAt(client: Client, storage: Storage, syncId: number): Promise<void> {
  const observedAt = new Date();
  try {
    const description = await client.schedule.getHandle(syncScheduleId(syncId)).describe();
    await storeNextRun(storage, syncId, nextRunOf(description), observedAt);
  } catch (error) {
    // Cancelled (schedule deleted) or not created yet: no next run.
    if (error instanceof ScheduleNotFoundError) await storeNextRun(storage, syncId, null, observedAt);
    else warn(syncId, error);
  }
}

/** The next run a schedule description shows: none while paused. */
export const nextRunOf = (description: ScheduleDescription): Date | null =>
  description.state.paused ? null : (description.info.nextActionTimes[0] ?? null);

/** Stores an observed next run; a failure is logged, never thrown. */
export async function storeNextRun(storage: Storage, syncId: number, nextRunAt: Date | null, observedAt: Date): Promise<void> {
  try {
    await storage.setNextRunAt(syncId, nextRunAt, observedAt);
  } catch (error) {
    warn(syncId, error);
  }
}

function warn(syncId: number, error: unknown): void {
  log.warn(`recording the next run of sync ${syncId} failed`, {
    sync_id: syncId,
    error: error instanceof Error ? error.message : String(error),
  });
}
