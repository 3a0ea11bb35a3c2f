/**
 * When a sync's jobs run. Pure and sandbox-safe: workflows import it too.
 */
export type SyncSchedule = { type: 'interval'; every_seconds: number } | { type: 'cron'; expression: string; timezone: string };

export const DEFAULT_FREQUENCY = '1 hour';

const UNIT_SECONDS: Record<string, number> = {
  s: 1,
  sec: 1,
  secs: 1,
  second: 1,
  seconds: 1,
  m: 60,
  min: 60,
  mins: 60,
  minute: 60,
  minutes: 60,
  h: 3600,
  hr: 3600,
  hrs: 3600,
  hour: 3600,
  hours: 3600,
  d: 86400,
  day: 86400,
  days: 86400,
  w: 604800,
  week: 604800,
  weeks: 604800,
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

/** The longest interval: a sync that runs less often than yearly is almost surely a typo. */
export const MAX_FREQUENCY_SECONDS = 366 * 86_400;

/** The shortest interval unless configured otherwise (SYNCD_MIN_FREQUENCY_SECONDS). */
export const DEFAULT_MIN_FREQUENCY_SECONDS = 10;

/** Why `frequency` cannot be a sync's schedule given the shortest allowed interval, or null when it can. */
export function frequencyProblem(frequency: string, minSeconds: number): string | null {
  const seconds = parseFrequency(frequency);
  if (seconds === null) return 'must be a number and a unit, such as "30 seconds", "15 minutes", "2 hours" or "1 day"';
  if (seconds < minSeconds) return `must be at least ${minSeconds} seconds`;
  if (seconds > MAX_FREQUENCY_SECONDS) return `must be at most ${MAX_FREQUENCY_SECONDS / 86_400} days`;
  return null;
}

/**
 * Offset that phases an interval at `anchorMs` instead of at UTC boundaries: Temporal fires an
 * interval at epoch + k * every + offset, so "every day" anchored at 10:17 runs at 10:17 daily.
 */
export function intervalOffsetSeconds(everySeconds: number, anchorMs: number): number {
  return Math.floor(anchorMs / 1000) % everySeconds;
}
