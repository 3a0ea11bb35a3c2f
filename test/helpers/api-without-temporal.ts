import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Logger } from '@temporalio/common';
import { buildSystem } from '../../app/build-system.js';
import { loadConfig } from '../../src/config/config.js';
import type { Storage } from '../../src/storage/storage.js';
import { freePort } from './free-port.js';
import { testDatabaseUrl } from './test-harness.js';
import { TEST_OVERRIDES } from './test-overrides.js';

export interface ApiWithoutTemporal {
  baseUrl: string;
  storage: Storage;
  stop(): Promise<void>;
}

/**
 * The API on its own database (the storage SYNCD_TEST_STORAGE names) with a Temporal address nothing listens on: every Temporal call
 * fails as it would with the server down, while database reads work.
 */
export async function startApiWithoutTemporal(options: {
  timeoutMs: number;
  maxResponseBytes: number;
  /** Instead of the test logger, e.g. a pino logger writing to memory (log-capture.ts). */
  logger?: Logger;
}): Promise<ApiWithoutTemporal> {
  const dir = await mkdtemp(path.join(tmpdir(), 'syncd-no-temporal-'));
  const databaseUrl = await testDatabaseUrl();
  const config = loadConfig(path.resolve(import.meta.dirname, '..', '..'), {
    TEMPORAL_ADDRESS: `127.0.0.1:${await freePort()}`,
    SYNCD_DB_PATH: path.join(dir, 'syncd.db'),
    SYNCD_SECRET_KEY: randomBytes(32).toString('hex'),
    SYNCD_WEBHOOK_SECRET: 'unused-webhook-secret',
    SYNCD_API_PORT: '0',
    SYNCD_MAX_RESPONSE_BYTES: String(options.maxResponseBytes),
    ...(databaseUrl === undefined ? {} : { DATABASE_URL: databaseUrl }),
  });
  const system = await buildSystem(config, {
    ...TEST_OVERRIDES,
    worker: false,
    timeouts: { updateMs: options.timeoutMs, readMs: options.timeoutMs, connectMs: 1_000 },
    ...(options.logger ? { logger: options.logger } : {}),
  });
  return {
    baseUrl: `http://127.0.0.1:${system.apiPort}`,
    storage: system.storage,
    async stop() {
      await system.stop();
      await rm(dir, { recursive: true, force: true });
    },
  };
}
