import { describe, expect, it } from 'vitest';
import { autoPauseMessage, policyStep, warnAfter } from '../../src/health/failure-policy.js';
import { healthOf, pauseAfterOf } from '../../src/health/sync-health-view.js';

describe('the failure policy', () => {
  it('warns once at half of pause_after, rounded up, and pauses at pause_after', () => {
    expect([1, 2, 3, 4, 5, 6].map((failures) => policyStep(failures, 5))).toEqual([null, null, 'warn', null, 'pause', 'pause']);
    expect(warnAfter(4)).toBe(2);
    expect(policyStep(2, 4)).toBe('warn');
  });

  it('only pauses when half of pause_after is pause_after itself', () => {
    expect(policyStep(1, 1)).toBe('pause');
    expect(policyStep(1, 2)).toBe('warn');
  });

  it('does nothing when off or before any failure', () => {
    expect(policyStep(50, null)).toBeNull();
    expect(policyStep(0, 1)).toBeNull();
  });

  it("takes the sync's own pause_after, null included, else the default", () => {
    expect(pauseAfterOf(undefined, 5)).toBe(5);
    expect(pauseAfterOf({ pause_after: 2 }, 5)).toBe(2);
    expect(pauseAfterOf({ pause_after: null }, 5)).toBeNull();
  });

  it('says why it paused, with the last failure when there is one', () => {
    expect(autoPauseMessage(3, 3, 'HTTP 500')).toBe('3 consecutive jobs failed (failure_policy.pause_after 3); the last: HTTP 500');
    expect(autoPauseMessage(3, 3, null)).toBe('3 consecutive jobs failed (failure_policy.pause_after 3)');
  });
});

describe('the health a sync shows', () => {
  const failing = {
    consecutive_failures: 2,
    last_success_at: null,
    last_error: { class: 'transient', code: 'http_500', message: 'HTTP 500', http_status: 500 },
  } as const;
  const policyPause = { by: 'policy', at: '2026-01-31T12:00:00.000Z', message: 'x' } as const;

  it('is auto_paused only while paused by the policy, failing while failures count, healthy otherwise', () => {
    expect(healthOf('paused', policyPause, failing)).toEqual({
      state: 'auto_paused',
      consecutive_failures: 2,
      last_success_at: null,
      reason: 'transient http_500: HTTP 500',
    });
    expect(healthOf('paused', { ...policyPause, by: 'user' }, failing).state).toBe('failing');
    expect(healthOf('active', null, failing).state).toBe('failing');
    expect(healthOf('active', null, { consecutive_failures: 0, last_success_at: null, last_error: null })).toEqual({
      state: 'healthy',
      consecutive_failures: 0,
      last_success_at: null,
      reason: null,
    });
  });
});
