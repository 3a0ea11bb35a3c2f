import { describe, expect, it } from 'vitest';
import { setCursorSchema } from '../../src/contracts/api.js';
import { cursorKindProblem, lookbackCursor, timeMinusSeconds } from '../../src/contracts/cursor-lookback.js';
import { createSyncSchema, updateSyncSchema } from '../../src/contracts/sync-definition.js';

describe('timeMinusSeconds: the window taken off an ISO 8601 time cursor', () => {
  it('keeps the style the time came in: Z, an offset, a fraction, no seconds, a space', () => {
    expect(timeMinusSeconds('2026-01-31T12:00:00Z', 3600)).toBe('2026-01-31T11:00:00Z');
    expect(timeMinusSeconds('2026-01-31T12:00:00.123456Z', 90)).toBe('2026-01-31T11:58:30.123456Z');
    expect(timeMinusSeconds('2026-01-31T12:00:00+02:00', 60)).toBe('2026-01-31T11:59:00+02:00');
    expect(timeMinusSeconds('2026-01-31T12:00:00-0530', 60)).toBe('2026-01-31T11:59:00-0530');
    expect(timeMinusSeconds('2026-01-31T12:00:00+02', 60)).toBe('2026-01-31T11:59:00+02');
    expect(timeMinusSeconds('2026-01-31 12:00:00', 30)).toBe('2026-01-31 11:59:30');
    expect(timeMinusSeconds('2026-01-31T12:00', 120)).toBe('2026-01-31T11:58');
    // Without seconds in the input, they appear only when the result needs them.
    expect(timeMinusSeconds('2026-01-31T12:00', 30)).toBe('2026-01-31T11:59:30');
  });

  it('crosses days, months, years and leap days', () => {
    expect(timeMinusSeconds('2026-03-01T00:00:10Z', 20)).toBe('2026-02-28T23:59:50Z');
    expect(timeMinusSeconds('2024-03-01T00:00:00Z', 86_400)).toBe('2024-02-29T00:00:00Z');
    expect(timeMinusSeconds('2026-01-01T00:00:00Z', 1)).toBe('2025-12-31T23:59:59Z');
    expect(timeMinusSeconds('0050-01-01T00:00:00Z', 86_400)).toBe('0049-12-31T00:00:00Z');
  });

  it('answers null for what is not such a time', () => {
    for (const text of [
      '2026-01-31',
      '2026-02-30T00:00:00Z',
      '2026-13-01T00:00:00Z',
      '2026-01-31T24:00:00Z',
      '2026-01-31T12:60:00Z',
      '2026-01-31T12:00:60Z',
      '2026-01-31T12:00:00+25:00',
      '20260131T120000Z',
      'yesterday',
      '',
    ]) {
      expect(timeMinusSeconds(text, 60), text).toBeNull();
    }
    expect(timeMinusSeconds('0000-01-01T00:00:00Z', 1)).toBeNull();
  });
});

describe('lookbackCursor: what a job sends for the saved cursor', () => {
  it('subtracts lookback_seconds from a time and lookback from a number', () => {
    expect(lookbackCursor('2026-01-31T12:00:00Z', { lookback_seconds: 600 })).toEqual({ cursor: '2026-01-31T11:50:00Z' });
    expect(lookbackCursor(1_700_000_000, { lookback: 3600 })).toEqual({ cursor: 1_699_996_400 });
    expect(lookbackCursor(10, { lookback: 2.5 })).toEqual({ cursor: 7.5 });
  });

  it('sends the saved cursor as it is without a lookback', () => {
    expect(lookbackCursor('anything', {})).toEqual({ cursor: 'anything' });
    expect(lookbackCursor(5, {})).toEqual({ cursor: 5 });
  });

  it('names the problem when the saved cursor is not of the kind the lookback needs', () => {
    expect(lookbackCursor(1_700_000_000, { lookback_seconds: 60 })).toEqual({
      problem: '1700000000 is not an ISO 8601 time such as "2026-01-31T12:00:00Z", which incremental.lookback_seconds needs',
    });
    expect(lookbackCursor('1700000000', { lookback: 60 })).toEqual({
      problem: '"1700000000" is not a JSON number, which incremental.lookback needs',
    });
    expect(cursorKindProblem('2026-01-31', { lookback_seconds: 60 })).toMatch(/not an ISO 8601 time/);
    expect(cursorKindProblem('2026-01-31T00:00:00Z', { lookback_seconds: 60 })).toBeNull();
    expect(cursorKindProblem(null, {})).toBe('null is not a string or a number');
  });
});

describe('incremental lookback in the definition', () => {
  const base = { url: 'http://example.test/items', unique_key: 'id' };
  const issues = (incremental: unknown) => {
    const result = createSyncSchema.safeParse({
      ...base,
      incremental: { cursor_path: 'updated_at', param: 'since', ...(incremental as object) },
    });
    return result.success ? [] : result.error.issues.map((issue) => ({ path: issue.path.join('.'), message: issue.message }));
  };

  it('takes lookback_seconds (1 second to 366 days) or lookback (above 0)', () => {
    expect(issues({ lookback_seconds: 1 })).toEqual([]);
    expect(issues({ lookback_seconds: 366 * 86_400 })).toEqual([]);
    expect(issues({ lookback: 0.5 })).toEqual([]);
  });

  it('refuses each bound, naming the field', () => {
    expect(issues({ lookback_seconds: 0 })).toEqual([{ path: 'incremental.lookback_seconds', message: 'must be at least 1 second' }]);
    expect(issues({ lookback_seconds: 366 * 86_400 + 1 })).toEqual([
      { path: 'incremental.lookback_seconds', message: 'must be at most 31622400 seconds (366 days)' },
    ]);
    expect(issues({ lookback_seconds: 1.5 })).toEqual([
      { path: 'incremental.lookback_seconds', message: 'must be a whole number of seconds' },
    ]);
    expect(issues({ lookback: 0 })).toEqual([{ path: 'incremental.lookback', message: 'must be more than 0' }]);
    expect(issues({ lookback: '60' }).map((issue) => issue.path)).toEqual(['incremental.lookback']);
  });

  it('refuses both at once, naming lookback', () => {
    expect(issues({ lookback_seconds: 60, lookback: 60 })).toEqual([
      { path: 'incremental.lookback', message: 'give lookback_seconds (ISO 8601 time cursors) or lookback (numeric cursors), not both' },
    ]);
  });

  it('is part of what a PATCH may change', () => {
    const patch = updateSyncSchema.parse({ incremental: { cursor_path: 'updated_at', param: 'since', lookback_seconds: 300 } });
    expect(patch.incremental).toEqual({ cursor_path: 'updated_at', param: 'since', lookback_seconds: 300 });
  });
});

describe('the body of PUT /v1/syncs/:id/state', () => {
  it('takes a string or a number as cursor, and nothing else', () => {
    expect(setCursorSchema.parse({ cursor: '2026-01-31T00:00:00Z' })).toEqual({ cursor: '2026-01-31T00:00:00Z' });
    expect(setCursorSchema.parse({ cursor: 42 })).toEqual({ cursor: 42 });
    for (const cursor of [null, true, {}, [], '', 'x'.repeat(1025)]) {
      const result = setCursorSchema.safeParse({ cursor });
      expect(result.success, JSON.stringify(cursor)).toBe(false);
      expect(result.error?.issues[0]?.path).toEqual(['cursor']);
    }
    expect(setCursorSchema.safeParse({ cursor: 1, extra: true }).success).toBe(false);
  });
});
