import { describe, expect, it } from 'vitest';
import { nextFireAfter } from '../../activities/next-run.js';

const MINUTE = 60_000;
const first = Date.parse('2026-12-01T10:00:30Z');

describe('nextFireAfter: the next fire time of an interval from a known one', () => {
  it('keeps a fire time still ahead', () => {
    expect(nextFireAfter(first, MINUTE, first - 1)).toBe(first);
  });

  it('moves a fire time that has come to the next one, also when now is exactly on it', () => {
    expect(nextFireAfter(first, MINUTE, first)).toBe(first + MINUTE);
    expect(nextFireAfter(first, MINUTE, first + 3_000)).toBe(first + MINUTE);
  });

  it('skips fire times missed meanwhile and stays on the same grid', () => {
    expect(nextFireAfter(first, MINUTE, first + 5 * MINUTE + 1)).toBe(first + 6 * MINUTE);
    expect(nextFireAfter(first, MINUTE, first + 5 * MINUTE - 1)).toBe(first + 5 * MINUTE);
  });
});
