import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { syncScheduleId } from '../../src/contracts/ids.js';
import { numberedRecords } from '../helpers/fake-api.js';
import { type Harness, waitFor } from '../helpers/harness.js';
import { createDatabase, findPostgresBin, type PostgresCluster, startPostgresCluster } from '../helpers/postgres-cluster.js';
import { startTestHarness } from '../helpers/test-harness.js';

// A PostgreSQL cluster of this file's own, so stopping it leaves the run's cluster alone.
const bin = findPostgresBin();
let cluster: PostgresCluster;
let h: Harness;

beforeAll(async () => {
  if (bin === undefined) return;
  cluster = await startPostgresCluster(bin);
  h = await startTestHarness({ databaseUrl: await createDatabase(cluster.url) });
});

afterAll(async () => {
  if (bin === undefined) return;
  await cluster.start().catch(() => undefined);
  await h?.stop();
  await cluster.stop();
});

describe.skipIf(bin === undefined && !process.env.CI)('a PostgreSQL database that goes away while the API runs', () => {
  it('makes reads and writes answer 503 storage_unavailable at once, and the API serves again when it is back', async () => {
    const sync = await h.createSync({ url: 'http://127.0.0.1:9/items', paused: true });
    expect((await h.api('GET', `/v1/syncs/${sync.sync_id}`)).status).toBe(200);

    await cluster.halt();
    const unavailable = { error: { code: 'storage_unavailable', message: expect.stringContaining('database') } };
    for (const [method, path, body] of [
      ['GET', '/v1/syncs', undefined],
      ['GET', `/v1/syncs/${sync.sync_id}`, undefined],
      ['GET', `/v1/syncs/${sync.sync_id}/records`, undefined],
      ['POST', '/v1/syncs', { url: 'http://127.0.0.1:9/other', unique_key: 'id', paused: true }],
    ] as const) {
      expect(await h.api(method, path, body), `${method} ${path}`).toEqual({ status: 503, body: unavailable });
    }

    await cluster.start();
    const back = await h.api('GET', `/v1/syncs/${sync.sync_id}`);
    expect(back.status).toBe(200);
    expect(back.body).toMatchObject({ sync_id: sync.sync_id });
  });

  it('makes /readyz answer 503 naming the storage check while it is down, and 200 once it is back', async () => {
    await cluster.halt();
    const down = await h.api('GET', '/readyz');
    expect(down).toEqual({
      status: 503,
      body: { ready: false, checks: { storage: { ok: false, detail: expect.any(String) }, temporal: { ok: true }, worker: { ok: true } } },
    });
    await cluster.start();
    const ready = await waitFor(
      () => h.api('GET', '/readyz'),
      (answer) => answer.status === 200,
    );
    expect(ready.body).toEqual({ ready: true, checks: { storage: { ok: true }, temporal: { ok: true }, worker: { ok: true } } });
  });

  it('a job that starts while the database is down waits for it, then finishes with exact counts', async () => {
    h.fakeApi.reset(numberedRecords(30));
    const sync = await h.createSync({ url: h.fakeApi.url('/items'), frequency: '1 hour' });
    expect(await h.waitForNewJob(sync.sync_id, 0)).toMatchObject({ status: 'succeeded', records: { created: 30 } });

    await cluster.halt();
    await h.client.schedule.getHandle(syncScheduleId(sync.sync_id)).trigger();
    // Long enough for the job's first database calls to fail and be retried by Temporal.
    await sleep(3_000);
    await cluster.start();

    // Temporal's retries back off (1, 2, 4, 8... s), and the previous job's webhook step, caught by
    // the outage too, holds the buffered trigger until its own retry succeeds.
    const [job] = await waitFor(
      () => h.jobsOf(sync.sync_id),
      (jobs) => jobs.length > 1 && jobs[0]!.status !== 'running',
      90_000,
    );
    expect(job).toMatchObject({ status: 'succeeded', records: { created: 0, updated: 0, unchanged: 30, deleted: 0, fetched: 30 } });
    expect((await h.api('GET', `/v1/syncs/${sync.sync_id}`)).body.totals).toEqual({ records: 30 });
  }, 150_000);
});
