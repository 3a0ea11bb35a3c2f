import { describe, expect, it } from 'vitest';
import { syncActionSchema, syncIdSchema } from '../../src/contracts/api.js';

describe('syncIdSchema', () => {
  it('accepts decimal digits', () => {
    expect(syncIdSchema.parse('1')).toBe(1);
    expect(syncIdSchema.parse('9007199254740991')).toBe(Number.MAX_SAFE_INTEGER);
  });

  it.each(['0x1', '1e0', '+1', '-1', '0', '01', ' 1', '1 ', '1.0', '0b1', 'Infinity', '', '9007199254740992', '1'.repeat(400)])(
    'rejects %j',
    (text) => {
      expect(syncIdSchema.safeParse(text).success).toBe(false);
    },
  );
});

describe('syncActionSchema', () => {
  it('accepts a positive safe integer sync_id', () => {
    expect(syncActionSchema.parse({ action: 'pause', sync_id: 42 })).toEqual({ action: 'pause', sync_id: 42 });
  });

  it.each([0, -1, 1.5, 2 ** 53, 1e300, '42', null])('rejects sync_id %j', (syncId) => {
    expect(syncActionSchema.safeParse({ action: 'pause', sync_id: syncId }).success).toBe(false);
  });
});
