import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ConfigError, DEFAULT_FETCH_LIMITS, loadConfig } from '../../src/config/config.js';
import { thrownBy } from '../helpers/thrown-by.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

describe('fetch limits in the configuration', () => {
  it('default to 50 MiB pages, 5 MiB records and 100 levels', () => {
    expect(loadConfig(root, {}).fetchLimits).toEqual({ maxPageBytes: 52_428_800, maxRecordBytes: 5_242_880, maxRecordDepth: 100 });
    expect(DEFAULT_FETCH_LIMITS).toEqual(loadConfig(root, {}).fetchLimits);
  });

  it('are read from SYNCD_MAX_PAGE_BYTES, SYNCD_MAX_RECORD_BYTES and SYNCD_MAX_RECORD_DEPTH', () => {
    const env = { SYNCD_MAX_PAGE_BYTES: '2048', SYNCD_MAX_RECORD_BYTES: '1024', SYNCD_MAX_RECORD_DEPTH: '8' };
    expect(loadConfig(root, env).fetchLimits).toEqual({ maxPageBytes: 2048, maxRecordBytes: 1024, maxRecordDepth: 8 });
  });

  it('reject values that are not sensible, naming each variable', () => {
    const env = { SYNCD_MAX_PAGE_BYTES: 'lots', SYNCD_MAX_RECORD_BYTES: '10', SYNCD_MAX_RECORD_DEPTH: '100000' };
    const error = thrownBy(() => loadConfig(root, env));
    expect(error).toBeInstanceOf(ConfigError);
    for (const name of Object.keys(env)) expect((error as ConfigError).message).toContain(`environment: ${name}`);
  });
});
