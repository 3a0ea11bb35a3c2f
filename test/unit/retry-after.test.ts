import { describe, expect, it } from 'vitest';
import { retryAfterMs } from '../../activities/http/retry-after.js';

const now = Date.parse('2026-11-28T12:00:00Z');

describe('retryAfterMs', () => {
  it('reads seconds', () => {
    expect(retryAfterMs('7', now)).toBe(7_000);
  });

  it('reads an HTTP date relative to now', () => {
    expect(retryAfterMs('Sat, 28 Nov 2026 12:00:30 GMT', now)).toBe(30_000);
  });

  it('treats a date in the past as no wait', () => {
    expect(retryAfterMs('Sat, 28 Nov 2026 11:00:00 GMT', now)).toBe(0);
  });

  it('caps a wait at 10 minutes', () => {
    expect(retryAfterMs('86400', now)).toBe(600_000);
  });

  it('ignores a missing or unreadable header', () => {
    expect(retryAfterMs(null, now)).toBeNull();
    expect(retryAfterMs('  ', now)).toBeNull();
    expect(retryAfterMs('soon', now)).toBeNull();
  });
});
