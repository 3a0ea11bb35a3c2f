import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { numberedRecords } from '../helpers/fake-api.js';
import { type Harness, waitFor } from '../helpers/harness.js';
import { growth, type Samples, scrape } from '../helpers/prometheus-text.js';
import { startTestHarness } from '../helpers/test-harness.js';

let h: Harness;
beforeAll(async () => {
  // A failing job's five attempts come 100 ms apart and more (production: 1 s and more).
  h = await startTestHarness({ env: { SYNCD_FETCH_RETRY_INITIAL_MS: '100' } });
});
afterAll(() => h.stop());
beforeEach(() => h.fakeApi.reset(numberedRecords(7)));

const worker = async (): Promise<Samples> => (await scrape(h.workerMetricsUrl!)).samples;
const api = async (): Promise<Samples> => (await scrape(`${h.baseUrl}/metrics`)).samples;

/** Creates a paused sync (so no create job runs), triggers one job and returns it once it has ended. */
async function runOneJob(fields: Record<string, unknown>) {
  const { sync_id: syncId } = await h.createSync({ paused: true, ...fields });
  return { syncId, job: await h.runJob(syncId) };
}

describe('worker and API metrics', () => {
  it('a successful job moves the job, record, page, request and webhook counters by exactly its own amounts', async () => {
    const [workerBefore, apiBefore] = [await worker(), await api()];
    // 7 records, 3 a page: pages of 3, 3, 1 and the empty one that ends offset paging.
    const { syncId, job } = await runOneJob({
      url: h.fakeApi.url('/offset'),
      paging: { type: 'offset', limit: 3 },
      webhook_url: h.fakeApi.url('/items'),
    });
    expect(job).toMatchObject({ status: 'succeeded', trigger: 'manual', pages: 4, records: { created: 7, fetched: 7 } });
    // The webhook goes out after the job ended, from a workflow of its own.
    const workerAfter = await waitFor(
      worker,
      (samples) => growth(workerBefore, samples, 'syncd_webhook_deliveries_total', { outcome: 'delivered' }) === 1,
    );

    const grew = (name: string, labels: Record<string, string> = {}) => growth(workerBefore, workerAfter, name, labels);
    expect(grew('syncd_jobs_started_total', { trigger: 'manual' })).toBe(1);
    expect(grew('syncd_jobs_finished_total', { status: 'succeeded', trigger: 'manual' })).toBe(1);
    expect(grew('syncd_jobs_finished_total', { status: 'failed', trigger: 'manual' })).toBe(0);
    expect(grew('syncd_job_duration_seconds_count', { status: 'succeeded' })).toBe(1);
    expect(grew('syncd_records_total', { change: 'created' })).toBe(7);
    expect(grew('syncd_records_total', { change: 'updated' })).toBe(0);
    expect(grew('syncd_records_total', { change: 'unchanged' })).toBe(0);
    expect(grew('syncd_records_total', { change: 'deleted' })).toBe(0);
    expect(grew('syncd_pages_fetched_total')).toBe(4);
    expect(grew('syncd_external_requests_total', { kind: 'page', status_class: '2xx' })).toBe(4);
    expect(grew('syncd_external_request_duration_seconds_count', { kind: 'page', status_class: '2xx' })).toBe(4);
    expect(grew('syncd_external_requests_total', { kind: 'webhook', status_class: '2xx' })).toBe(1);
    expect(grew('syncd_retries_total', { kind: 'page' })).toBe(0);
    expect(grew('syncd_webhook_deliveries_total', { outcome: 'failed' })).toBe(0);

    expect((await h.api('GET', `/v1/syncs/${syncId}`)).status).toBe(200);
    expect((await h.api('GET', '/v1/syncs/999999999999')).status).toBe(404);
    const { samples: apiAfter, text } = await scrape(`${h.baseUrl}/metrics`);
    const requests = (method: string, route: string, status: number) =>
      growth(apiBefore, apiAfter, 'syncd_api_requests_total', { method, route, status: String(status) });
    expect(requests('POST', '/v1/syncs', 201)).toBe(1);
    expect(requests('PUT', '/v1/syncs', 200)).toBe(1);
    expect(requests('GET', '/v1/syncs/:id', 200)).toBe(1);
    expect(requests('GET', '/v1/syncs/:id', 404)).toBe(1);
    expect(requests('GET', '/v1/syncs/:id/jobs', 200)).toBeGreaterThanOrEqual(1);
    expect(requests('GET', '/metrics', 200)).toBe(1);
    expect(
      growth(apiBefore, apiAfter, 'syncd_api_request_duration_seconds_count', { method: 'POST', route: '/v1/syncs', status: '201' }),
    ).toBe(1);
    // Labels carry route patterns only: no sync id reaches a series.
    const routes = new Set([...text.matchAll(/route="([^"]*)"/g)].map((match) => match[1]!));
    expect(routes).toContain('/v1/syncs/:id');
    for (const route of routes) expect(route).not.toMatch(/\d{4,}/);
    // Each process's registry has the default process metrics too.
    expect(apiAfter.get('process_cpu_user_seconds_total')).toBeGreaterThan(0);
    expect(workerAfter.get('nodejs_heap_size_used_bytes')).toBeGreaterThan(0);
  });

  it("a second job's updated, unchanged and deleted records each count by the job's own numbers", async () => {
    const { syncId } = await runOneJob({ url: h.fakeApi.url('/items') });
    // Of the 7 records: the first changes, the last is gone, the 5 between are as they were.
    h.fakeApi.records = numberedRecords(6).map((record) => (record.id === 1 ? { ...record, version: 2 } : record));
    const before = await worker();
    const job = await h.runJob(syncId);
    expect(job).toMatchObject({ status: 'succeeded', records: { created: 0, updated: 1, unchanged: 5, deleted: 1 } });
    const after = await worker();
    for (const [change, count] of Object.entries({ created: 0, updated: 1, unchanged: 5, deleted: 1 })) {
      expect(growth(before, after, 'syncd_records_total', { change }), change).toBe(count);
    }
  });

  it('syncs by status is read from storage at each scrape', async () => {
    const active = await h.createSync({ url: h.fakeApi.url('/items'), frequency: '1 hour' });
    await h.createSync({ url: h.fakeApi.url('/items'), paused: true });
    expect((await h.act('cancel', active.sync_id)).status).toBe(200);
    const counts = await h.storage.countSyncsByStatus();
    expect(counts.cancelled).toBeGreaterThanOrEqual(1);
    const samples = await api();
    for (const status of ['active', 'paused', 'cancelled'] as const) {
      expect(samples.get(`syncd_syncs{status="${status}"}`)).toBe(counts[status]);
    }
  });

  it('a job failing on 500s shows as failed and transient, with a 5xx request per attempt and a retry after each but the last', async () => {
    const before = await worker();
    const { job } = await runOneJob({ url: h.fakeApi.url('/status/500') });
    expect(job).toMatchObject({ status: 'failed', trigger: 'manual', error: { class: 'transient', code: 'http_500', http_status: 500 } });
    const after = await worker();
    expect(growth(before, after, 'syncd_jobs_failed_total', { class: 'transient', code: 'http_500' })).toBe(1);
    // The fetch activity's retry policy allows 5 attempts.
    expect(growth(before, after, 'syncd_jobs_finished_total', { status: 'failed', trigger: 'manual' })).toBe(1);
    expect(growth(before, after, 'syncd_jobs_finished_total', { status: 'succeeded', trigger: 'manual' })).toBe(0);
    expect(growth(before, after, 'syncd_job_duration_seconds_count', { status: 'failed' })).toBe(1);
    expect(growth(before, after, 'syncd_external_requests_total', { kind: 'page', status_class: '5xx' })).toBe(5);
    expect(growth(before, after, 'syncd_external_requests_total', { kind: 'page', status_class: '2xx' })).toBe(0);
    expect(growth(before, after, 'syncd_retries_total', { kind: 'page' })).toBe(4);
    expect(growth(before, after, 'syncd_pages_fetched_total')).toBe(0);
  });

  it('a job failing on a 404 counts once as a config failure labelled http_404', async () => {
    const before = await worker();
    const { job } = await runOneJob({ url: h.fakeApi.url('/status/404') });
    expect(job).toMatchObject({ status: 'failed', error: { class: 'config', code: 'http_404' } });
    const after = await worker();
    expect(growth(before, after, 'syncd_jobs_failed_total', { class: 'config', code: 'http_404' })).toBe(1);
    expect(growth(before, after, 'syncd_jobs_failed_total', { class: 'transient', code: 'http_404' })).toBe(0);
  });

  it('a 429 counts as a rate-limit wait of its Retry-After seconds, then the retry succeeds', async () => {
    const before = await worker();
    h.fakeApi.rateLimitedRequests = new Map([[h.fakeApi.requests.length + 1, '1']]);
    const { job } = await runOneJob({ url: h.fakeApi.url('/items') });
    expect(job).toMatchObject({ status: 'succeeded', records: { created: 7 } });
    const after = await worker();
    expect(growth(before, after, 'syncd_rate_limit_waits_total')).toBe(1);
    expect(growth(before, after, 'syncd_rate_limit_wait_seconds_total')).toBe(1);
    expect(growth(before, after, 'syncd_external_requests_total', { kind: 'page', status_class: '4xx' })).toBe(1);
    expect(growth(before, after, 'syncd_external_requests_total', { kind: 'page', status_class: '2xx' })).toBe(1);
    expect(growth(before, after, 'syncd_retries_total', { kind: 'page' })).toBe(1);
    expect(growth(before, after, 'syncd_jobs_finished_total', { status: 'succeeded', trigger: 'manual' })).toBe(1);
  });

  it('OAuth token requests count as their own kind', async () => {
    const before = await worker();
    const { job } = await runOneJob({
      url: h.fakeApi.url('/oauth/items'),
      auth: {
        type: 'oauth2_client_credentials',
        token_url: h.fakeApi.url('/oauth/token'),
        client_id: h.fakeApi.oauthClient.id,
        client_secret: h.fakeApi.oauthClient.secret,
      },
    });
    expect(job).toMatchObject({ status: 'succeeded', records: { created: 7 } });
    const after = await worker();
    expect(growth(before, after, 'syncd_external_requests_total', { kind: 'oauth', status_class: '2xx' })).toBe(1);
    expect(growth(before, after, 'syncd_external_requests_total', { kind: 'page', status_class: '2xx' })).toBe(1);
  });

  it('the worker metrics port serves /metrics only, and to GET and HEAD only', async () => {
    const other = h.workerMetricsUrl!.replace(/\/metrics$/, '/other');
    expect((await fetch(other)).status).toBe(404);
    const post = await fetch(h.workerMetricsUrl!, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
    expect(post.status).toBe(405);
    expect(post.headers.get('allow')).toBe('GET, HEAD');
  });
});
