import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Job } from '../../src/contracts/job.js';
import { numberedRecords } from '../helpers/fake-api.js';
import { type Harness, waitFor } from '../helpers/harness.js';
import { growth, scrape } from '../helpers/prometheus-text.js';
import { startTestHarness } from '../helpers/test-harness.js';

let h: Harness;
beforeAll(async () => {
  h = await startTestHarness();
});
afterAll(() => h.stop());
beforeEach(() => h.fakeApi.reset(numberedRecords(7)));

const workerSamples = async () => (await scrape(h.workerMetricsUrl!)).samples;
const cursorPaging = { type: 'cursor', cursor_param: 'cursor', next_cursor_path: 'next' };

describe('stall_timeout_seconds and max_job_seconds', () => {
  it('default to 900 and 21600, are editable by PATCH, and a value out of bounds is a 400 naming the field', async () => {
    const created = await h.createSync({ url: h.fakeApi.url('/items'), paused: true });
    expect(created).toMatchObject({ stall_timeout_seconds: 900, max_job_seconds: 21_600 });

    const patched = await h.api('PATCH', `/v1/syncs/${created.sync_id}`, { stall_timeout_seconds: 60, max_job_seconds: 3600 });
    expect(patched.status).toBe(200);
    expect((await h.api('GET', `/v1/syncs/${created.sync_id}`)).body).toMatchObject({ stall_timeout_seconds: 60, max_job_seconds: 3600 });

    for (const [field, value] of [
      ['stall_timeout_seconds', 0],
      ['stall_timeout_seconds', 86_401],
      ['max_job_seconds', 0],
      ['max_job_seconds', 1.5],
      ['max_job_seconds', 86_401],
    ] as const) {
      const refused = await h.api('POST', '/v1/syncs', { url: h.fakeApi.url('/items'), unique_key: 'id', paused: true, [field]: value });
      expect(refused.status).toBe(400);
      expect(refused.body.error.details.map((detail: { field: string }) => detail.field)).toEqual([field]);
      const refusedPatch = await h.api('PATCH', `/v1/syncs/${created.sync_id}`, { [field]: value });
      expect(refusedPatch.status).toBe(400);
      expect(refusedPatch.body.error.details.map((detail: { field: string }) => detail.field)).toEqual([field]);
    }
  });
});

describe('stalled and overlong jobs', () => {
  it('a page that trickles forever fails the job as job_stalled, once, and the sync stays active for its next schedule', async () => {
    const before = await workerSamples();
    const marked = h.fakeApi.requests.length;
    // The request timeout alone would read the trickle for ten minutes, five times over.
    const sync = await h.createSync({
      url: h.fakeApi.url('/trickle'),
      frequency: '1 hour',
      request_timeout_seconds: 600,
      stall_timeout_seconds: 1,
    });
    const [job] = await waitFor(
      () => h.jobsOf(sync.sync_id),
      (jobs: Job[]) => jobs[0] !== undefined && jobs[0].status !== 'running',
    );
    expect(job).toMatchObject({
      status: 'failed',
      pages: 0,
      error: { class: 'transient', code: 'job_stalled', message: 'no page was committed for 1 s (stall_timeout_seconds)' },
    });
    expect(job!.error).not.toHaveProperty('http_status');
    // Not retried by the activity: the next job is the schedule's.
    expect(h.fakeApi.requests.slice(marked).filter((request) => request.path === '/trickle')).toHaveLength(1);
    expect((await h.api('GET', `/v1/syncs/${sync.sync_id}`)).body).toMatchObject({ status: 'active', last_job: { status: 'failed' } });
    expect(growth(before, await workerSamples(), 'syncd_jobs_failed_total', { class: 'transient', code: 'job_stalled' })).toBe(1);
  });

  it('an API that pages forever fails the job as job_timeout after max_job_seconds, keeping the pages it committed', async () => {
    const before = await workerSamples();
    // Slow pages keep the endless job from flooding the database while the deadline comes.
    h.fakeApi.delayMs = 50;
    const sync = await h.createSync({ url: h.fakeApi.url('/forever'), response_path: 'items', paging: cursorPaging, paused: true });
    expect((await h.api('PATCH', `/v1/syncs/${sync.sync_id}`, { max_job_seconds: 2 })).status).toBe(200);
    const job = await h.runJob(sync.sync_id);
    expect(job).toMatchObject({
      status: 'failed',
      error: { class: 'transient', code: 'job_timeout', message: 'the job ran longer than 2 s (max_job_seconds)' },
    });
    expect(job.pages).toBeGreaterThan(0);
    expect(job.records.created).toBe(job.pages);
    expect(growth(before, await workerSamples(), 'syncd_jobs_failed_total', { class: 'transient', code: 'job_timeout' })).toBe(1);
  });
});
