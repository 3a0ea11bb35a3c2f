// The incremental lookback: the cursor a job sends is the saved one minus a window, so records
// updated while the previous job ran are read again. Pure, no zod: the API checks a cursor set by
// PUT /v1/syncs/:id/state with it, the fetch activity computes what it sends with it.

/** What of a sync's `incremental` definition the lookback needs. */
export interface LookbackOptions {
  /** Seconds subtracted from an ISO 8601 time cursor. */
  lookback_seconds?: number;
  /** Subtracted from a numeric (JSON number) cursor. */
  lookback?: number;
}

export type LookbackResult = { cursor: string | number } | { problem: string };

/**
 * An ISO 8601 extended date-time: date, `T` (or `t` or a space), hours and minutes, optional
 * seconds and fraction, optional `Z` or offset (`+02:00`, `+0200`, `+02`). Without an offset it is
 * a local time, and the window is subtracted from its wall clock all the same.
 */
const ISO_TIME = /^(\d{4})-(\d{2})-(\d{2})([Tt ])(\d{2}):(\d{2})(?::(\d{2})(\.\d+)?)?([Zz]|[+-](?:[01]\d|2[0-3])(?::?[0-5]\d)?)?$/;

const pad = (value: number, width = 2): string => String(value).padStart(width, '0');

/**
 * `time` minus `seconds`, written in the style it came in: same separator, same offset text (the
 * wall clock moves, the offset stays), the same fraction (whole seconds leave it as it is), and
 * seconds only if it had them or the result needs them. Null when `time` is not such a time.
 */
export function timeMinusSeconds(time: string, seconds: number): string | null {
  const match = ISO_TIME.exec(time);
  if (!match) return null;
  const [, year, month, day, separator, hour, minute, second, fraction, offset] = match;
  const parts = [year, month, day, hour, minute, second ?? '0'].map(Number) as [number, number, number, number, number, number];
  const [y, mo, d, h, mi, s] = parts;
  if (mo < 1 || mo > 12 || h > 23 || mi > 59 || s > 59) return null;
  // setUTCFullYear, unlike Date.UTC, keeps years below 100 as they are.
  const wall = new Date(0);
  wall.setUTCFullYear(y, mo - 1, d);
  if (wall.getUTCMonth() !== mo - 1 || wall.getUTCDate() !== d) return null;
  wall.setUTCHours(h, mi, s);
  const shifted = new Date(wall.getTime() - seconds * 1000);
  const shiftedYear = shifted.getUTCFullYear();
  if (shiftedYear < 0) return null;
  const date = `${pad(shiftedYear, 4)}-${pad(shifted.getUTCMonth() + 1)}-${pad(shifted.getUTCDate())}`;
  const withSeconds = second !== undefined || shifted.getUTCSeconds() !== 0;
  const clock = `${pad(shifted.getUTCHours())}:${pad(shifted.getUTCMinutes())}${withSeconds ? `:${pad(shifted.getUTCSeconds())}` : ''}`;
  return `${date}${separator}${clock}${fraction ?? ''}${offset ?? ''}`;
}

/** Why `cursor` cannot be saved for a sync with these options; null when it can. */
export function cursorKindProblem(cursor: unknown, options: LookbackOptions): string | null {
  const result = lookbackCursor(cursor, options);
  return 'problem' in result ? result.problem : null;
}

/** The cursor a job sends for the saved one: the saved one minus the window, when the sync has one. */
export function lookbackCursor(saved: unknown, options: LookbackOptions): LookbackResult {
  if (options.lookback_seconds !== undefined) {
    const sent = typeof saved === 'string' ? timeMinusSeconds(saved, options.lookback_seconds) : null;
    return sent === null
      ? {
          problem: `${JSON.stringify(saved)} is not an ISO 8601 time such as "2026-01-31T12:00:00Z", which incremental.lookback_seconds needs`,
        }
      : { cursor: sent };
  }
  if (options.lookback !== undefined) {
    return typeof saved === 'number' && Number.isFinite(saved)
      ? { cursor: saved - options.lookback }
      : { problem: `${JSON.stringify(saved)} is not a JSON number, which incremental.lookback needs` };
  }
  return typeof saved === 'string' || typeof saved === 'number'
    ? { cursor: saved }
    : { problem: `${JSON.stringify(saved)} is not a string or a number` };
}
