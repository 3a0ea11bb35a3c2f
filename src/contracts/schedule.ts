/**
 * When a sync's jobs run. Pure and sandbox-safe: workflows import it too.
 */
export type SyncSchedule =
  | { type: 'interval'; every_seconds: number }
  | { type: 'cron'; expression: string; timezone: string };

export const DEFAULT_FREQUENCY = '1 hour';

const UNIT_SECONDS: Record<string, number> = {
  s: 1, sec: 1, secs: 1, second: 1, seconds: 1,
  m: 60, min: 60, mins: 60, minute: 60, minutes: 60,
  h: 3600, hr: 3600, hrs: 3600, hour: 3600, hours: 3600,
  d: 86400, day: 86400, days: 86400,
  w: 604800, week: 604800, weeks: 604800,
};

const FREQUENCY_PATTERN = /^(?:every\s+)?(\d+)?\s*([a-z]+)$/;

/** Seconds in a frequency such as "30 seconds", "every 2 hours" or "day"; null when not understood. */
export function parseFrequency(frequency: string): number | null {
  const match = FREQUENCY_PATTERN.exec(frequency.trim().toLowerCase());
  if (!match) return null;
  const [, count, unit] = match;
  const unitSeconds = unit === undefined ? undefined : UNIT_SECONDS[unit];
  if (unitSeconds === undefined) return null;
  const amount = count === undefined ? 1 : Number(count);
  return amount > 0 ? amount * unitSeconds : null;
}

/**
 * Offset that phases an interval at `anchorMs` instead of at UTC boundaries: Temporal fires an
 * interval at epoch + k * every + offset, so "every day" anchored at 10:17 runs at 10:17 daily.
 */
export function intervalOffsetSeconds(everySeconds: number, anchorMs: number): number {
  return Math.floor(anchorMs / 1000) % everySeconds;
}
