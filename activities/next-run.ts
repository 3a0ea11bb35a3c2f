import { log } from '@temporalio/activity';
import { type Client, type ScheduleDescription, ScheduleNotFoundError } from '@temporalio/client';
import { syncScheduleId } from '../src/contracts/ids.js';
import type { Storage } from '../src/storage/storage.js';

/**
 * Stores the sync's next run as its schedule now says, so the API lists syncs from the database
 * alone (jobs of crons, see advanceNextRunAt; schedule changes store what they applied). A failure
 * is logged and never fails the caller: the API marks an outdated time as stale.
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

/**
 * What a job start or end stores as the sync's next run. An active interval's fire times are its
 * stored next run plus whole intervals, so the next one after now is worked out from the row
 * without asking Temporal: a describe is a query on the scheduler, and two per job weigh on the
 * server when a thousand syncs run every minute. A cron, or a row with no next run yet, is read
 * from the schedule; a paused or cancelled row already says none.
 */
export async function advanceNextRunAt(client: Client, storage: Storage, syncId: number): Promise<void> {
  // Taken before the row is read: a change stored meanwhile is newer and keeps its own next run.
  const observedAt = new Date();
  const sync = await storage.getSync(syncId).catch((error: unknown) => {
    warn(syncId, error);
    return null;
  });
  if (sync === null || sync.status !== 'active') return;
  const { schedule } = sync.definition;
  if (schedule.type !== 'interval' || sync.next_run_at === null) return recordNextRunAt(client, storage, syncId);
  const stored = Date.parse(sync.next_run_at);
  const next = nextFireAfter(stored, schedule.every_seconds * 1000, observedAt.getTime());
  if (next !== stored) await storeNextRun(storage, syncId, new Date(next), observedAt);
}

/** The first of `firstMs + k * everyMs` (k ≥ 0) later than `nowMs`. */
export function nextFireAfter(firstMs: number, everyMs: number, nowMs: number): number {
  if (firstMs > nowMs) return firstMs;
  return firstMs + (Math.floor((nowMs - firstMs) / everyMs) + 1) * everyMs;
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
