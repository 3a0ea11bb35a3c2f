import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Job } from '../../src/contracts/job.js';
import { FakeApi, type LoggedRequest, numberedRecords } from '../helpers/fake-api.js';
import { type Harness, waitFor } from '../helpers/harness.js';
import { startTestHarness } from '../helpers/test-harness.js';

const API_KEY = 'api-key-0123456789';
const TOKEN = 'bearer-token-0123456789';
const HEADER_SECRET = 'header-secret-0123456789';
const MAX_PAGE_BYTES = 1024 * 1024;
const MAX_RECORD_BYTES = 64 * 1024;

let h: Harness;
/** A second external API on another port: another origin. */
let other: FakeApi;
beforeAll(async () => {
  h = await startTestHarness({
    fetchLimits: { maxPageBytes: MAX_PAGE_BYTES, maxRecordBytes: MAX_RECORD_BYTES },
    // A failing job's five attempts come 100 ms apart and more (production: 1 s and more).
    env: { SYNCD_FETCH_RETRY_INITIAL_MS: '100' },
  });
  other = await new FakeApi().start();
});
afterAll(async () => {
  await other.stop();
  await h.stop();
});
/** How many requests each API had logged when the test began: their logs span the file. */
let marks = new Map<FakeApi, number>();
beforeEach(() => {
  h.fakeApi.reset(numberedRecords(7));
  other.reset(numberedRecords(7));
  marks = new Map([h.fakeApi, other].map((api) => [api, api.requests.length]));
});

/** The requests `api` got during this test, to `path` only (webhook retries of earlier tests go on). */
function requestsTo(api: FakeApi, path: string): LoggedRequest[] {
  return api.requests.slice(marks.get(api) ?? 0).filter((request) => request.path === path);
}

const otherBase = () => other.url('');

async function runOneJob(fields: Record<string, unknown>): Promise<{ syncId: number; job: Job }> {
  const { sync_id: syncId } = await h.createSync({ paused: true, ...fields });
  return { syncId, job: await h.runJob(syncId) };
}

/** Every credential a request carried: auth headers, the definition's secret header, an API key param. */
function credentialsOf(request: LoggedRequest): string[] {
  const found = [request.headers.authorization, request.headers['x-api-key'], request.query.api_key];
  return found.filter((value): value is string => typeof value === 'string');
}

describe('credentials go only to the sync origins', () => {
  it('a next_url on another origin is fetched without the API key the first origin echoed into it', async () => {
    h.fakeApi.requiredApiKey = { in: 'query', name: 'api_key', value: API_KEY };
    h.fakeApi.nextBase = otherBase();
    const { job } = await runOneJob({
      url: h.fakeApi.url('/next-url'),
      response_path: 'items',
      paging: { type: 'next_url', next_url_path: 'links.next' },
      auth: { type: 'api_key', name: 'api_key', value: API_KEY, in: 'query' },
      headers: { 'X-Api-Key': HEADER_SECRET },
    });
    expect(job).toMatchObject({ status: 'succeeded', pages: 3, records: { created: 7 } });
    const sent = requestsTo(other, '/next-url');
    expect(sent.map((request) => request.query.start)).toEqual(['3', '6']);
    expect(sent.map(credentialsOf)).toEqual([[], []]);
  });

  it('a Link next on another origin is fetched without the bearer token or secret headers', async () => {
    h.fakeApi.requiredAuthorization = `Bearer ${TOKEN}`;
    h.fakeApi.nextBase = otherBase();
    const { job } = await runOneJob({
      url: h.fakeApi.url('/link'),
      paging: { type: 'link_header' },
      auth: { type: 'bearer', token: TOKEN },
      headers: { 'X-Api-Key': HEADER_SECRET },
    });
    expect(job).toMatchObject({ status: 'succeeded', records: { created: 7 } });
    const sent = requestsTo(other, '/link');
    expect(sent.map((request) => request.query.page)).toEqual(['2', '3']);
    expect(sent.flatMap(credentialsOf)).toEqual([]);
  });

  it('a 302 to another origin is followed without credentials', async () => {
    const { job } = await runOneJob({
      url: h.fakeApi.url(`/redirect?to=${encodeURIComponent(other.url('/items'))}`),
      auth: { type: 'bearer', token: TOKEN },
      headers: { 'X-Api-Key': HEADER_SECRET },
    });
    expect(job).toMatchObject({ status: 'succeeded', records: { created: 7 } });
    expect(requestsTo(h.fakeApi, '/redirect').map(credentialsOf)).toEqual([[`Bearer ${TOKEN}`, HEADER_SECRET]]);
    expect(requestsTo(other, '/items').map(credentialsOf)).toEqual([[]]);
  });

  it('an origin in allowed_origins receives the credentials', async () => {
    other.requiredAuthorization = `Bearer ${TOKEN}`;
    const { job } = await runOneJob({
      url: h.fakeApi.url(`/redirect?to=${encodeURIComponent(other.url('/items'))}`),
      auth: { type: 'bearer', token: TOKEN },
      allowed_origins: [otherBase()],
    });
    expect(job).toMatchObject({ status: 'succeeded', records: { created: 7 } });
    expect(requestsTo(other, '/items').map(credentialsOf)).toEqual([[`Bearer ${TOKEN}`]]);
  });

  it('a webhook receiver that redirects gets a failed attempt; the redirect is not followed', async () => {
    const { syncId, job } = await runOneJob({
      url: h.fakeApi.url('/items'),
      webhook_url: h.fakeApi.url(`/redirect?to=${encodeURIComponent(other.url('/hook'))}`),
    });
    expect(job.status).toBe('succeeded');
    const [withAttempt] = await waitFor(
      () => h.jobsOf(syncId),
      (jobs) => (jobs[0]?.webhook?.attempts ?? 0) >= 1,
    );
    expect(withAttempt!.webhook).toMatchObject({
      last_status_code: 302,
      last_error: expect.stringContaining('redirects are not followed'),
    });
    expect(requestsTo(other, '/hook')).toEqual([]);
  });
});

describe('reads are bounded', () => {
  it('a fast endless body fails the job at once at SYNCD_MAX_PAGE_BYTES', async () => {
    const { job } = await runOneJob({ url: h.fakeApi.url('/endless') });
    expect(job.status).toBe('failed');
    expect(job.error?.message).toContain(`the response body passed ${MAX_PAGE_BYTES} bytes, the cap set by SYNCD_MAX_PAGE_BYTES`);
    expect(requestsTo(h.fakeApi, '/endless')).toHaveLength(1);
  });

  it.each(['gzip', 'deflate', 'br'])('a %s bomb is stopped at the cap on its decoded size', async (encoding) => {
    const { job } = await runOneJob({ url: h.fakeApi.url(`/gzip-bomb?mb=8&encoding=${encoding}`) });
    expect(job.status).toBe('failed');
    expect(job.error?.message).toContain(`the response body passed ${MAX_PAGE_BYTES} bytes, the cap set by SYNCD_MAX_PAGE_BYTES`);
  });

  it('a slow endless body times out after request_timeout_seconds, on every attempt', async () => {
    const started = Date.now();
    const { sync_id: syncId } = await h.createSync({ paused: true, url: h.fakeApi.url('/trickle'), request_timeout_seconds: 1 });
    expect((await h.act('trigger', syncId)).status).toBe(200);
    const [job] = await waitFor(
      () => h.jobsOf(syncId),
      (jobs) => jobs[0] !== undefined && jobs[0].status !== 'running',
      55_000,
    );
    expect(job).toMatchObject({
      status: 'failed',
      error: {
        class: 'transient',
        code: 'request_timeout',
        message: expect.stringContaining('no complete answer within 1000 ms (request_timeout_seconds)'),
      },
    });
    // Five attempts of 1 s plus backoff (0.1 + 0.2 + 0.4 + 0.8 s), not an endless read.
    expect(requestsTo(h.fakeApi, '/trickle')).toHaveLength(5);
    expect(Date.now() - started).toBeLessThan(45_000);
  }, 60_000);

  it('cancelling the sync stops a body being read at once', async () => {
    const { sync_id: syncId } = await h.createSync({ paused: true, url: h.fakeApi.url('/trickle'), request_timeout_seconds: 600 });
    expect((await h.act('trigger', syncId)).status).toBe(200);
    await waitFor(
      async () => requestsTo(h.fakeApi, '/trickle').length,
      (count) => count === 1,
    );
    const cancelStarted = Date.now();
    expect((await h.act('cancel', syncId)).status).toBe(200);
    const [job] = await waitFor(
      () => h.jobsOf(syncId),
      (jobs) => jobs[0]?.status === 'cancelled',
      15_000,
    );
    expect(job!.ended_at).not.toBeNull();
    expect(Date.now() - cancelStarted).toBeLessThan(15_000);
  });

  it('a record larger than SYNCD_MAX_RECORD_BYTES fails the job at once, naming it', async () => {
    const { syncId, job } = await runOneJob({ url: h.fakeApi.url(`/big-record?bytes=${MAX_RECORD_BYTES}`) });
    expect(job.status).toBe('failed');
    expect(job.error?.message).toMatch(/record 1 of page 1 is \d+ bytes of JSON, more than 65536, the limit set by SYNCD_MAX_RECORD_BYTES/);
    expect(requestsTo(h.fakeApi, '/big-record')).toHaveLength(1);
    expect((await h.api('GET', `/v1/syncs/${syncId}/records`)).body.data).toEqual([]);
  });

  it('a record nested 100,000 levels deep fails the job at once, without retries', async () => {
    const { job } = await runOneJob({ url: h.fakeApi.url('/deep?levels=100000') });
    expect(job.status).toBe('failed');
    expect(job.error?.message).toContain(
      'record 1 of page 1 nests objects and arrays more than 100 levels deep, the limit set by SYNCD_MAX_RECORD_DEPTH',
    );
    expect(requestsTo(h.fakeApi, '/deep')).toHaveLength(1);
  });
});

describe('odd APIs fail clearly', () => {
  it('an API that ignores the offset fails the job on the second, identical page', async () => {
    const { job } = await runOneJob({ url: h.fakeApi.url('/ignores-offset'), paging: { type: 'offset', limit: 3 } });
    expect(job.status).toBe('failed');
    expect(job.error?.message).toContain('page 2 holds the same records as an earlier page');
    expect(requestsTo(h.fakeApi, '/ignores-offset')).toHaveLength(2);
  });

  it.each(['constructor', 'toString', '__proto__'])('unique_key "%s" reads own properties only, so the job fails', async (key) => {
    const { syncId, job } = await runOneJob({ url: h.fakeApi.url('/items'), unique_key: key });
    expect(job.status).toBe('failed');
    expect(job.error?.message).toContain(`record 0 of page 1 has no scalar value at unique_key "${key}"`);
    expect((await h.api('GET', `/v1/syncs/${syncId}/records`)).body.data).toEqual([]);
  });
});
