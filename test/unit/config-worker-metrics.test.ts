import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config/config.js';

const root = path.resolve(import.meta.dirname, '..', '..');

describe('SYNCD_WORKER_METRICS_PORT and SYNCD_WORKER_METRICS_HOST', () => {
  it('default to port 3004 on loopback', () => {
    expect(loadConfig(root, {}).workerMetrics).toEqual({ port: 3004, host: '127.0.0.1' });
  });

  it('are read from the environment; port 0 asks for a free one', () => {
    expect(loadConfig(root, { SYNCD_WORKER_METRICS_PORT: '0', SYNCD_WORKER_METRICS_HOST: '0.0.0.0' }).workerMetrics).toEqual({
      port: 0,
      host: '0.0.0.0',
    });
  });

  it.each(['-1', '65536', 'nine', '1.5'])('a port of %s is refused, naming the variable', (value) => {
    expect(() => loadConfig(root, { SYNCD_WORKER_METRICS_PORT: value })).toThrow(ConfigError);
    expect(() => loadConfig(root, { SYNCD_WORKER_METRICS_PORT: value })).toThrow('environment: SYNCD_WORKER_METRICS_PORT');
  });
});
