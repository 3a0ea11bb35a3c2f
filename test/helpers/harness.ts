import { randomBytes, randomInt, randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import type { Server } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { Client, Connection, ScheduleNotFoundError } from '@temporalio/client';
import { DefaultLogger, NativeConnection, Runtime, type Worker } from '@temporalio/worker';
import type { FetchLimits } from '../../activities/http/limits.js';
import { createApp } from '../../src/api/app.js';
import { listen } from '../../src/api/listen.js';
import { DEFAULT_FETCH_LIMITS, DEFAULT_MAX_RESPONSE_BYTES } from '../../src/config/config.js';
import { syncScheduleId } from '../../src/contracts/ids.js';
import type { Job } from '../../src/contracts/job.js';
import type { Sync } from '../../src/contracts/sync.js';
import { SyncClient } from '../../src/sdk/sync-client.js';
import { SecretBox } from '../../src/storage/secret-box.js';
import { SqliteStorage } from '../../src/storage/sqlite/sqlite-storage.js';
import { createSyncWorker } from '../../worker/create-worker.js';
import { FakeApi } from './fake-api.js';

export interface Harness {
  baseUrl: string;
  sdk: SyncClient;
  client: Client;
  storage: SqliteStorage;
  fakeApi: FakeApi;
  taskQueue: string;
  /** What the worker signs webhooks with. */
  webhookSecret: string;
  /** What a worker in another process needs to share this harness's database (worker-process.ts). */
  workerEnv: Record<string, string>;
  /**
   * Raw JSON request to the API, for asserting status and body exactly as a user sees them. The
   * body is `any` on purpose: tests probe arbitrary JSON, and `expect` checks its shape.
   */
  api(method: string, path: string, body?: unknown): Promise<{ status: number; body: any }>;
  /** The sync's jobs, newest first. */
  jobsOf(syncId: number): Promise<Job[]>;
  /** `PUT /v1/syncs` exactly as the seed contract has it. */
  act(action: string, syncId: number): ReturnType<Harness['api']>;
  /** Creates a sync (unique_key "id" unless given) and fails unless the API answers 201. */
  createSync(fields: Record<string, unknown>): Promise<Sync>;
  /** Triggers a job and waits until it has ended. */
  runJob(syncId: number): Promise<Job>;
  /** Waits until the sync has more than `before` jobs and the newest has ended. */
  waitForNewJob(syncId: number, before: number): Promise<Job>;
  stop(): Promise<void>;
}

// Tests fail activities on purpose, which the worker logs as warnings; errors still show.
Runtime.install({ logger: new DefaultLogger('ERROR') });

const WEBHOOK_SECRET = 'test-webhook-secret-0123456789';

/**
 * A whole syncd against the suite's dev server: its own task queue, database, sync id range,
 * worker, API on a free port and fake external API, so test files never share state.
 */
export interface HarnessOptions {
  address: string;
  workflowBundlePath: string;
  /** False when the test runs its workers in processes of their own (see worker-process.ts). */
  inProcessWorker?: boolean;
  /** Smaller bounds than the defaults, so a test can pass them without sending gigabytes. */
  fetchLimits?: Partial<FetchLimits>;
}

export async function startHarness(options: HarnessOptions): Promise<Harness> {
  const { address } = options;
  const taskQueue = `test-${randomUUID()}`;
  const dir = await mkdtemp(path.join(tmpdir(), 'syncd-harness-'));
  const dbFile = path.join(dir, 'syncd.db');
  const secretKey = randomBytes(32);
  const storage = new SqliteStorage({
    file: dbFile,
    firstSyncId: randomInt(1_000, 1_000_000_000),
    secretBox: new SecretBox(secretKey),
  });
  const connection = await Connection.connect({ address });
  const client = new Client({ connection });
  const nativeConnection = await NativeConnection.connect({ address });
  let worker: Worker | undefined;
  if (options.inProcessWorker ?? true) {
    worker = await createSyncWorker({
      connection: nativeConnection,
      namespace: 'default',
      taskQueue,
      storage,
      client,
      webhookSecret: WEBHOOK_SECRET,
      defaultWebhookUrl: undefined,
      fetchLimits: { ...DEFAULT_FETCH_LIMITS, ...options.fetchLimits },
      workflowBundle: { codePath: options.workflowBundlePath },
    });
  }
  const workerRun = worker?.run();
  const app = createApp({
    storage,
    client,
    taskQueue,
    updateTimeoutMs: 30_000,
    readTimeoutMs: 5_000,
    // Lifecycle tests watch a sync run every second.
    minFrequencySeconds: 1,
    maxResponseBytes: DEFAULT_MAX_RESPONSE_BYTES,
    log: (message, error) => console.error(message, error),
  });
  const { server, port } = await listen(app, 0);
  const baseUrl = `http://127.0.0.1:${port}`;
  const fakeApi = await new FakeApi().start();

  const api: Harness['api'] = async (method, apiPath, body) => {
    const response = await fetch(`${baseUrl}${apiPath}`, {
      method,
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
    });
    return { status: response.status, body: await response.json() };
  };
  const jobsOf = async (syncId: number): Promise<Job[]> => (await api('GET', `/v1/syncs/${syncId}/jobs?limit=100`)).body.data;
  const act = (action: string, syncId: number) => api('PUT', '/v1/syncs', { action, sync_id: syncId });
  const waitForNewJob = async (syncId: number, before: number): Promise<Job> => {
    const jobs = await waitFor(() => jobsOf(syncId), (list) => list.length > before && list[0]!.status !== 'running', 30_000);
    return jobs[0]!;
  };

  return {
    baseUrl,
    sdk: new SyncClient({ baseUrl }),
    client,
    storage,
    fakeApi,
    taskQueue,
    webhookSecret: WEBHOOK_SECRET,
    workerEnv: {
      TEMPORAL_ADDRESS: address,
      SYNCD_TASK_QUEUE: taskQueue,
      SYNCD_DB_PATH: dbFile,
      SYNCD_SECRET_KEY: secretKey.toString('hex'),
      WORKFLOW_BUNDLE_PATH: options.workflowBundlePath,
    },
    api,
    jobsOf,
    act,
    async createSync(fields) {
      const response = await api('POST', '/v1/syncs', { unique_key: 'id', ...fields });
      if (response.status !== 201) throw new Error(`create answered ${response.status}: ${JSON.stringify(response.body)}`);
      return response.body as Sync;
    },
    async runJob(syncId) {
      const before = (await jobsOf(syncId)).length;
      const triggered = await act('trigger', syncId);
      if (triggered.status !== 200) throw new Error(`trigger answered ${triggered.status}: ${JSON.stringify(triggered.body)}`);
      return waitForNewJob(syncId, before);
    },
    waitForNewJob,
    async stop() {
      // Schedules outlive workers: delete them so they stop firing into a dead task queue.
      for (const sync of await storage.listSyncs({ limit: 10_000 })) {
        await client.schedule.getHandle(syncScheduleId(sync.sync_id)).delete().catch((error: unknown) => {
          if (!(error instanceof ScheduleNotFoundError)) throw error;
        });
      }
      await closeServer(server);
      await fakeApi.stop();
      worker?.shutdown();
      await workerRun;
      await nativeConnection.close();
      await connection.close();
      await storage.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

function closeServer(server: Server): Promise<void> {
  server.closeAllConnections();
  return new Promise((resolve) => server.close(() => resolve()));
}

/** Polls `probe` until it returns a value that passes `done`, or fails after `timeoutMs`. */
export async function waitFor<T>(probe: () => Promise<T>, done: (value: T) => boolean, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last = await probe();
  while (!done(last)) {
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms; last value: ${JSON.stringify(last)}`);
    await sleep(200);
    last = await probe();
  }
  return last;
}
