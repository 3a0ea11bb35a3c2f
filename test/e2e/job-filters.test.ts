import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Job } from '../../src/contracts/job.js';
import { SyncClient } from '../../src/index.js';
import { numberedRecords } from '../helpers/fake-api.js';
import type { Harness } from '../helpers/harness.js';
import { startTestHarness } from '../helpers/test-harness.js';

let h: Harness;
let sdk: SyncClient;
/** A time before any job of this file. */
let before: string;
let okSync: number;
let failingSync: number;
/** okSync's two jobs, oldest first, and failingSync's one. */
let okJobs: Job[];
let failedJob: Job;

const ids = (body: { data: Job[] }) => body.data.map((job) => job.job_id);
/** The same instant written with a +02:00 offset, so a filter given in another zone is tested too. */
const inPlusTwo = (iso: string) => new Date(Date.parse(iso) + 2 * 3600_000).toISOString().replace('Z', '+02:00');

beforeAll(async () => {
  h = await startTestHarness();
  sdk = new SyncClient({ baseUrl: h.baseUrl });
  h.fakeApi.records = numberedRecords(3);
  before = new Date(Date.now() - 1000).toISOString();
  okSync = (await h.createSync({ paused: true, url: h.fakeApi.url('/items') })).sync_id;
  failingSync = (await h.createSync({ paused: true, url: h.fakeApi.url('/status/404') })).sync_id;
  const first = await h.runJob(okSync);
  failedJob = await h.runJob(failingSync);
  const second = await h.runJob(okSync);
  okJobs = [first, second];
});
afterAll(() => h.stop());

describe("GET /v1/syncs/:id/jobs filters a sync's jobs", () => {
  it('by status and trigger', async () => {
    expect(failedJob.status).toBe('failed');
    const [first, second] = okJobs as [Job, Job];
    expect(ids((await h.api('GET', `/v1/syncs/${okSync}/jobs?status=succeeded`)).body)).toEqual([second.job_id, first.job_id]);
    expect((await h.api('GET', `/v1/syncs/${okSync}/jobs?status=failed`)).body.data).toEqual([]);
    expect(ids((await h.api('GET', `/v1/syncs/${okSync}/jobs?trigger=manual&status=succeeded`)).body)).toEqual([
      second.job_id,
      first.job_id,
    ]);
    expect((await h.api('GET', `/v1/syncs/${okSync}/jobs?trigger=schedule`)).body.data).toEqual([]);
  });

  it('by start time, exclusive at both ends, in any offset', async () => {
    const [first, second] = okJobs as [Job, Job];
    const after = encodeURIComponent(inPlusTwo(first.started_at));
    const beforeSecond = encodeURIComponent(inPlusTwo(second.started_at));
    expect(ids((await h.api('GET', `/v1/syncs/${okSync}/jobs?started_after=${after}`)).body)).toEqual([second.job_id]);
    expect(ids((await h.api('GET', `/v1/syncs/${okSync}/jobs?started_before=${beforeSecond}`)).body)).toEqual([first.job_id]);
    expect((await h.api('GET', `/v1/syncs/${okSync}/jobs?started_after=${after}&started_before=${beforeSecond}`)).body.data).toEqual([]);
    expect(
      ids((await h.api('GET', `/v1/syncs/${okSync}/jobs?started_after=${encodeURIComponent(before)}&started_before=${beforeSecond}`)).body),
    ).toEqual([first.job_id]);
    // Offsets past ±15:59, which PostgreSQL alone would refuse, and years long past (found by schemathesis).
    const longAgo = encodeURIComponent('0693-10-28T06:51:56+21:16');
    expect(ids((await h.api('GET', `/v1/syncs/${okSync}/jobs?started_after=${longAgo}`)).body)).toEqual([second.job_id, first.job_id]);
    expect((await h.api('GET', `/v1/jobs?started_after=${longAgo}&limit=1`)).status).toBe(200);
  });

  it('answers 400 naming the field for a bad value, and for an empty range', async () => {
    const cases: [string, string][] = [
      ['status=broken', 'query.status'],
      ['trigger=cron', 'query.trigger'],
      ['started_after=yesterday', 'query.started_after'],
      ['started_before=2026-01-31T12:00:00', 'query.started_before'],
      ['started_after=2026-02-01T00:00:00Z&started_before=2026-01-31T00:00:00Z', 'query.started_before'],
      ['started_after=2026-02-01T00:00:00Z&started_before=2026-02-01T02:00:00%2B02:00', 'query.started_before'],
      ['sort=asc', 'query.sort'],
    ];
    for (const [query, field] of cases) {
      for (const path of [`/v1/syncs/${okSync}/jobs`, '/v1/jobs']) {
        const answer = await h.api('GET', `${path}?${query}`);
        expect(answer.status, `${path}?${query}`).toBe(400);
        expect(answer.body.error.details.map((detail: { field: string }) => detail.field)).toEqual([field]);
      }
    }
    expect((await h.api('GET', '/v1/jobs?sync_id=0')).status).toBe(400);
  });
});

describe('GET /v1/jobs lists jobs across syncs', () => {
  it('answers what failed since a time, newest first', async () => {
    const failed = (await h.api('GET', `/v1/jobs?status=failed&started_after=${encodeURIComponent(before)}`)).body;
    expect(ids(failed)).toEqual([failedJob.job_id]);
    expect(failed.data[0]).toMatchObject({ sync_id: failingSync, status: 'failed' });
    expect(ids((await h.api('GET', `/v1/jobs?started_after=${encodeURIComponent(before)}&limit=100`)).body)).toEqual(
      [...okJobs, failedJob].map((job) => job.job_id).sort((a, b) => b - a),
    );
  });

  it('narrows to one sync, and pages with the cursor', async () => {
    expect(ids((await h.api('GET', `/v1/jobs?sync_id=${failingSync}`)).body)).toEqual([failedJob.job_id]);
    const seen: number[] = [];
    let cursor: string | null = null;
    do {
      const query: string = `started_after=${encodeURIComponent(before)}&limit=2${cursor ? `&cursor=${cursor}` : ''}`;
      const page: { data: Job[]; next_cursor: string | null } = (await h.api('GET', `/v1/jobs?${query}`)).body;
      expect(page.data.length).toBeLessThanOrEqual(2);
      seen.push(...ids(page));
      cursor = page.next_cursor;
    } while (cursor !== null);
    expect(seen).toEqual([...okJobs, failedJob].map((job) => job.job_id).sort((a, b) => b - a));
  });

  it('the SDK sends the same filters', async () => {
    const [first, second] = okJobs as [Job, Job];
    expect(ids(await sdk.jobs(okSync, { status: 'succeeded', started_after: first.started_at }))).toEqual([second.job_id]);
    expect(ids(await sdk.allJobs({ status: 'failed', started_after: before }))).toEqual([failedJob.job_id]);
    expect(ids(await sdk.allJobs({ sync_id: okSync, trigger: 'manual', limit: 1 }))).toEqual([second.job_id]);
  });
});
