import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config/config.js';

const root = path.resolve(import.meta.dirname, '..', '..');

describe('SYNCD_BULK_CONCURRENCY and SYNCD_BULK_MAX_SYNCS', () => {
  it('default to 8 syncs at once and 1000 per call', () => {
    expect(loadConfig(root, {}).api).toMatchObject({ bulkConcurrency: 8, bulkMaxSyncs: 1000 });
  });

  it('are read from the environment', () => {
    expect(loadConfig(root, { SYNCD_BULK_CONCURRENCY: '2', SYNCD_BULK_MAX_SYNCS: '50' }).api).toMatchObject({
      bulkConcurrency: 2,
      bulkMaxSyncs: 50,
    });
  });

  it.each([
    ['SYNCD_BULK_CONCURRENCY', '0'],
    ['SYNCD_BULK_CONCURRENCY', '1.5'],
    ['SYNCD_BULK_CONCURRENCY', '257'],
    ['SYNCD_BULK_MAX_SYNCS', '-1'],
    ['SYNCD_BULK_MAX_SYNCS', 'many'],
    ['SYNCD_BULK_MAX_SYNCS', '100001'],
  ])('refuse %s=%j, naming it', (name, value) => {
    expect(() => loadConfig(root, { [name]: value })).toThrow(ConfigError);
    expect(() => loadConfig(root, { [name]: value })).toThrow(name);
  });
});
