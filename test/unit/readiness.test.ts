import type { Client } from '@temporalio/client';
import { msNumberToTs } from '@temporalio/common/lib/time.js';
import { describe, expect, it } from 'vitest';
import { POLLER_FRESH_MS, type ReadinessDeps, readiness } from '../../src/api/readiness.js';
import type { Storage } from '../../src/storage/storage.js';
import { TestLogger } from '../helpers/test-logger.js';

const never = () => new Promise<never>(() => undefined);

interface FakeTemporal {
  systemInfo?: () => Promise<unknown>;
  /** Last access times (ms) of the pollers of each task queue type (1 workflow, 2 activity). */
  pollers?: Record<number, number[]>;
}

/** The calls readiness makes on a Client, answered as told. */
function fakeClient({ systemInfo = async () => ({}), pollers = { 1: [Date.now()], 2: [Date.now()] } }: FakeTemporal): Client {
  const fake = {
    options: { namespace: 'default' },
    withDeadline: <R>(_deadline: number, fn: () => Promise<R>) => fn(),
    workflowService: {
      getSystemInfo: systemInfo,
      describeTaskQueue: async ({ taskQueueType }: { taskQueueType: number }) => ({
        pollers: (pollers[taskQueueType] ?? []).map((at) => ({ lastAccessTime: msNumberToTs(at), identity: 'w' })),
      }),
    },
  };
  return fake as unknown as Client;
}

function deps(storagePing: () => Promise<void>, temporal: FakeTemporal = {}): ReadinessDeps {
  return {
    storage: { ping: storagePing } as Storage,
    client: fakeClient(temporal),
    taskQueue: 'syncd-q',
    logger: new TestLogger('ERROR'),
    readyCheckTimeoutMs: 200,
  };
}

const ok = { ok: true };

describe('readiness', () => {
  it('is ready when the database answers, Temporal answers and a worker polls both kinds of task', async () => {
    expect(await readiness(deps(async () => undefined))).toEqual({ ready: true, checks: { storage: ok, temporal: ok, worker: ok } });
  });

  it('fails the storage check alone when the query fails, without the cause in the body', async () => {
    const result = await readiness(deps(() => Promise.reject(new Error('connect ECONNREFUSED 10.0.0.5:5432'))));
    expect(result).toEqual({
      ready: false,
      checks: { storage: { ok: false, detail: 'the database query failed' }, temporal: ok, worker: ok },
    });
    expect(JSON.stringify(result)).not.toContain('10.0.0.5');
  });

  it('logs the cause of a failed check', async () => {
    const logger = new TestLogger('ERROR');
    const cause = new Error('connect ECONNREFUSED 10.0.0.5:5432');
    await readiness({ ...deps(() => Promise.reject(cause)), logger });
    expect(logger.since(0)).toEqual([{ level: 'WARN', message: 'readiness: the storage check failed', meta: { error: cause } }]);
  });

  it('fails a check that does not answer within its timeout, and answers anyway', async () => {
    const result = await readiness(deps(never, { systemInfo: never }));
    expect(result.ready).toBe(false);
    expect(result.checks.storage).toEqual({ ok: false, detail: 'the database did not answer within 200 ms' });
    expect(result.checks.temporal).toEqual({ ok: false, detail: 'Temporal did not answer within 200 ms' });
    expect(result.checks.worker).toEqual(ok);
  });

  it('fails the temporal check when Temporal answers with an error', async () => {
    const unreachable = () => Promise.reject(Object.assign(new Error('14 UNAVAILABLE: No connection established'), { code: 14 }));
    const result = await readiness(deps(async () => undefined, { systemInfo: unreachable }));
    expect(result.checks.temporal).toEqual({ ok: false, detail: 'Temporal could not be reached' });
  });

  it('fails the worker check when no worker polls, naming the task queue and the kind of task', async () => {
    const result = await readiness(deps(async () => undefined, { pollers: { 1: [], 2: [] } }));
    expect(result).toMatchObject({ ready: false, checks: { storage: ok, temporal: ok } });
    expect(result.checks.worker).toEqual({
      ok: false,
      detail: `no worker polled task queue syncd-q for workflow or activity tasks in the last ${POLLER_FRESH_MS / 1000} s`,
    });
  });

  it('counts only pollers seen recently, for each kind of task', async () => {
    const stale = Date.now() - POLLER_FRESH_MS - 10_000;
    const result = await readiness(deps(async () => undefined, { pollers: { 1: [stale, Date.now()], 2: [stale] } }));
    expect(result.checks.worker).toEqual({
      ok: false,
      detail: expect.stringMatching(/^no worker polled task queue syncd-q for activity tasks/),
    });
  });
});
