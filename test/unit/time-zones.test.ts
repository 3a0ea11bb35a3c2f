import { describe, expect, it } from 'vitest';
import { isTimeZone, TIME_ZONE_NAMES } from '../../src/contracts/time-zones.js';
import { REJECTED_TIME_ZONES } from '../helpers/schedule-cases.js';

describe('isTimeZone', () => {
  it.each([
    'UTC',
    'Etc/UTC',
    'Europe/Paris',
    'America/New_York',
    'Asia/Kolkata',
    'Asia/Calcutta',
    'Europe/Kyiv',
    'US/Eastern',
    'Etc/GMT+5',
  ])('accepts %s', (zone) => {
    expect(isTimeZone(zone)).toBe(true);
  });

  it.each(REJECTED_TIME_ZONES)('rejects %j', (zone) => {
    expect(isTimeZone(zone)).toBe(false);
  });

  it('accepts only names Node can compute times in too', () => {
    const unknownToNode = TIME_ZONE_NAMES.filter((zone) => {
      try {
        new Intl.DateTimeFormat('en-US', { timeZone: zone });
        return false;
      } catch {
        return true;
      }
    });
    expect(unknownToNode).toEqual([]);
  });

  it('covers every zone Node knows', () => {
    expect(Intl.supportedValuesOf('timeZone').filter((zone) => !isTimeZone(zone))).toEqual([]);
  });
});
