import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config/config.js';

const root = path.resolve(import.meta.dirname, '..', '..');

describe('SYNCD_PAUSE_AFTER_FAILURES', () => {
  it('defaults to 5, reads a whole number, and off turns the default policy off', () => {
    expect(loadConfig(root, {}).defaultPauseAfter).toBe(5);
    expect(loadConfig(root, { SYNCD_PAUSE_AFTER_FAILURES: '2' }).defaultPauseAfter).toBe(2);
    expect(loadConfig(root, { SYNCD_PAUSE_AFTER_FAILURES: 'off' }).defaultPauseAfter).toBeNull();
  });

  it.each(['0', '1.5', '1001', 'never', ''])('refuses %j, naming it', (value) => {
    expect(() => loadConfig(root, { SYNCD_PAUSE_AFTER_FAILURES: value })).toThrow(ConfigError);
    expect(() => loadConfig(root, { SYNCD_PAUSE_AFTER_FAILURES: value })).toThrow(
      /SYNCD_PAUSE_AFTER_FAILURES: must be a whole number from 1 to 1000, or off/,
    );
  });
});
