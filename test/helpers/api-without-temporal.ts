import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { createApp } from '../../src/api/app.js';
import { listen } from '../../src/api/listen.js';
import { SecretBox } from '../../src/storage/secret-box.js';
import { SqliteStorage } from '../../src/storage/sqlite/sqlite-storage.js';
import { freePort } from './free-port.js';

export interface ApiWithoutTemporal {
  baseUrl: string;
  storage: SqliteStorage;
  stop(): Promise<void>;
}

/**
 * The API on its own database with a Temporal address nothing listens on: every Temporal call
 * fails as it would with the server down, while database reads work.
 */
export async function startApiWithoutTemporal(options: { timeoutMs: number; maxResponseBytes: number }): Promise<ApiWithoutTemporal> {
  const dir = await mkdtemp(path.join(tmpdir(), 'syncd-no-temporal-'));
  const storage = new SqliteStorage({ file: path.join(dir, 'syncd.db'), secretBox: new SecretBox(randomBytes(32)) });
  const connection = Connection.lazy({ address: `127.0.0.1:${await freePort()}`, connectTimeout: '1s' });
  const app = createApp({
    storage,
    client: new Client({ connection }),
    taskQueue: 'unused',
    updateTimeoutMs: options.timeoutMs,
    readTimeoutMs: options.timeoutMs,
    minFrequencySeconds: 10,
    maxResponseBytes: options.maxResponseBytes,
    log: () => undefined,
  });
  const { server, port } = await listen(app, 0);
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    storage,
    async stop() {
      await new Promise((resolve) => server.close(resolve));
      await connection.close();
      await storage.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}
