import { describe, expect, it } from 'vitest';
import { catchupWindowSeconds, firstIntervalRunAfter, scheduleSpecFor } from '../../activities/schedule-spec.js';

describe('scheduleSpecFor', () => {
  it('phases an interval at the anchor', () => {
    const anchor = Date.UTC(2024, 4, 1, 10, 17, 0);
    expect(scheduleSpecFor({ type: 'interval', every_seconds: 86_400 }, anchor)).toEqual({
      intervals: [{ every: '86400s', offset: '37020s' }],
    });
  });

  it('gives an hourly interval an offset under an hour', () => {
    const anchor = Date.UTC(2024, 4, 1, 10, 17, 5);
    expect(scheduleSpecFor({ type: 'interval', every_seconds: 3600 }, anchor)).toEqual({
      intervals: [{ every: '3600s', offset: '1025s' }],
    });
  });

  it('turns a cron schedule into a cron expression with its timezone', () => {
    const spec = scheduleSpecFor({ type: 'cron', expression: '0 3 * * *', timezone: 'Europe/Paris' }, Date.UTC(2024, 0, 1));
    expect(spec).toEqual({ cronExpressions: ['0 3 * * *'], timezone: 'Europe/Paris' });
  });
});

describe('catchupWindowSeconds', () => {
  it('is one interval for intervals between the bounds', () => {
    expect(catchupWindowSeconds({ type: 'interval', every_seconds: 900 })).toBe(900);
  });

  it('is at least 10 seconds', () => {
    expect(catchupWindowSeconds({ type: 'interval', every_seconds: 1 })).toBe(10);
    expect(catchupWindowSeconds({ type: 'interval', every_seconds: 10 })).toBe(10);
  });

  it('is at most a day', () => {
    expect(catchupWindowSeconds({ type: 'interval', every_seconds: 604_800 })).toBe(86_400);
    expect(catchupWindowSeconds({ type: 'interval', every_seconds: 86_400 })).toBe(86_400);
  });

  it('is an hour for cron schedules', () => {
    expect(catchupWindowSeconds({ type: 'cron', expression: '0 3 * * *', timezone: 'UTC' })).toBe(3600);
  });
});

describe('firstIntervalRunAfter', () => {
  it('is one interval after the phase, to the second, which is where the phased spec fires next', () => {
    const phaseAt = Date.UTC(2024, 4, 1, 10, 17, 5, 750);
    expect(firstIntervalRunAfter(3600, phaseAt).toISOString()).toBe('2024-05-01T11:17:05.000Z');
    const offset = Number.parseInt(String(scheduleSpecFor({ type: 'interval', every_seconds: 3600 }, phaseAt).intervals?.[0]?.offset), 10);
    expect((firstIntervalRunAfter(3600, phaseAt).getTime() / 1000 - offset) % 3600).toBe(0);
  });
});
