import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Job } from '../../src/contracts/job.js';
import { killAllTsProcesses, startTsProcess, type TsProcess } from '../helpers/child-process.js';
import { numberedRecords } from '../helpers/fake-api.js';
import { type Harness, waitFor } from '../helpers/harness.js';
import { rawRows } from '../helpers/raw-rows.js';
import { startTestHarness } from '../helpers/test-harness.js';

// Two API processes and two worker processes share one database and one task queue, as
// `npm run api` and `npm run worker` replicas do; the harness only provides the fake external API,
// the database, the task queue and a Temporal client to look at the workflows with.

interface ApiProcess {
  process: TsProcess;
  baseUrl: string;
}

let h: Harness;
let apiA: ApiProcess;
let apiB: ApiProcess;
let workers: TsProcess[];

const env = () => ({ ...process.env, ...h.workerEnv });

async function startApi(): Promise<ApiProcess> {
  const child = startTsProcess('test/helpers/api-process.ts', env(), { echoStderr: true });
  const [, port] = await child.waitForOutput(/^listening (\d+)$/m);
  return { process: child, baseUrl: `http://127.0.0.1:${port}` };
}

async function startWorker(): Promise<TsProcess> {
  const child = startTsProcess('test/helpers/worker-process.ts', env(), { echoStderr: true });
  await child.waitForOutput(/^ready$/m);
  return child;
}

// biome-ignore lint/suspicious/noExplicitAny: tests probe arbitrary JSON bodies; expect() checks their shape.
async function call(api: ApiProcess, method: string, path: string, body?: unknown): Promise<{ status: number; body: any }> {
  const response = await fetch(`${api.baseUrl}${path}`, {
    method,
    headers: method === 'GET' ? {} : { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: response.status, body: await response.json() };
}

const act = (api: ApiProcess, action: string, syncId: number) => call(api, 'PUT', '/v1/syncs', { action, sync_id: syncId });
const jobsOf = async (api: ApiProcess, syncId: number): Promise<Job[]> =>
  (await call(api, 'GET', `/v1/syncs/${syncId}/jobs?limit=100`)).body.data;
const settled = (jobs: Job[]) => jobs.every((job) => job.status !== 'running');

/** What each worker process is called in Temporal: the SDK's default identity, `<pid>@<host>`. */
const pidOfIdentity = (identity: string | null | undefined): number => Number(/^(\d+)@/.exec(identity ?? '')?.[1]);

beforeAll(async () => {
  // The worker processes take their environment from the harness: a killed worker's fetch moves
  // on after 8 missed one-second heartbeats (production: 20 s).
  h = await startTestHarness({ inProcessWorker: false, env: { SYNCD_FETCH_HEARTBEAT_TIMEOUT_MS: '8000' } });
  [apiA, apiB, ...workers] = await Promise.all([startApi(), startApi(), startWorker(), startWorker()]);
}, 120_000);

afterAll(async () => {
  // Never leave a process behind, whatever happened in a test.
  await killAllTsProcesses();
  await h?.stop();
});

describe('two API processes and two worker processes on one database and task queue', () => {
  it('a sync created through one API is resumed, paused and triggered through the other, and both show the same', async () => {
    h.fakeApi.reset(numberedRecords(5));
    const created = await call(apiA, 'POST', '/v1/syncs', {
      url: h.fakeApi.url('/items'),
      unique_key: 'id',
      frequency: '1 hour',
      paused: true,
    });
    expect(created.status).toBe(201);
    const syncId: number = created.body.sync_id;
    expect(await call(apiB, 'GET', `/v1/syncs/${syncId}`)).toEqual({ status: 200, body: created.body });

    const resumed = await act(apiB, 'resume', syncId);
    expect(resumed).toMatchObject({ status: 200, body: { sync_id: syncId, status: 'active' } });
    expect((await call(apiA, 'GET', `/v1/syncs/${syncId}`)).body.status).toBe('active');
    // A resume starts a job at once.
    await waitFor(
      () => jobsOf(apiA, syncId),
      (jobs) => jobs.length === 1 && settled(jobs),
    );

    const paused = await act(apiB, 'pause', syncId);
    expect(paused).toMatchObject({ status: 200, body: { sync_id: syncId, status: 'paused', next_run_at: null } });
    expect((await call(apiA, 'GET', `/v1/syncs/${syncId}`)).body).toMatchObject({ status: 'paused', next_run_at: null });

    expect((await act(apiB, 'trigger', syncId)).status).toBe(200);
    const jobs = await waitFor(
      () => jobsOf(apiA, syncId),
      (list) => list.length === 2 && settled(list),
    );
    expect(jobs.map((job) => [job.trigger, job.status])).toEqual([
      ['manual', 'succeeded'],
      ['resume', 'succeeded'],
    ]);
    expect(jobs[0]!.records).toMatchObject({ created: 0, unchanged: 5, fetched: 5 });
    expect(await jobsOf(apiB, syncId)).toEqual(jobs);
    const [viewA, viewB] = await Promise.all([call(apiA, 'GET', `/v1/syncs/${syncId}`), call(apiB, 'GET', `/v1/syncs/${syncId}`)]);
    expect(viewA).toEqual(viewB);
    expect(viewA.body).toMatchObject({ status: 'paused', last_job: { job_id: jobs[0]!.job_id }, totals: { records: 5 } });
  });

  it('an API process SIGKILLed leaves the other serving, jobs included', async () => {
    h.fakeApi.reset(numberedRecords(4));
    const doomed = await startApi();
    const created = await call(doomed, 'POST', '/v1/syncs', { url: h.fakeApi.url('/items'), unique_key: 'id', paused: true });
    expect(created.status).toBe(201);
    const syncId: number = created.body.sync_id;

    expect(await doomed.process.kill('SIGKILL')).toEqual({ code: null, signal: 'SIGKILL' });
    await expect(fetch(`${doomed.baseUrl}/healthz`)).rejects.toThrow();

    expect(await call(apiB, 'GET', '/healthz')).toEqual({ status: 200, body: { ok: true } });
    expect((await call(apiB, 'GET', `/v1/syncs/${syncId}`)).body).toMatchObject({ sync_id: syncId, status: 'paused' });
    expect((await act(apiB, 'trigger', syncId)).status).toBe(200);
    const [job] = await waitFor(
      () => jobsOf(apiB, syncId),
      (jobs) => jobs.length === 1 && settled(jobs),
    );
    expect(job).toMatchObject({ status: 'succeeded', records: { created: 4 } });
  });

  it('a worker SIGKILLed mid-job has its job finished by the other worker with exact counts and no duplicate record', async () => {
    const RECORDS = 60;
    const LIMIT = 3;
    h.fakeApi.reset(numberedRecords(RECORDS));
    // Slow pages, so the kill surely lands mid-job.
    h.fakeApi.delayMs = 300;
    const created = await call(apiA, 'POST', '/v1/syncs', {
      url: h.fakeApi.url('/offset'),
      unique_key: 'id',
      paused: true,
      paging: { type: 'offset', limit: LIMIT },
    });
    expect(created.status).toBe(201);
    const syncId: number = created.body.sync_id;
    expect((await act(apiB, 'trigger', syncId)).status).toBe(200);
    const [running] = await waitFor(
      () => jobsOf(apiA, syncId),
      (jobs) => jobs[0]?.status === 'running' && jobs[0].pages >= 3,
    );

    // The worker that runs the fetch is the one to kill; the other gets the retry once the
    // activity's heartbeat timeout (SYNCD_FETCH_HEARTBEAT_TIMEOUT_MS, set in beforeAll) has passed.
    const description = await h.client.workflow.getHandle(running!.workflow_id).describe();
    const fetchActivity = (description.raw.pendingActivities ?? []).find(
      (activity) => activity.activityType?.name === 'fetchAndStoreRecords',
    );
    const victim = workers.find((worker) => worker.pid === pidOfIdentity(fetchActivity?.lastWorkerIdentity));
    const survivor = workers.find((worker) => worker !== victim);
    expect(victim, `the fetch runs on ${fetchActivity?.lastWorkerIdentity}, not on one of ${workers.map((w) => w.pid)}`).toBeDefined();
    await victim!.kill('SIGKILL');
    expect((await jobsOf(apiA, syncId))[0]).toMatchObject({ job_id: running!.job_id, status: 'running' });
    h.fakeApi.delayMs = 0;

    const [done] = await waitFor(
      () => jobsOf(apiB, syncId),
      (jobs) => settled(jobs),
      60_000,
    );
    expect(await jobsOf(apiA, syncId)).toHaveLength(1);
    expect(done).toMatchObject({
      job_id: running!.job_id,
      status: 'succeeded',
      error: null,
      pages: RECORDS / LIMIT + 1,
      records: { created: RECORDS, updated: 0, unchanged: 0, deleted: 0, fetched: RECORDS },
    });

    // The records table itself: each record once.
    const counts = await rawRows(
      h.workerEnv,
      'SELECT CAST(COUNT(*) AS INTEGER) AS rows, CAST(COUNT(DISTINCT record_key) AS INTEGER) AS keys FROM records WHERE sync_id = $1',
      [syncId],
    );
    expect(counts).toEqual([{ rows: RECORDS, keys: RECORDS }]);
    expect((await call(apiB, 'GET', `/v1/syncs/${syncId}`)).body.totals).toEqual({ records: RECORDS });

    // The second attempt ran on the survivor.
    const history = await h.client.workflow.getHandle(running!.workflow_id).fetchHistory();
    const fetchStarts = (history.events ?? [])
      .map((event) => event.activityTaskStartedEventAttributes)
      .filter((started) => started?.attempt === 2);
    expect(fetchStarts.map((started) => pidOfIdentity(started?.identity))).toEqual([survivor!.pid]);
    // The survivor's orphan sweep never took the resumed job for an orphan, nor failed.
    expect(survivor!.output()).not.toMatch(/orphaned jobs failed/);
  }, 90_000);
});
