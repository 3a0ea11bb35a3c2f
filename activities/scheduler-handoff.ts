import type { ScheduleDescription, ScheduleHandle } from '@temporalio/client';

/**
 * Temporal's scheduler takes changes as messages and, on each wake-up, keeps only the last patch
 * (pause, unpause, trigger) and the last full update it received, applying the patch first. Two
 * changes that reach it together can therefore lose one (a trigger overwritten by a pause) or swap
 * (a pause undone by an update sent before it). Every change syncd sends waits here until the
 * scheduler shows it applied, so the next one never meets it in the scheduler's inbox.
 */

const POLL_EVERY_MS = 25;
const GIVE_UP_AFTER_MS = 10_000;

/** What the scheduler has taken in: changes bump its conflict token, a trigger one of the start counts. */
export interface SchedulerMark {
  token: string;
  starts: number;
}

export function markOf(description: ScheduleDescription): SchedulerMark {
  const { raw, info } = description;
  const buffered = Number(raw.info?.bufferSize ?? 0);
  return {
    token: Buffer.from(raw.conflictToken ?? new Uint8Array()).toString('hex'),
    starts: info.numActionsTaken + info.numActionsSkippedOverlap + buffered,
  };
}

/** A change of state or spec shows as a new conflict token. */
export const changed = (before: SchedulerMark) => (after: SchedulerMark) => after.token !== before.token;

/**
 * A trigger shows as one more start taken, buffered or absorbed by the overlap policy (a job
 * leaving the buffer to run moves one count to another and adds nothing).
 */
export const startAdded = (before: SchedulerMark) => (after: SchedulerMark) => after.starts > before.starts;

/** The schedule as the scheduler showed it once the change was applied, and when that was asked. */
export interface AppliedSchedule {
  description: ScheduleDescription;
  observedAt: Date;
}

/** Sends `change` and returns once the scheduler shows `applied`; a retryable error after 10 s. */
export async function sendAndAwait(
  handle: ScheduleHandle,
  change: () => Promise<void>,
  applied: (before: SchedulerMark) => (after: SchedulerMark, description: ScheduleDescription) => boolean,
): Promise<AppliedSchedule> {
  const isApplied = applied(markOf(await handle.describe()));
  await change();
  const deadline = Date.now() + GIVE_UP_AFTER_MS;
  for (;;) {
    const observedAt = new Date();
    const description = await handle.describe();
    if (isApplied(markOf(description), description)) return { description, observedAt };
    if (Date.now() > deadline)
      throw new Error(`the scheduler of ${handle.scheduleId} did not apply a change within ${GIVE_UP_AFTER_MS} ms`);
    await new Promise((resolve) => setTimeout(resolve, POLL_EVERY_MS));
  }
}
