import { describe, expect, it } from 'vitest';
import { populationPlan } from '../../bench/scale-population.js';
import { firesIn } from '../../bench/scheduled-jobs.js';

const MINUTE = 60_000;

describe('fire times of an interval schedule in a window', () => {
  const window = { from: new Date('2026-01-01T10:00:30Z'), to: new Date('2026-01-01T10:05:30Z') };

  it('counts one a minute for a 1-minute interval, whatever its offset', () => {
    for (const offsetSeconds of [0, 15, 30, 59]) expect(firesIn(window, MINUTE, offsetSeconds * 1000)).toBe(5);
  });

  it('counts a fire at the start of the window and none at its end', () => {
    const at = { from: new Date('2026-01-01T10:00:00Z'), to: new Date('2026-01-01T10:02:00Z') };
    expect(firesIn(at, MINUTE, 0)).toBe(2);
  });

  it('counts none for an interval longer than the window that does not fall in it', () => {
    expect(firesIn(window, 3600 * 1000, 0)).toBe(0);
    expect(firesIn(window, 3600 * 1000, 60_000)).toBe(1);
  });
});

describe('the scale bench population', () => {
  it('is half paused, with paused frequencies from 1 minute and active ones from 1 hour', () => {
    const plan = populationPlan(100);
    const paused = plan.filter((sync) => sync.paused);
    expect(paused).toHaveLength(50);
    expect(new Set(paused.map((sync) => sync.frequency))).toContain('1 minute');
    expect(new Set(plan.filter((sync) => !sync.paused).map((sync) => sync.frequency))).toEqual(
      new Set(['1 hour', '6 hours', '1 day', '1 week']),
    );
  });
});
