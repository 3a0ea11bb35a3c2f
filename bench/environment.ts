// What the benches share: their own in-memory Temporal dev server, a workflow bundle and a
// harness with no in-process worker, plus creating a sync and waiting for its triggered job.
// The storage engine is whatever the configuration selects from the bench's environment
// (`DATABASE_URL` set: PostgreSQL, where the build supports it; otherwise SQLite in a temp dir).
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { syncWorkflowId } from '../src/contracts/ids.js';
import type { Job } from '../src/contracts/job.js';
import { SqliteStorage } from '../src/storage/sqlite/sqlite-storage.js';
import { forEachStoredSync, type Harness, startHarness } from '../test/helpers/harness.js';
import { startTemporalTestEnv } from '../test/helpers/temporal-env.js';

export const root = path.resolve(import.meta.dirname, '..');
export const PAGE_LIMIT = 1000;
const JOB_TIMEOUT_MS = 30 * 60_000;

export interface BenchEnvironment {
  h: Harness;
  /** The Temporal dev server's process, for reading its memory. */
  temporalPid: number;
  /** The dev server's frontend, host:port. */
  address: string;
  stop(): Promise<void>;
}

/** The storage engine a bench's syncd runs on, as the benches name it and reach it. */
export type BenchEngine = { kind: 'sqlite'; file: string } | { kind: 'postgres'; url: string };

/** The engine the harness really built (its storage class), with the database it was pointed at; no password. */
export function storageEngine(h: Harness): string {
  const url = h.workerEnv.DATABASE_URL;
  const where = url ? url.replace(/\/\/([^:@/]+):[^@/]*@/, '//$1:***@') : h.workerEnv.SYNCD_DB_PATH;
  return `${h.storage.constructor.name} (${where})`;
}

/**
 * Dev server + bundle + harness; `stop` tears down whatever was started, even after a failure.
 * The worker runs in the bench's process only when asked (`npm start` runs API and worker together).
 * `databaseUrl` (DATABASE_URL) goes to the harness and, through its workerEnv, to worker processes.
 */
export async function startBenchEnvironment(options: { inProcessWorker?: boolean; databaseUrl?: string } = {}): Promise<BenchEnvironment> {
  const env = await startTemporalTestEnv();
  let h: Harness | undefined;
  const stop = async () => {
    try {
      // The syncs' long-lived workflows would otherwise wait on a task queue that no longer has a
      // worker, and the dev server logs "task queue closed" as it shuts down.
      if (h) {
        const { client } = h;
        await forEachStoredSync(h.storage, 16, async (syncId) => {
          await client.workflow
            .getHandle(syncWorkflowId(syncId))
            .terminate('bench finished')
            .catch(() => undefined);
        });
      }
      await h?.stop();
    } finally {
      await env.stop();
    }
  };
  try {
    h = await startHarness({
      address: env.address,
      workflowBundlePath: env.workflowBundlePath,
      inProcessWorker: options.inProcessWorker ?? false,
      ...(options.databaseUrl === undefined ? {} : { databaseUrl: options.databaseUrl }),
    });
    return { h, temporalPid: env.serverPid, address: env.address, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

/**
 * DATABASE_URL of the bench's own environment, taken out of it: the harness and its worker
 * processes get it explicitly, while the dev server's configuration, read from this environment,
 * would otherwise demand the secrets that only the harness makes.
 */
export function takeDatabaseUrl(): string | undefined {
  const url = process.env.DATABASE_URL;
  delete process.env.DATABASE_URL;
  return url === '' ? undefined : url;
}

/**
 * The engine the harness's syncd opened, read from its storage rather than from DATABASE_URL: a
 * build without the PostgreSQL engine ignores the variable and runs on SQLite.
 */
export function benchEngine(h: Harness): BenchEngine {
  if (h.storage instanceof SqliteStorage) return { kind: 'sqlite', file: h.workerEnv.SYNCD_DB_PATH! };
  const url = h.workerEnv.DATABASE_URL;
  if (url === undefined) throw new Error('the harness runs on neither SQLite nor a DATABASE_URL');
  return { kind: 'postgres', url };
}

/** The engine as a report line shows it: SQLite's file, or PostgreSQL's URL without its password. */
export function describeEngine(engine: BenchEngine): string {
  if (engine.kind === 'sqlite') return `SQLite (${engine.file})`;
  const url = new URL(engine.url);
  if (url.password) url.password = '***';
  return `PostgreSQL (${url.toString()})`;
}

/** A paused sync over the fake API's /offset route, in pages of PAGE_LIMIT, without max_total. */
export async function createOffsetSync(h: Harness, name: string): Promise<number> {
  const response = await h.api('POST', '/v1/syncs', {
    url: h.fakeApi.url('/offset'),
    unique_key: 'id',
    paging: { type: 'offset', limit: PAGE_LIMIT },
    friendly_name: name,
    paused: true,
  });
  if (response.status !== 201) throw new Error(`create answered ${response.status}: ${JSON.stringify(response.body)}`);
  return response.body.sync_id as number;
}

export async function triggerSync(h: Harness, syncId: number): Promise<void> {
  const response = await h.api('PUT', '/v1/syncs', { action: 'trigger', sync_id: syncId });
  if (response.status !== 200) throw new Error(`trigger answered ${response.status}: ${JSON.stringify(response.body)}`);
}

/** Polls the sync's jobs until the newest has ended; throws unless it succeeded. */
export async function waitForJob(h: Harness, syncId: number): Promise<Job> {
  const deadline = Date.now() + JOB_TIMEOUT_MS;
  for (;;) {
    const response = await h.api('GET', `/v1/syncs/${syncId}/jobs?limit=10`);
    if (response.status !== 200) throw new Error(`jobs answered ${response.status}: ${JSON.stringify(response.body)}`);
    const [job] = response.body.data as Job[];
    if (job && job.status !== 'running') {
      if (job.status !== 'succeeded') throw new Error(`job ${job.job_id} ended ${job.status}: ${job.error?.code} ${job.error?.message}`);
      return job;
    }
    if (Date.now() > deadline) throw new Error(`job of sync ${syncId} still running after ${JOB_TIMEOUT_MS} ms`);
    await sleep(100);
  }
}
