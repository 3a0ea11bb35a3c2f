import type { ScheduleSpec } from '@temporalio/client';
import { intervalOffsetSeconds, type SyncSchedule } from '../src/contracts/schedule.js';

/** Temporal's spec for a sync's schedule; intervals are phased at `phaseAtMs` (creation or resume). */
export function scheduleSpecFor(schedule: SyncSchedule, phaseAtMs: number): ScheduleSpec {
  if (schedule.type === 'cron') {
    return { cronExpressions: [schedule.expression], timezone: schedule.timezone };
  }
  return {
    intervals: [{ every: `${schedule.every_seconds}s`, offset: `${intervalOffsetSeconds(schedule.every_seconds, phaseAtMs)}s` }],
  };
}

const MIN_CATCHUP_SECONDS = 10;
const MAX_CATCHUP_SECONDS = 86_400;

/**
 * After an outage, one missed job still runs if the outage was shorter than one interval (a day
 * at most): a daily sync is not left stale for a day, and a backlog never turns into a burst.
 */
export function catchupWindowSeconds(schedule: SyncSchedule): number {
  const interval = schedule.type === 'interval' ? schedule.every_seconds : 3600;
  return Math.min(MAX_CATCHUP_SECONDS, Math.max(MIN_CATCHUP_SECONDS, interval));
}

/**
 * The first run of an interval phased at `phaseAtMs`: one interval after it, to the second.
 * Temporal fires at epoch + k * every + offset, the offset puts a fire time on the phase's second,
 * and the scheduler applies the change after that second, so the next fire time is one interval on.
 */
export function firstIntervalRunAfter(everySeconds: number, phaseAtMs: number): Date {
  return new Date((Math.floor(phaseAtMs / 1000) + everySeconds) * 1000);
}
