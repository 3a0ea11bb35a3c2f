import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ConfigError, DEFAULT_JOB_RETENTION, DEFAULT_MAX_RESPONSE_BYTES, loadConfig } from '../../src/config/config.js';

const rootDir = fileURLToPath(new URL('../..', import.meta.url));

describe('job retention and response size configuration', () => {
  it('defaults to 30 days, 1000 jobs per sync and 10 MiB of records per page', () => {
    const config = loadConfig(rootDir, {});
    expect(config.jobRetention).toEqual({ days: 30, maxJobsPerSync: 1000 });
    expect(DEFAULT_JOB_RETENTION).toEqual({ days: 30, maxJobsPerSync: 1000 });
    expect(config.maxResponseBytes).toBe(DEFAULT_MAX_RESPONSE_BYTES);
    expect(DEFAULT_MAX_RESPONSE_BYTES).toBe(10 * 1024 * 1024);
  });

  it('takes them from the environment', () => {
    const config = loadConfig(rootDir, { SYNCD_JOB_RETENTION_DAYS: '7', SYNCD_MAX_JOBS_PER_SYNC: '50', SYNCD_MAX_RESPONSE_BYTES: '65536' });
    expect(config.jobRetention).toEqual({ days: 7, maxJobsPerSync: 50 });
    expect(config.maxResponseBytes).toBe(65536);
  });

  it('rejects values that are not positive whole numbers, naming each variable', () => {
    const load = () =>
      loadConfig(rootDir, { SYNCD_JOB_RETENTION_DAYS: '0', SYNCD_MAX_JOBS_PER_SYNC: 'many', SYNCD_MAX_RESPONSE_BYTES: '10' });
    expect(load).toThrow(ConfigError);
    expect(load).toThrow(/SYNCD_JOB_RETENTION_DAYS[\s\S]*SYNCD_MAX_JOBS_PER_SYNC[\s\S]*SYNCD_MAX_RESPONSE_BYTES/);
  });
});
