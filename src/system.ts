import type { Server } from 'node:http';
import { Client, Connection } from '@temporalio/client';
import { NativeConnection, type Worker } from '@temporalio/worker';
import { finaliseOrphanedJobs } from '../worker/orphaned-jobs.js';
import { createSyncWorker } from '../worker/create-worker.js';
import { createApp } from './api/app.js';
import { listen } from './api/listen.js';
import type { Config } from './config/config.js';
import { resolveSecrets } from './config/secrets.js';
import { SecretBox } from './storage/secret-box.js';
import { SqliteStorage } from './storage/sqlite/sqlite-storage.js';

const ORPHAN_SWEEP_MS = 60_000;

export interface RunningSystem {
  apiPort: number;
  stop(): Promise<void>;
}

function logError(message: string, error: unknown): void {
  console.error(`syncd: ${message}:`, error);
}

/** Opens storage, connects to Temporal, runs a worker and serves the API, as `npm start` does. */
export async function runSystem(config: Config, parts: { worker: boolean; api: boolean }): Promise<RunningSystem> {
  const secrets = resolveSecrets(config);
  const storage = new SqliteStorage({
    file: config.database.path,
    firstSyncId: config.database.firstSyncId,
    secretBox: new SecretBox(secrets.key),
    jobRetention: config.jobRetention,
  });
  const connection = Connection.lazy({ address: config.temporal.address, connectTimeout: '5s' });
  const client = new Client({ connection, namespace: config.temporal.namespace });
  let worker: Worker | undefined;
  let workerRun: Promise<void> | undefined;
  let sweeper: NodeJS.Timeout | undefined;
  let server: Server | undefined;
  let apiPort = 0;

  if (parts.worker) {
    const nativeConnection = await NativeConnection.connect({ address: config.temporal.address });
    worker = await createSyncWorker({
      connection: nativeConnection,
      namespace: config.temporal.namespace,
      taskQueue: config.temporal.taskQueue,
      storage,
      client,
      webhookSecret: secrets.webhookSecret,
      defaultWebhookUrl: config.webhooks.defaultUrl,
      fetchLimits: config.fetchLimits,
    });
    workerRun = worker.run().finally(() => nativeConnection.close());
    const sweep = () => finaliseOrphanedJobs(storage, client).catch((error: unknown) => logError('finalising orphaned jobs failed', error));
    void sweep();
    sweeper = setInterval(sweep, ORPHAN_SWEEP_MS);
  }
  if (parts.api) {
    const app = createApp({
      storage,
      client,
      taskQueue: config.temporal.taskQueue,
      updateTimeoutMs: 30_000,
      // A schedule describe takes milliseconds; without Temporal, GET shows the stored next run.
      readTimeoutMs: 1_000,
      minFrequencySeconds: config.api.minFrequencySeconds,
      maxResponseBytes: config.maxResponseBytes,
      log: logError,
    });
    ({ server, port: apiPort } = await listen(app, config.api.port, '0.0.0.0'));
  }

  return {
    apiPort,
    async stop() {
      clearInterval(sweeper);
      await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
      if (worker && worker.getState() === 'RUNNING') worker.shutdown();
      await workerRun;
      await connection.close();
      await storage.close();
    },
  };
}
