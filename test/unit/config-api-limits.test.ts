import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config/config.js';

const root = path.resolve(import.meta.dirname, '..', '..');

describe('SYNCD_MIN_FREQUENCY_SECONDS', () => {
  it('defaults to 10 seconds', () => {
    expect(loadConfig(root, {}).api.minFrequencySeconds).toBe(10);
  });

  it('is read from the environment', () => {
    expect(loadConfig(root, { SYNCD_MIN_FREQUENCY_SECONDS: '1' }).api.minFrequencySeconds).toBe(1);
  });

  it.each(['0', '-5', '1.5', 'soon'])('refuses %j', (value) => {
    expect(() => loadConfig(root, { SYNCD_MIN_FREQUENCY_SECONDS: value })).toThrow(ConfigError);
  });
});
