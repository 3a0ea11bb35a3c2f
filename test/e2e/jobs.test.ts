import path from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { openStorage } from '../../app/open-storage.js';
import { finaliseOrphanedJobs } from '../../app/orphaned-jobs.js';
import { loadConfig } from '../../src/config/config.js';
import type { Job } from '../../src/contracts/job.js';
import { SecretBox } from '../../src/storage/secret-box.js';
import { numberedRecords } from '../helpers/fake-api.js';
import { type Harness, waitFor } from '../helpers/harness.js';
import { startTestHarness } from '../helpers/test-harness.js';

const root = path.resolve(import.meta.dirname, '..', '..');
let h: Harness;
beforeAll(async () => {
  h = await startTestHarness();
});
afterAll(() => h.stop());
beforeEach(() => h.fakeApi.reset(numberedRecords(7)));

/** Creates a paused sync, triggers one job and returns it once it has ended. */
async function runOneJob(fields: Record<string, unknown>): Promise<{ syncId: number; job: Job }> {
  const { sync_id: syncId } = await h.createSync({ paused: true, ...fields });
  return { syncId, job: await h.runJob(syncId) };
}

describe('record counts', () => {
  it('counts created, then updated and unchanged after the source changed', async () => {
    h.fakeApi.records = numberedRecords(5);
    const { syncId, job: first } = await runOneJob({ url: h.fakeApi.url('/items') });
    expect(first).toMatchObject({ status: 'succeeded', records: { created: 5, updated: 0, unchanged: 0, fetched: 5 } });

    h.fakeApi.records = numberedRecords(6).map((record) => (record.id === 2 || record.id === 4 ? { ...record, name: 'renamed' } : record));
    const second = await h.runJob(syncId);
    expect(second).toMatchObject({ status: 'succeeded', records: { created: 1, updated: 2, unchanged: 3, fetched: 6 } });

    const records = (await h.api('GET', `/v1/syncs/${syncId}/records?limit=100`)).body.data;
    expect(records).toHaveLength(6);
    expect(records.find((record: { key: string }) => record.key === '2').data.name).toBe('renamed');
    expect((await h.api('GET', `/v1/syncs/${syncId}`)).body.totals).toEqual({ records: 6 });
  });

  it('a reordering of keys alone is not an update', async () => {
    h.fakeApi.records = [{ id: 1, a: 1, b: 2 }];
    const { syncId } = await runOneJob({ url: h.fakeApi.url('/items') });
    h.fakeApi.records = [{ b: 2, a: 1, id: 1 }];
    expect((await h.runJob(syncId)).records).toEqual({ created: 0, updated: 0, unchanged: 1, deleted: 0, fetched: 1 });
  });

  it('a job that fetches no records succeeds with zeros', async () => {
    h.fakeApi.records = [];
    const { job } = await runOneJob({ url: h.fakeApi.url('/items') });
    expect(job).toMatchObject({
      status: 'succeeded',
      pages: 1,
      error: null,
      records: { created: 0, updated: 0, unchanged: 0, fetched: 0 },
    });
  });

  it('a page that fails once is retried without duplicating or double-counting records', async () => {
    // Request 2 is the second page: page 1 was already stored when the activity is retried.
    h.fakeApi.failingRequests = new Set([h.fakeApi.requests.length + 2]);
    const { syncId, job } = await runOneJob({ url: h.fakeApi.url('/offset'), paging: { type: 'offset', limit: 3 } });
    expect(job).toMatchObject({ status: 'succeeded', records: { created: 7, updated: 0, unchanged: 0, fetched: 7 }, pages: 4 });
    expect((await h.api('GET', `/v1/syncs/${syncId}/records?limit=100`)).body.data).toHaveLength(7);
  });
});

describe('pagination', () => {
  it.each([
    ['offset', '/offset', { type: 'offset', offset_param: 'offset', limit_param: 'limit', limit: 3 }, 4],
    ['cursor', '/cursor', { type: 'cursor', cursor_param: 'cursor', next_cursor_path: 'next' }, 3],
    ['link_header', '/link', { type: 'link_header' }, 3],
  ])('%s paging fetches every page', async (_name, path, paging, pages) => {
    const { syncId, job } = await runOneJob({
      url: h.fakeApi.url(path),
      paging,
      ...(path === '/cursor' ? { response_path: 'items' } : {}),
    });
    expect(job).toMatchObject({ status: 'succeeded', pages, records: { created: 7, fetched: 7 } });
    const keys = (await h.api('GET', `/v1/syncs/${syncId}/records?limit=100`)).body.data.map((record: { key: string }) => record.key);
    expect(keys).toEqual(['1', '2', '3', '4', '5', '6', '7']);
  });

  it('sends headers and query params, and with POST sends the body with paging params in it', async () => {
    const { job } = await runOneJob({
      url: h.fakeApi.url('/offset'),
      method: 'POST',
      body: { filter: 'all' },
      headers: { 'X-Tenant': 'acme' },
      query_params: { region: 'eu' },
      paging: { type: 'offset', limit: 5 },
    });
    expect(job).toMatchObject({ status: 'succeeded', records: { created: 7 } });
    const sent = h.fakeApi.requests.filter((request) => request.method === 'POST').slice(-3);
    expect(sent[0]).toMatchObject({ query: { region: 'eu' }, body: { filter: 'all', offset: 0, limit: 5 } });
    expect(sent[0]!.headers['x-tenant']).toBe('acme');
    expect(sent.map((request) => request.body)).toEqual([0, 5, 7].map((offset) => ({ filter: 'all', offset, limit: 5 })));
  });
});

describe('records', () => {
  it('pages through records in a stable order with a cursor', async () => {
    h.fakeApi.records = numberedRecords(5);
    const { syncId } = await runOneJob({ url: h.fakeApi.url('/items') });
    const first = await h.api('GET', `/v1/syncs/${syncId}/records?limit=2`);
    expect(first.status).toBe(200);
    expect(first.body.data.map((record: { key: string }) => record.key)).toEqual(['1', '2']);
    expect(first.body.data[0]).toMatchObject({ key: '1', data: { id: 1, name: 'record 1' } });
    const second = await h.api('GET', `/v1/syncs/${syncId}/records?limit=2&cursor=${first.body.next_cursor}`);
    const third = await h.api('GET', `/v1/syncs/${syncId}/records?limit=2&cursor=${second.body.next_cursor}`);
    expect(second.body.data.map((record: { key: string }) => record.key)).toEqual(['3', '4']);
    expect(third.body).toMatchObject({ data: [{ key: '5' }], next_cursor: null });
  });

  it('rejects a limit out of range with 400', async () => {
    const { syncId } = await runOneJob({ url: h.fakeApi.url('/items') });
    const response = await h.api('GET', `/v1/syncs/${syncId}/records?limit=5000`);
    expect(response.status).toBe(400);
    expect(response.body.error.details[0].field).toBe('query.limit');
  });
});

describe('failing jobs', () => {
  it.each([
    [
      'a 404 from the API',
      { url: () => h.fakeApi.url('/status/404') },
      { class: 'config', code: 'http_404', http_status: 404 },
      /answered 404 Not Found: \{"message":"fake failure 404"\}/,
    ],
    [
      'a body that is not JSON',
      { url: () => h.fakeApi.url('/not-json') },
      { class: 'config', code: 'invalid_json' },
      /did not answer JSON: <html>maintenance<\/html>/,
    ],
    [
      'a response_path that is not an array',
      { url: () => h.fakeApi.url('/object'), response_path: 'data.items' },
      { class: 'config', code: 'bad_response_path' },
      /response_path "data.items" .* is not an array/,
    ],
    [
      'records without the unique key',
      { url: () => h.fakeApi.url('/items'), unique_key: 'uuid' },
      { class: 'config', code: 'missing_unique_key' },
      /record 0 of page 1 has no scalar value at unique_key "uuid"/,
    ],
  ])('%s fails the job at once with a classified error', async (_name, fields, error, message) => {
    const started = Date.now();
    const { syncId, job } = await runOneJob({ ...fields, url: fields.url() });
    expect(job.status).toBe('failed');
    // Exactly these fields: no http_status where no answer's status caused the failure.
    expect(job.error).toEqual({ ...error, message: expect.stringMatching(message) });
    expect(job.ended_at).not.toBeNull();
    expect(Date.now() - started).toBeLessThan(10_000);
    // The sync itself carries on: a failed job does not pause or cancel it.
    expect((await h.api('GET', `/v1/syncs/${syncId}`)).body).toMatchObject({ status: 'paused', last_job: { status: 'failed' } });
  });
});

describe('jobs left running', () => {
  /** A running job whose workflow an operator terminated: its row says running, nothing will close it but the sweep. */
  async function orphanedJob(): Promise<{ syncId: number; job: Job }> {
    h.fakeApi.delayMs = 10_000;
    const created = await h.api('POST', '/v1/syncs', { url: h.fakeApi.url('/items'), unique_key: 'id', paused: true });
    const syncId: number = created.body.sync_id;
    await h.api('PUT', '/v1/syncs', { action: 'trigger', sync_id: syncId });
    const [running] = await waitFor(
      () => h.jobsOf(syncId),
      (jobs) => jobs[0]?.status === 'running',
    );
    const workflow = h.client.workflow.getHandle(running!.workflow_id, running!.run_id);
    await workflow.terminate('operator pulled the plug');
    expect((await workflow.describe()).status.name).toBe('TERMINATED');
    expect((await h.jobsOf(syncId))[0]!.status).toBe('running');
    return { syncId, job: running! };
  }

  it('a job whose workflow was terminated is finalised as failed, never stuck running', async () => {
    const { syncId, job } = await orphanedJob();
    expect(await finaliseOrphanedJobs(h.storage, h.client)).toBeGreaterThanOrEqual(1);
    const [finalised] = await h.jobsOf(syncId);
    expect(finalised).toMatchObject({ job_id: job.job_id, status: 'failed' });
    expect(finalised!.error?.message).toContain('terminated');
  });

  it('two sweeps racing over the same orphaned job (two workers) close it once, and neither fails', async () => {
    const { syncId, job } = await orphanedJob();
    // A second connection to the same database, as a second worker process has.
    const other = await openStorage(loadConfig(root, h.workerEnv), {
      secretBox: new SecretBox(Buffer.from(h.workerEnv.SYNCD_SECRET_KEY!, 'hex')),
    });
    const spies = [vi.spyOn(h.storage, 'finishJob'), vi.spyOn(other, 'finishJob')];
    try {
      // Both list the job as running before either closes it: each sweep reads its list first.
      const swept = await Promise.all([finaliseOrphanedJobs(h.storage, h.client), finaliseOrphanedJobs(other, h.client)]);
      expect(swept.every((count) => count >= 1)).toBe(true);
      const closings = await Promise.all(
        spies.map(async (spy) => {
          const index = spy.mock.calls.findIndex(([jobId]) => jobId === job.job_id);
          expect(index, 'each sweep tried to close the job').toBeGreaterThanOrEqual(0);
          return spy.mock.results[index]!.value as Promise<Job>;
        }),
      );
      // The second close answered the first one's result unchanged.
      expect(closings[0]).toEqual(closings[1]);
      expect(closings[0]).toMatchObject({ job_id: job.job_id, status: 'failed' });
      expect(closings[0]!.error?.message).toContain('terminated');
      expect(await h.jobsOf(syncId)).toEqual([closings[0]]);
    } finally {
      for (const spy of spies) spy.mockRestore();
      await other.close();
    }
  });
});
