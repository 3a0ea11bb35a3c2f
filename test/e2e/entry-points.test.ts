import { execFile } from 'node:child_process';
import { randomBytes, randomInt, randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Job } from '../../src/contracts/job.js';
import { isAlive, killAllTsProcesses, startTsProcess } from '../helpers/child-process.js';
import { FakeApi, numberedRecords } from '../helpers/fake-api.js';
import { freePort } from '../helpers/free-port.js';
import { waitFor } from '../helpers/harness.js';
import { scrape } from '../helpers/prometheus-text.js';

const root = path.resolve(import.meta.dirname, '..', '..');
let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'syncd-entry-'));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

/** Runs an entry point as its npm script does, with `env` over a clean syncd environment. */
function run(script: string, env: Record<string, string>): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve) => {
    const child = execFile(process.execPath, ['--import', 'tsx', script], {
      cwd: root,
      env: { PATH: process.env.PATH, SYNCD_DB_PATH: path.join(dir, 'syncd.db'), ...env },
      timeout: 60_000,
    });
    let stderr = '';
    child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.once('close', (code) => resolve({ code, stderr }));
  });
}

describe('the entry points', () => {
  it('`npm run worker` with no Temporal at its address says so and exits 1', async () => {
    const address = `127.0.0.1:${await freePort()}`;
    const { code, stderr } = await run('worker/main.ts', { TEMPORAL_ADDRESS: address });
    expect(code).toBe(1);
    expect(stderr).toContain(`syncd: could not start: Error: could not connect to Temporal at ${address}`);
    expect(stderr).toContain('[cause]');
    expect(stderr).not.toMatch(/unhandled/i);
  });

  it('`npm start` with an invalid configuration lists the problem and exits 1, starting nothing', async () => {
    const { code, stderr } = await run('scripts/start.ts', { SYNCD_API_PORT: 'not-a-port' });
    expect(code).toBe(1);
    expect(stderr).toContain('syncd: could not start: invalid configuration:\n  - environment: SYNCD_API_PORT:');
    expect(stderr).not.toMatch(/unhandled|\n\s+at /i);
  });

  it.each([
    ['`npm run worker`', 'worker/main.ts'],
    ['`npm start`', 'scripts/start.ts'],
  ])('%s with a DATABASE_URL nothing answers at names it, password masked, and exits 1', async (_name, script) => {
    const url = `postgres://syncd:pg-s3cret@127.0.0.1:${await freePort()}/syncd`;
    const { code, stderr } = await run(script, {
      DATABASE_URL: url,
      SYNCD_SECRET_KEY: randomBytes(32).toString('hex'),
      SYNCD_WEBHOOK_SECRET: 'an-entry-point-webhook-secret',
      TEMPORAL_ADDRESS: inject('temporalAddress'),
    });
    expect(code).toBe(1);
    expect(stderr).toContain(
      `syncd: could not start: Error: could not open the PostgreSQL database at DATABASE_URL=${url.replace('pg-s3cret', '***')}`,
    );
    expect(stderr).toContain('ECONNREFUSED');
    expect(stderr).not.toContain('pg-s3cret');
    expect(stderr).not.toMatch(/unhandled/i);
  });

  it("`npm start` with TLS or an API key set starts no dev server in place of the operator's, and says how it tried to connect", async () => {
    const address = `127.0.0.1:${await freePort()}`;
    const { code, stderr } = await run('scripts/start.ts', { TEMPORAL_ADDRESS: address, TEMPORAL_API_KEY: 'not-to-be-printed' });
    expect(code).toBe(1);
    expect(stderr).toContain(
      `syncd: could not start: Error: could not connect to Temporal at ${address} (TLS trusting the system's CAs; API key from TEMPORAL_API_KEY)`,
    );
    expect(stderr).not.toContain('not-to-be-printed');
    expect(stderr).not.toMatch(/unhandled/i);
  });
});

/** A clean syncd environment on the suite's dev server, with a database, task queue and sync ids of its own. */
function liveEnv(name: string): Record<string, string | undefined> {
  return {
    PATH: process.env.PATH,
    TEMPORAL_ADDRESS: inject('temporalAddress'),
    SYNCD_DB_PATH: path.join(dir, name, 'syncd.db'),
    SYNCD_TASK_QUEUE: `test-${randomUUID()}`,
    SYNCD_FIRST_SYNC_ID: String(randomInt(1_000, 1_000_000_000)),
    SYNCD_API_PORT: '0',
    SYNCD_WORKER_METRICS_PORT: '0',
  };
}

// biome-ignore lint/suspicious/noExplicitAny: tests probe arbitrary JSON bodies; expect() checks their shape.
async function call(baseUrl: string, method: string, apiPath: string, body?: unknown): Promise<{ status: number; body: any }> {
  const response = await fetch(`${baseUrl}${apiPath}`, {
    method,
    headers: method === 'GET' ? {} : { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: response.status, body: await response.json() };
}

/** Triggers a job of the sync and resolves with it once it has ended. */
async function runJob(baseUrl: string, syncId: number): Promise<Job> {
  const before: Job[] = (await call(baseUrl, 'GET', `/v1/syncs/${syncId}/jobs`)).body.data;
  expect((await call(baseUrl, 'PUT', '/v1/syncs', { action: 'trigger', sync_id: syncId })).status).toBe(200);
  const jobs = await waitFor(
    async () => (await call(baseUrl, 'GET', `/v1/syncs/${syncId}/jobs`)).body.data as Job[],
    (list) => list.length > before.length && list[0]!.status !== 'running',
    30_000,
  );
  return jobs[0]!;
}

const workerStarted = /syncd: worker process started \(pid (\d+)\)/;
const workerPolling = (pid: number) => new RegExp(`syncd: worker polling task queue .* \\(pid ${pid}\\)`);

describe('`npm run api`', () => {
  it('serves the API alone and stops cleanly on SIGTERM', async () => {
    const api = startTsProcess('scripts/api.ts', liveEnv('api'));
    const [, port, pid] = await api.waitForOutput(/syncd: API and dashboard on http:\/\/localhost:(\d+) \(pid (\d+)\)/);
    expect(Number(pid)).toBe(api.pid);
    const baseUrl = `http://127.0.0.1:${port}`;
    expect(await call(baseUrl, 'GET', '/healthz')).toEqual({ status: 200, body: { ok: true } });
    expect(await call(baseUrl, 'GET', '/v1/syncs')).toMatchObject({ status: 200, body: { data: [] } });
    expect(await api.kill('SIGTERM')).toEqual({ code: 0, signal: null });
    expect(api.output()).not.toMatch(/worker|unhandled/i);
  });
});

describe('`npm start`', () => {
  let fakeApi: FakeApi;
  beforeAll(async () => {
    fakeApi = await new FakeApi().start();
    fakeApi.records = numberedRecords(3);
  });
  afterAll(async () => {
    await killAllTsProcesses();
    await fakeApi?.stop();
  });

  it('runs the worker in a process of its own, restarts it when it dies, and stops both on SIGTERM', async () => {
    const start = startTsProcess('scripts/start.ts', liveEnv('start'));
    const [, port, apiPid] = await start.waitForOutput(/syncd: API and dashboard on http:\/\/localhost:(\d+) \(pid (\d+)\)/);
    expect(Number(apiPid)).toBe(start.pid);
    const firstWorker = Number((await start.waitForOutput(workerStarted))[1]);
    expect(firstWorker).not.toBe(start.pid);
    await start.waitForOutput(workerPolling(firstWorker), 60_000);

    const baseUrl = `http://127.0.0.1:${port}`;
    // Paused, so its schedule never fires into the task queue once this test is over.
    const created = await call(baseUrl, 'POST', '/v1/syncs', { url: fakeApi.url('/items'), unique_key: 'id', paused: true });
    expect(created.status).toBe(201);
    const syncId: number = created.body.sync_id;
    expect(await runJob(baseUrl, syncId)).toMatchObject({ status: 'succeeded', records: { created: 3 } });
    // The job ran in the worker process, so its metrics are there; the API's show the sync.
    const [, metricsPort] = await start.waitForOutput(/syncd: worker metrics on http:\/\/127\.0\.0\.1:(\d+)\/metrics/);
    const workerMetrics = (await scrape(`http://127.0.0.1:${metricsPort}/metrics`)).samples;
    expect(workerMetrics.get('syncd_jobs_finished_total{status="succeeded",trigger="manual"}')).toBe(1);
    expect(workerMetrics.get('syncd_records_total{change="created"}')).toBe(3);
    expect((await scrape(`${baseUrl}/metrics`)).samples.get('syncd_syncs{status="paused"}')).toBe(1);

    process.kill(firstWorker, 'SIGKILL');
    await start.waitForOutput(
      new RegExp(`syncd: the worker process \\(pid ${firstWorker}\\) was killed by SIGKILL unexpectedly; restarting it in 1 s`),
    );
    const restarted = await start.waitForOutput(new RegExp(`${workerStarted.source}[\\s\\S]*${workerStarted.source}`));
    const secondWorker = Number(restarted[2]);
    expect([start.pid, firstWorker]).not.toContain(secondWorker);
    await start.waitForOutput(workerPolling(secondWorker), 60_000);
    // The API went on serving, and the new worker runs jobs.
    expect(await runJob(baseUrl, syncId)).toMatchObject({ status: 'succeeded', records: { unchanged: 3 } });

    const stopping = start.output().length;
    expect(await start.kill('SIGTERM')).toEqual({ code: 0, signal: null });
    expect(isAlive(secondWorker)).toBe(false);
    // The parent takes the signal and stops its worker, which says so once it is gone.
    const stopLog = start.output().slice(stopping);
    expect(stopLog.indexOf('syncd: shutting down')).toBeGreaterThanOrEqual(0);
    expect(stopLog.indexOf(`syncd: worker process (pid ${secondWorker}) stopped`)).toBeGreaterThan(stopLog.indexOf('syncd: shutting down'));
    expect(start.output()).not.toMatch(/unhandled|could not stop/i);
  }, 120_000);

  it('leaves no worker behind when it is SIGKILLed itself', async () => {
    const start = startTsProcess('scripts/start.ts', liveEnv('start-killed'));
    const worker = Number((await start.waitForOutput(workerStarted))[1]);
    await start.waitForOutput(workerPolling(worker), 60_000);
    await start.kill('SIGKILL');
    await waitFor(
      async () => isAlive(worker),
      (alive) => !alive,
      20_000,
    );
    expect(start.output()).toContain('syncd: the parent process is gone; shutting down');
  }, 60_000);
});
