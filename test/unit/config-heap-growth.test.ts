import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, DEFAULT_WORKER_HEAP_GROWTH_PERCENT, loadConfig } from '../../src/config/config.js';

const root = path.resolve(import.meta.dirname, '..', '..');

describe('SYNCD_WORKER_HEAP_GROWTH_PERCENT', () => {
  it('defaults to 20 percent', () => {
    expect(DEFAULT_WORKER_HEAP_GROWTH_PERCENT).toBe(20);
    expect(loadConfig(root, {}).workerHeapGrowthPercent).toBe(20);
  });

  it('is read from the environment; 0 leaves the growth to V8', () => {
    expect(loadConfig(root, { SYNCD_WORKER_HEAP_GROWTH_PERCENT: '50' }).workerHeapGrowthPercent).toBe(50);
    expect(loadConfig(root, { SYNCD_WORKER_HEAP_GROWTH_PERCENT: '0' }).workerHeapGrowthPercent).toBe(0);
  });

  it.each(['-1', '1001', 'twenty', '1.5'])('%s is refused, naming the variable', (value) => {
    expect(() => loadConfig(root, { SYNCD_WORKER_HEAP_GROWTH_PERCENT: value })).toThrow(ConfigError);
    expect(() => loadConfig(root, { SYNCD_WORKER_HEAP_GROWTH_PERCENT: value })).toThrow('environment: SYNCD_WORKER_HEAP_GROWTH_PERCENT');
  });
});
