import { describe, expect, it } from 'vitest';
import {
  DEFAULT_FREQUENCY,
  frequencyProblem,
  intervalOffsetSeconds,
  MAX_FREQUENCY_SECONDS,
  parseFrequency,
} from '../../src/contracts/schedule.js';

describe('parseFrequency', () => {
  it('reads a count and each unit in seconds', () => {
    expect(parseFrequency('30 seconds')).toBe(30);
    expect(parseFrequency('15 minutes')).toBe(900);
    expect(parseFrequency('2 hours')).toBe(7200);
    expect(parseFrequency('3 days')).toBe(259_200);
    expect(parseFrequency('2 weeks')).toBe(1_209_600);
  });

  it('accepts singular units and abbreviations', () => {
    expect(parseFrequency('1 second')).toBe(1);
    expect(parseFrequency('45s')).toBe(45);
    expect(parseFrequency('10 sec')).toBe(10);
    expect(parseFrequency('5 min')).toBe(300);
    expect(parseFrequency('5m')).toBe(300);
    expect(parseFrequency('3 hrs')).toBe(10_800);
    expect(parseFrequency('1h')).toBe(3600);
    expect(parseFrequency('2d')).toBe(172_800);
    expect(parseFrequency('1 w')).toBe(604_800);
  });

  it('accepts an "every" prefix', () => {
    expect(parseFrequency('every 2 hours')).toBe(7200);
    expect(parseFrequency('every day')).toBe(86_400);
  });

  it('reads a bare unit as one of it', () => {
    expect(parseFrequency('day')).toBe(86_400);
    expect(parseFrequency('hour')).toBe(3600);
  });

  it('ignores case and surrounding whitespace', () => {
    expect(parseFrequency('  5 MINUTES ')).toBe(300);
    expect(parseFrequency('Every 1 Day')).toBe(86_400);
  });

  it('parses the default frequency as one hour', () => {
    expect(parseFrequency(DEFAULT_FREQUENCY)).toBe(3600);
  });

  it('rejects a zero count', () => {
    expect(parseFrequency('0 seconds')).toBeNull();
    expect(parseFrequency('every 0 days')).toBeNull();
  });

  it('rejects a negative or fractional count', () => {
    expect(parseFrequency('-1 hours')).toBeNull();
    expect(parseFrequency('1.5 hours')).toBeNull();
  });

  it('a frequency without a unit is rejected', () => {
    expect(parseFrequency('10')).toBeNull();
    expect(parseFrequency('every')).toBeNull();
  });

  it('rejects unknown units and garbage', () => {
    expect(parseFrequency('2 fortnights')).toBeNull();
    expect(parseFrequency('often')).toBeNull();
    expect(parseFrequency('hours 2')).toBeNull();
    expect(parseFrequency('5 minutes ago')).toBeNull();
    expect(parseFrequency('')).toBeNull();
  });
});

describe('frequencyProblem', () => {
  it('accepts frequencies from the minimum to a year', () => {
    expect(frequencyProblem('10 seconds', 10)).toBeNull();
    expect(frequencyProblem('366 days', 10)).toBeNull();
    expect(frequencyProblem('52 weeks', 10)).toBeNull();
  });

  it('rejects one below the given minimum, saying the minimum', () => {
    expect(frequencyProblem('9 seconds', 10)).toBe('must be at least 10 seconds');
    expect(frequencyProblem('1 second', 1)).toBeNull();
  });

  it('rejects more than a year, however large the number', () => {
    expect(MAX_FREQUENCY_SECONDS).toBe(366 * 86_400);
    expect(frequencyProblem('367 days', 10)).toBe('must be at most 366 days');
    expect(frequencyProblem('99999999 weeks', 10)).toBe('must be at most 366 days');
    expect(frequencyProblem(`${'9'.repeat(400)} seconds`, 10)).toBe('must be at most 366 days');
  });

  it('explains words it does not understand', () => {
    expect(frequencyProblem('often', 10)).toContain('must be a number and a unit');
  });
});

describe('intervalOffsetSeconds', () => {
  it('phases a daily interval at the anchor time of day', () => {
    const anchor = Date.UTC(2024, 4, 1, 10, 17, 0);
    expect(intervalOffsetSeconds(86_400, anchor)).toBe(37_020);
  });

  it('gives the same offset for anchors a whole number of intervals apart', () => {
    const anchor = Date.UTC(2024, 4, 1, 10, 17, 0);
    expect(intervalOffsetSeconds(86_400, anchor + 3 * 86_400_000)).toBe(37_020);
  });

  it('phases an hourly interval at the anchor minute and second', () => {
    expect(intervalOffsetSeconds(3600, Date.UTC(2024, 0, 1, 7, 5, 30))).toBe(330);
  });

  it('ignores milliseconds of the anchor', () => {
    expect(intervalOffsetSeconds(60, Date.UTC(2024, 0, 1, 0, 0, 12, 999))).toBe(12);
  });

  it('is zero for an anchor on an interval boundary', () => {
    expect(intervalOffsetSeconds(3600, Date.UTC(2024, 0, 1, 5, 0, 0))).toBe(0);
  });

  it('always gives an offset in [0, every)', () => {
    const anchors = [0, 999, 1_700_000_000_123, Date.UTC(2030, 11, 31, 23, 59, 59)];
    for (const every of [1, 7, 60, 3600, 86_400, 604_800]) {
      for (const anchor of anchors) {
        const offset = intervalOffsetSeconds(every, anchor);
        expect(offset).toBeGreaterThanOrEqual(0);
        expect(offset).toBeLessThan(every);
      }
    }
  });
});
