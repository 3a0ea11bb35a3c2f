import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Job } from '../../src/contracts/job.js';
import { numberedRecords } from '../helpers/fake-api.js';
import type { Harness } from '../helpers/harness.js';
import { durationMs } from '../helpers/proto-duration.js';
import { startTestHarness } from '../helpers/test-harness.js';

let h: Harness;
/** Production waits 1 s before a failed fetch's second attempt; 100 ms keeps five attempts short. */
const RETRY_INITIAL_MS = 100;
beforeAll(async () => {
  h = await startTestHarness({ env: { SYNCD_FETCH_RETRY_INITIAL_MS: String(RETRY_INITIAL_MS) } });
});
afterAll(() => h.stop());
beforeEach(() => h.fakeApi.reset(numberedRecords(7)));

const keysOf = async (syncId: number): Promise<string[]> =>
  (await h.api('GET', `/v1/syncs/${syncId}/records?limit=100`)).body.data.map((record: { key: string }) => record.key);

async function runOneJob(fields: Record<string, unknown>): Promise<{ syncId: number; job: Job }> {
  const { sync_id: syncId } = await h.createSync({ paused: true, ...fields });
  return { syncId, job: await h.runJob(syncId) };
}

describe('every paging style', () => {
  it.each([
    ['page (from 1, with a page size)', '/page', { type: 'page', page_param: 'page', limit_param: 'per_page', limit: 3 }, 'results', 4],
    ['cursor_from_last_record', '/after', { type: 'cursor_from_last_record', cursor_param: 'after', cursor_field: 'id' }, undefined, 4],
    ['next_url (relative URL in the body)', '/next-url', { type: 'next_url', next_url_path: 'links.next' }, 'items', 3],
  ])('%s fetches every record', async (_name, path, paging, responsePath, pages) => {
    const { syncId, job } = await runOneJob({ url: h.fakeApi.url(path), paging, ...(responsePath ? { response_path: responsePath } : {}) });
    expect(job).toMatchObject({ status: 'succeeded', pages, records: { created: 7, fetched: 7 }, max_total_reached: false });
    expect(await keysOf(syncId)).toEqual(['1', '2', '3', '4', '5', '6', '7']);
  });

  it('page paging counts pages from 1 and sends its params', async () => {
    const before = h.fakeApi.requests.length;
    await runOneJob({ url: h.fakeApi.url('/page'), response_path: 'results', paging: { type: 'page', limit_param: 'per_page', limit: 3 } });
    const sent = h.fakeApi.requests.slice(before).map((request) => request.query);
    expect(sent).toEqual([1, 2, 3, 4].map((page) => ({ page: String(page), per_page: '3' })));
  });

  it('a cursor that repeats fails the job with a clear error instead of looping', async () => {
    const { job } = await runOneJob({
      url: h.fakeApi.url('/repeat-cursor'),
      response_path: 'items',
      paging: { type: 'cursor', cursor_param: 'c', next_cursor_path: 'next' },
    });
    expect(job.status).toBe('failed');
    expect(job.error?.message).toContain('the API returned the same cursor "always-the-same" at next twice');
  });

  it('rejects a page paging with limit_param but no limit', async () => {
    const response = await h.api('POST', '/v1/syncs', {
      url: h.fakeApi.url('/page'),
      unique_key: 'id',
      paging: { type: 'page', limit_param: 'per_page' },
    });
    expect(response.status).toBe(400);
    expect(response.body.error.details[0].field).toBe('paging.limit');
  });
});

describe('max_total', () => {
  it('stops fetching at max_total and says so on the job', async () => {
    const before = h.fakeApi.requests.length;
    const { syncId, job } = await runOneJob({ url: h.fakeApi.url('/offset'), paging: { type: 'offset', limit: 3 }, max_total: 5 });
    expect(job).toMatchObject({ status: 'succeeded', max_total_reached: true, records: { created: 5, fetched: 5, deleted: 0 }, pages: 2 });
    expect(await keysOf(syncId)).toEqual(['1', '2', '3', '4', '5']);
    expect(h.fakeApi.requests.length - before).toBe(2);
  });

  it('is not reported when the data ends exactly there', async () => {
    h.fakeApi.records = numberedRecords(6);
    const { job } = await runOneJob({ url: h.fakeApi.url('/items'), max_total: 6 });
    expect(job).toMatchObject({ status: 'succeeded', max_total_reached: false, records: { fetched: 6 } });
  });
});

describe('external failures', () => {
  it('a 429 waits for its Retry-After (seconds) and then succeeds', async () => {
    const first = h.fakeApi.requests.length + 1;
    h.fakeApi.rateLimitedRequests = new Map([[first, '2']]);
    const { job } = await runOneJob({ url: h.fakeApi.url('/items') });
    expect(job).toMatchObject({ status: 'succeeded', records: { created: 7 } });
    const [limited, retried] = [h.fakeApi.requests[first - 1]!, h.fakeApi.requests[first]!];
    expect(limited.at).toBeLessThan(retried.at);
    expect(retried.at - limited.at).toBeGreaterThanOrEqual(1_900);
  });

  it('a 429 with Retry-After as an HTTP date waits until then', async () => {
    const first = h.fakeApi.requests.length + 1;
    h.fakeApi.rateLimitedRequests = new Map([[first, new Date(Date.now() + 3_000).toUTCString()]]);
    const { job } = await runOneJob({ url: h.fakeApi.url('/items') });
    expect(job.status).toBe('succeeded');
    expect(h.fakeApi.requests[first]!.at - h.fakeApi.requests[first - 1]!.at).toBeGreaterThanOrEqual(1_000);
  });

  it('a request slower than request_timeout_seconds is retried, and the job succeeds', async () => {
    const first = h.fakeApi.requests.length + 1;
    h.fakeApi.slowRequests = new Map([[first, 2_500]]);
    const { job } = await runOneJob({ url: h.fakeApi.url('/items'), request_timeout_seconds: 1 });
    expect(job).toMatchObject({ status: 'succeeded', records: { created: 7 } });
    expect(h.fakeApi.requests.length).toBeGreaterThanOrEqual(first + 1);
  });

  it('a 5xx that never ends fails the job after capped retries, never leaving it running', async () => {
    const { job } = await runOneJob({ url: h.fakeApi.url('/status/502') });
    expect(job.status).toBe('failed');
    expect(job.error).toMatchObject({
      class: 'transient',
      code: 'http_502',
      http_status: 502,
      message: expect.stringMatching(/answered 502 Bad Gateway/),
    });
    expect(job.ended_at).not.toBeNull();
    // Five attempts, the first wait the worker's configured one.
    const { events } = await h.client.workflow.getHandle(job.workflow_id, job.run_id).fetchHistory();
    const fetchScheduled = events
      ?.map((event) => event.activityTaskScheduledEventAttributes)
      .find((scheduled) => scheduled?.activityType?.name === 'fetchAndStoreRecords');
    expect(fetchScheduled?.retryPolicy).toMatchObject({ backoffCoefficient: 2, maximumAttempts: 5 });
    expect(durationMs(fetchScheduled?.retryPolicy?.initialInterval)).toBe(RETRY_INITIAL_MS);
  }, 90_000);
});
