import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SyncConflictError } from '../../src/sdk/errors.js';
import type { FakeRecord } from '../helpers/fake-api.js';
import { type Harness, waitFor } from '../helpers/harness.js';
import { startTestHarness } from '../helpers/test-harness.js';

let h: Harness;
beforeAll(async () => {
  h = await startTestHarness();
});
afterAll(() => h.stop());

const since = { cursor_path: 'updated_at', param: 'since' };
const at = (clock: string) => `2026-01-01T${clock}Z`;
const record = (id: number, clock: string, name = `record ${id}`): FakeRecord => ({ id, name, updated_at: at(clock) });

/** The `param` each request to `path` sent since request number `from`. */
const sentSince = (from: number, path: string, param: string) =>
  h.fakeApi.requests
    .slice(from)
    .filter((request) => request.path === path)
    .map((request) => request.query[param]);

/** Runs a job and answers it with what it sent as `param`. */
async function runJob(syncId: number, path = '/updated-since', param = 'since') {
  const mark = h.fakeApi.requests.length;
  const job = await h.runJob(syncId);
  return { job, sent: sentSince(mark, path, param) };
}

async function createSync(fields: Record<string, unknown>): Promise<number> {
  return (await h.createSync({ paused: true, url: h.fakeApi.url('/updated-since'), incremental: since, ...fields })).sync_id;
}

describe('cursor state: GET, PUT and DELETE /v1/syncs/:id/state', () => {
  it('shows the job that set the cursor; a cursor set is what the next job sends; cleared, the next job is full', async () => {
    h.fakeApi.reset([record(1, '00:00:01'), record(2, '00:00:02'), record(3, '00:00:03')]);
    const syncId = await createSync({});
    expect(await h.sdk.getState(syncId)).toEqual({ sync_id: syncId, cursor: null, set_at: null, set_by_job_id: null, source: null });

    const first = await runJob(syncId);
    expect(first.job).toMatchObject({ status: 'succeeded', mode: 'full' });
    const byJob = await h.sdk.getState(syncId);
    expect(byJob).toMatchObject({ cursor: at('00:00:03'), source: 'job', set_by_job_id: first.job.job_id });
    expect(Date.parse(byJob.set_at!)).toBeGreaterThanOrEqual(Date.parse(first.job.started_at));

    const set = await h.api('PUT', `/v1/syncs/${syncId}/state`, { cursor: at('00:00:01') });
    expect(set.status).toBe(200);
    expect(set.body).toMatchObject({ sync_id: syncId, cursor: at('00:00:01'), source: 'api', set_by_job_id: null });
    expect(await h.sdk.getState(syncId)).toEqual(set.body);
    const rewound = await runJob(syncId);
    expect(rewound.sent).toEqual([at('00:00:01')]);
    expect(rewound.job).toMatchObject({ status: 'succeeded', mode: 'incremental', records: { fetched: 2, unchanged: 2, created: 0 } });
    expect(await h.sdk.getState(syncId)).toMatchObject({ cursor: at('00:00:03'), source: 'job', set_by_job_id: rewound.job.job_id });

    expect(await h.sdk.setState(syncId, at('00:00:02'))).toMatchObject({ cursor: at('00:00:02'), source: 'api' });
    expect((await runJob(syncId)).sent).toEqual([at('00:00:02')]);

    const cleared = await h.api('DELETE', `/v1/syncs/${syncId}/state`);
    expect(cleared.status).toBe(200);
    expect(cleared.body).toMatchObject({ cursor: null, source: 'api', set_by_job_id: null });
    const full = await runJob(syncId);
    expect(full.sent).toEqual([undefined]);
    expect(full.job).toMatchObject({ status: 'succeeded', mode: 'full', records: { fetched: 3, unchanged: 3 } });
    expect(await h.sdk.clearState(syncId)).toMatchObject({ cursor: null, source: 'api' });
  });

  it('answers 409 job_running while a job of the sync runs, and the job ends with its own cursor', async () => {
    h.fakeApi.reset([record(1, '00:00:01'), record(2, '00:00:02')]);
    const syncId = await createSync({});
    await runJob(syncId);
    h.fakeApi.records = [...h.fakeApi.records, record(3, '00:00:07')];
    // The page answers late, so the job is still running while the state is changed.
    h.fakeApi.delayMs = 2000;
    const before = (await h.jobsOf(syncId)).length;
    const mark = h.fakeApi.requests.length;
    expect((await h.act('trigger', syncId)).status).toBe(200);
    await waitFor(
      async () => h.fakeApi.requests.length,
      (count) => count > mark,
    );
    const [running] = await h.jobsOf(syncId);
    expect(running?.status).toBe('running');

    for (const [method, body] of [
      ['PUT', { cursor: at('00:00:00') }],
      ['DELETE', undefined],
    ] as const) {
      const refused = await h.api(method, `/v1/syncs/${syncId}/state`, body);
      expect(refused.status).toBe(409);
      expect(refused.body.error.code).toBe('job_running');
      expect(refused.body.error.message).toContain(`job ${running!.job_id} of sync ${syncId} is running`);
    }
    const sdkRefusal = await h.sdk.setState(syncId, at('00:00:00')).catch((error: unknown) => error);
    expect(sdkRefusal).toBeInstanceOf(SyncConflictError);
    expect((sdkRefusal as SyncConflictError).code).toBe('job_running');

    const ended = await h.waitForNewJob(syncId, before);
    h.fakeApi.delayMs = 0;
    expect(ended).toMatchObject({ job_id: running!.job_id, status: 'succeeded' });
    expect(await h.sdk.getState(syncId)).toMatchObject({ cursor: at('00:00:07'), source: 'job', set_by_job_id: ended.job_id });
    expect(await h.sdk.setState(syncId, at('00:00:00'))).toMatchObject({ cursor: at('00:00:00'), source: 'api' });
  });

  it('answers 404 for an unknown sync, 400 naming cursor for a bad one or a sync that is not incremental, 409 once cancelled', async () => {
    h.fakeApi.reset([]);
    const unknown = 999_999_999_999;
    for (const [method, body] of [
      ['GET', undefined],
      ['PUT', { cursor: 'x' }],
      ['DELETE', undefined],
    ] as const) {
      const missing = await h.api(method, `/v1/syncs/${unknown}/state`, body);
      expect(missing.status).toBe(404);
      expect(missing.body.error).toEqual({ code: 'not_found', message: `sync ${unknown} does not exist` });
    }

    const syncId = await createSync({});
    for (const body of [{}, { cursor: null }, { cursor: true }, { cursor: '' }, { cursor: { at: 1 } }, { cursor: 1, more: 2 }]) {
      const bad = await h.api('PUT', `/v1/syncs/${syncId}/state`, body);
      expect(bad.status, JSON.stringify(body)).toBe(400);
      expect(bad.body.error.details.map((detail: { field: string }) => detail.field)).toEqual([
        Object.hasOwn(body, 'more') ? 'more' : 'cursor',
      ]);
    }
    expect((await h.api('DELETE', `/v1/syncs/${syncId}/state`, { cursor: 1 })).status).toBe(400);

    const plain = (await h.createSync({ paused: true, url: h.fakeApi.url('/items') })).sync_id;
    const notIncremental = await h.api('PUT', `/v1/syncs/${plain}/state`, { cursor: 'x' });
    expect(notIncremental.status).toBe(400);
    expect(notIncremental.body.error.details).toEqual([
      { field: 'cursor', message: `sync ${plain} is not incremental: give it \`incremental\` first` },
    ]);

    expect((await h.act('cancel', syncId)).status).toBe(200);
    for (const [method, body] of [
      ['PUT', { cursor: 'x' }],
      ['DELETE', undefined],
    ] as const) {
      const cancelled = await h.api(method, `/v1/syncs/${syncId}/state`, body);
      expect(cancelled.status).toBe(409);
      expect(cancelled.body.error.code).toBe('sync_cancelled');
    }
    expect((await h.api('GET', `/v1/syncs/${syncId}/state`)).status).toBe(200);
  });
});

describe('incremental lookback', () => {
  it('picks up a record updated while the previous job ran; records read again count as unchanged; the cursor comes from records', async () => {
    h.fakeApi.reset([record(1, '10:00:00'), record(2, '10:00:05')]);
    const syncId = await createSync({});
    const first = await runJob(syncId);
    expect(await h.sdk.getState(syncId)).toMatchObject({ cursor: at('10:00:05'), set_by_job_id: first.job.job_id });

    // Record 3 changed at 10:00:03, while the first job ran, but the API showed it only afterwards
    // (a transaction committed late): the saved cursor, 10:00:05, is already past it.
    h.fakeApi.records = [record(1, '10:00:00'), record(3, '10:00:03'), record(2, '10:00:05')];
    const missed = await runJob(syncId);
    expect(missed.sent).toEqual([at('10:00:05')]);
    expect(missed.job.records).toMatchObject({ fetched: 0, created: 0 });

    const patched = await h.api('PATCH', `/v1/syncs/${syncId}`, { incremental: { ...since, lookback_seconds: 60 } });
    expect(patched.status).toBe(200);
    expect(patched.body.incremental).toEqual({ ...since, lookback_seconds: 60 });
    const caught = await runJob(syncId);
    expect(caught.sent).toEqual([at('09:59:05')]);
    expect(caught.job).toMatchObject({
      status: 'succeeded',
      mode: 'incremental',
      records: { fetched: 3, created: 1, updated: 0, unchanged: 2, deleted: 0 },
    });
    // The window's records are all at or below the saved cursor: it stays, and so does who set it.
    expect(await h.sdk.getState(syncId)).toMatchObject({ cursor: at('10:00:05'), source: 'job', set_by_job_id: first.job.job_id });

    h.fakeApi.records = [record(1, '10:00:00'), record(3, '10:00:03'), record(2, '10:00:09', 'renamed')];
    const moved = await runJob(syncId);
    expect(moved.job.records).toMatchObject({ fetched: 3, updated: 1, unchanged: 2 });
    // The highest value in the records, not the job's clock (the records are dated long before it ran).
    expect(await h.sdk.getState(syncId)).toMatchObject({ cursor: at('10:00:09'), source: 'job', set_by_job_id: moved.job.job_id });
  });

  it('subtracts a numeric lookback from a numeric cursor', async () => {
    const numbered = (ids: number[]) => ids.map((id) => ({ id, name: `record ${id}` }));
    h.fakeApi.reset(numbered([1, 2, 3, 5]));
    h.fakeApi.pageSize = 100;
    const syncId = await createSync({ url: h.fakeApi.url('/after'), incremental: { cursor_path: 'id', param: 'after', lookback: 2 } });
    const first = await runJob(syncId, '/after', 'after');
    expect(first.sent).toEqual([undefined]);
    expect(await h.sdk.getState(syncId)).toMatchObject({ cursor: 5 });

    // Id 4 was taken before 5 but committed after the first job read.
    h.fakeApi.records = numbered([1, 2, 3, 4, 5, 6]);
    const second = await runJob(syncId, '/after', 'after');
    expect(second.sent).toEqual(['3']);
    expect(second.job.records).toMatchObject({ fetched: 3, created: 2, unchanged: 1 });
    expect(await h.sdk.getState(syncId)).toMatchObject({ cursor: 6, set_by_job_id: second.job.job_id });
  });

  it('refuses a cursor of the wrong kind at PUT, and fails the job as a configuration error when the saved one is', async () => {
    h.fakeApi.reset([{ id: 1, name: 'one', updated_at: 1_700_000_000 }]);
    const syncId = await createSync({});
    await runJob(syncId);
    expect(await h.sdk.getState(syncId)).toMatchObject({ cursor: 1_700_000_000 });

    const patched = await h.api('PATCH', `/v1/syncs/${syncId}`, { incremental: { ...since, lookback_seconds: 60 } });
    expect(patched.status).toBe(200);
    const wrongKind = await h.api('PUT', `/v1/syncs/${syncId}/state`, { cursor: 1_700_000_000 });
    expect(wrongKind.status).toBe(400);
    expect(wrongKind.body.error.details).toEqual([
      {
        field: 'cursor',
        message: '1700000000 is not an ISO 8601 time such as "2026-01-31T12:00:00Z", which incremental.lookback_seconds needs',
      },
    ]);

    const mark = h.fakeApi.requests.length;
    const failed = await h.runJob(syncId);
    expect(failed.status).toBe('failed');
    expect(JSON.stringify(failed.error)).toContain(
      'the saved incremental cursor 1700000000 is not an ISO 8601 time such as \\"2026-01-31T12:00:00Z\\", which incremental.lookback_seconds needs',
    );
    // Refused before any request went out.
    expect(h.fakeApi.requests.length).toBe(mark);

    expect((await h.api('PUT', `/v1/syncs/${syncId}/state`, { cursor: at('00:00:00') })).status).toBe(200);
    expect((await runJob(syncId)).sent).toEqual(['2025-12-31T23:59:00Z']);
  });

  it('refuses lookback_seconds and lookback together, naming the field', async () => {
    const response = await h.api('POST', '/v1/syncs', {
      url: h.fakeApi.url('/updated-since'),
      unique_key: 'id',
      paused: true,
      incremental: { ...since, lookback_seconds: 60, lookback: 60 },
    });
    expect(response.status).toBe(400);
    expect(response.body.error.details).toEqual([
      { field: 'incremental.lookback', message: 'give lookback_seconds (ISO 8601 time cursors) or lookback (numeric cursors), not both' },
    ]);
  });
});
