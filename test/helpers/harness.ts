import { randomBytes, randomInt, randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { type Client, ScheduleNotFoundError } from '@temporalio/client';
import type { FetchLimits } from '../../activities/http/limits.js';
import { buildSystem } from '../../app/build-system.js';
import { mapBounded } from '../../src/api/bounded-concurrency.js';
import { loadConfig } from '../../src/config/config.js';
import { syncScheduleId } from '../../src/contracts/ids.js';
import type { Job } from '../../src/contracts/job.js';
import type { Sync } from '../../src/contracts/sync-definition.js';
import { SyncClient } from '../../src/sdk/sync-client.js';
import type { Storage } from '../../src/storage/storage.js';
import { FakeApi } from './fake-api.js';
import { TEST_OVERRIDES } from './test-overrides.js';

export interface RunningApi {
  baseUrl: string;
  stop(): Promise<void>;
}

export interface Harness {
  baseUrl: string;
  /** GET here: the in-process worker's metrics (undefined when the test runs its workers elsewhere). */
  workerMetricsUrl: string | undefined;
  sdk: SyncClient;
  client: Client;
  storage: Storage;
  fakeApi: FakeApi;
  taskQueue: string;
  /** What the worker signs webhooks with. */
  webhookSecret: string;
  /** The environment this harness's syncd is configured from; a worker in another process builds from it (worker-process.ts). */
  workerEnv: Record<string, string>;
  /**
   * Raw JSON request to the API, for asserting status and body exactly as a user sees them. The
   * body is `any` on purpose: tests probe arbitrary JSON, and `expect` checks its shape.
   */
  // biome-ignore lint/suspicious/noExplicitAny: tests probe arbitrary JSON bodies; expect() checks their shape.
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
  /** A second API on this harness's database and task queue, configured with `env` changed (undefined removes a variable). */
  startApi(env: Record<string, string | undefined>): Promise<RunningApi>;
  stop(): Promise<void>;
}

const root = path.resolve(import.meta.dirname, '..', '..');
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
  /** More environment, such as TEMPORAL_TLS_* for a server behind TLS. */
  env?: Record<string, string>;
  /** A PostgreSQL database of its own (DATABASE_URL); SQLite in a temp folder when absent. */
  databaseUrl?: string;
}

function fetchLimitsEnv(limits: Partial<FetchLimits> = {}): Record<string, string> {
  const env: Record<string, string> = {};
  if (limits.maxPageBytes !== undefined) env.SYNCD_MAX_PAGE_BYTES = String(limits.maxPageBytes);
  if (limits.maxRecordBytes !== undefined) env.SYNCD_MAX_RECORD_BYTES = String(limits.maxRecordBytes);
  if (limits.maxRecordDepth !== undefined) env.SYNCD_MAX_RECORD_DEPTH = String(limits.maxRecordDepth);
  return env;
}

export async function startHarness(options: HarnessOptions): Promise<Harness> {
  const dir = await mkdtemp(path.join(tmpdir(), 'syncd-harness-'));
  const env: Record<string, string> = {
    TEMPORAL_ADDRESS: options.address,
    SYNCD_TASK_QUEUE: `test-${randomUUID()}`,
    SYNCD_DB_PATH: path.join(dir, 'syncd.db'),
    SYNCD_SECRET_KEY: randomBytes(32).toString('hex'),
    SYNCD_WEBHOOK_SECRET: WEBHOOK_SECRET,
    SYNCD_FIRST_SYNC_ID: String(randomInt(1_000, 1_000_000_000)),
    SYNCD_API_PORT: '0',
    SYNCD_WORKER_METRICS_PORT: '0',
    // Lifecycle tests watch a sync run every second.
    SYNCD_MIN_FREQUENCY_SECONDS: '1',
    ...fetchLimitsEnv(options.fetchLimits),
    ...options.env,
    ...(options.databaseUrl === undefined ? {} : { DATABASE_URL: options.databaseUrl }),
  };
  const config = loadConfig(root, env);
  const system = await buildSystem(config, {
    ...TEST_OVERRIDES,
    worker: options.inProcessWorker ?? true,
    // Tests that need the sweep run it themselves, when the job they orphaned is there to sweep.
    orphanSweep: false,
    workflowBundle: { codePath: options.workflowBundlePath },
  });
  const { storage, client } = system;
  const baseUrl = `http://127.0.0.1:${system.apiPort}`;
  const fakeApi = await new FakeApi().start();

  // With SYNCD_API_KEYS in `options.env`, the harness's own calls and SDK use the first key.
  const apiKey = config.api.access.keys[0];
  const authorization: Record<string, string> = apiKey === undefined ? {} : { authorization: `Bearer ${apiKey}` };
  const api: Harness['api'] = async (method, apiPath, body) => {
    const response = await fetch(`${baseUrl}${apiPath}`, {
      method,
      headers: { ...authorization, ...(method === 'GET' ? {} : { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
    });
    return { status: response.status, body: await response.json() };
  };
  const jobsOf = async (syncId: number): Promise<Job[]> => (await api('GET', `/v1/syncs/${syncId}/jobs?limit=100`)).body.data;
  const act = (action: string, syncId: number) => api('PUT', '/v1/syncs', { action, sync_id: syncId });
  const waitForNewJob = async (syncId: number, before: number): Promise<Job> => {
    const jobs = await waitFor(
      () => jobsOf(syncId),
      (list) => list.length > before && list[0]!.status !== 'running',
      30_000,
    );
    return jobs[0]!;
  };

  return {
    baseUrl,
    workerMetricsUrl: system.workerMetricsPort === 0 ? undefined : `http://127.0.0.1:${system.workerMetricsPort}/metrics`,
    sdk: new SyncClient({ baseUrl, ...(apiKey === undefined ? {} : { apiKey }) }),
    client,
    storage,
    fakeApi,
    taskQueue: config.temporal.taskQueue,
    webhookSecret: WEBHOOK_SECRET,
    workerEnv: { ...env, WORKFLOW_BUNDLE_PATH: options.workflowBundlePath },
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
    async startApi(changes) {
      const changed = Object.fromEntries(
        Object.entries({ ...env, ...changes }).filter((entry): entry is [string, string] => entry[1] !== undefined),
      );
      const other = await buildSystem(loadConfig(root, changed), { ...TEST_OVERRIDES, worker: false });
      return { baseUrl: `http://127.0.0.1:${other.apiPort}`, stop: () => other.stop() };
    },
    async stop() {
      // Schedules outlive workers: delete them so they stop firing into a dead task queue.
      // One at a time: deleting a test's schedules concurrently hung lifecycle.test.ts's teardown on CI.
      await forEachStoredSync(storage, 1, async (syncId) => {
        await client.schedule
          .getHandle(syncScheduleId(syncId))
          .delete()
          .catch((error: unknown) => {
            if (!(error instanceof ScheduleNotFoundError)) throw error;
          });
      });
      await fakeApi.stop();
      await system.stop();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/** Calls `call` for every stored sync, a page at a time, `concurrency` at once (a bench leaves thousands). */
export async function forEachStoredSync(storage: Storage, concurrency: number, call: (syncId: number) => Promise<void>): Promise<void> {
  for (let after = 0; ; ) {
    const page = await storage.listSyncs({ limit: 1000, after });
    if (page.length === 0) return;
    await mapBounded(page, concurrency, (sync) => call(sync.sync_id));
    after = page.at(-1)!.sync_id;
  }
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
