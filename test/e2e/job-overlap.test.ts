import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { numberedRecords } from '../helpers/fake-api.js';
import { type Harness, waitFor } from '../helpers/harness.js';
import { allEnded, expectNoOverlap, oldestFirst } from '../helpers/job-timeline.js';
import { startTestHarness } from '../helpers/test-harness.js';

let h: Harness;
beforeAll(async () => {
  h = await startTestHarness();
});
afterEach(() => h.fakeApi.reset(numberedRecords(60)));
afterAll(() => h.stop());

/** 60 records in offset pages of 10, each page `pageDelayMs` late: a job of several seconds. */
async function createSlowSync(pageDelayMs: number, fields: Record<string, unknown> = {}): Promise<number> {
  h.fakeApi.reset(numberedRecords(60));
  h.fakeApi.delayMs = pageDelayMs;
  const sync = await h.createSync({ url: h.fakeApi.url('/offset'), paging: { type: 'offset', limit: 10 }, frequency: '1 hour', ...fields });
  return sync.sync_id;
}

const runningJob = (syncId: number) =>
  waitFor(
    () => h.jobsOf(syncId),
    (jobs) => jobs.some((job) => job.status === 'running'),
  );
/**
 * Once the sync's `count`th job has started, pages answer at once: only the jobs before it must be
 * slow for what a test sends to land during them. Whether it overlapped them is settled by its start.
 */
async function fastFromJob(syncId: number, count: number): Promise<void> {
  await waitFor(
    () => h.jobsOf(syncId),
    (jobs) => jobs.length >= count,
    40_000,
  );
  h.fakeApi.delayMs = 0;
}
const jobsWhenSettled = (syncId: number, count: number) =>
  waitFor(
    () => h.jobsOf(syncId),
    (jobs) => jobs.length >= count && allEnded(jobs),
    40_000,
  );

describe('the creation job', () => {
  it('a trigger two seconds into it queues one follow-up that starts after it ends', async () => {
    const syncId = await createSlowSync(700);
    await runningJob(syncId);
    await new Promise((resolve) => setTimeout(resolve, 2_000));
    expect((await h.act('trigger', syncId)).status).toBe(200);
    await fastFromJob(syncId, 2);
    const jobs = oldestFirst(await jobsWhenSettled(syncId, 2));
    expect(jobs.map((job) => [job.trigger, job.status])).toEqual([
      ['create', 'succeeded'],
      ['manual', 'succeeded'],
    ]);
    expectNoOverlap(jobs);
  });

  it('three triggers in its first moments are not dropped: exactly one follow-up runs', async () => {
    const syncId = await createSlowSync(500);
    const answers = await Promise.all([h.act('trigger', syncId), h.act('trigger', syncId), h.act('trigger', syncId)]);
    expect(answers.map((answer) => answer.status)).toEqual([200, 200, 200]);
    await fastFromJob(syncId, 2);
    const jobs = oldestFirst(await jobsWhenSettled(syncId, 2));
    expect(jobs).toHaveLength(2);
    expect(jobs[0]!.trigger).toBe('create');
    expectNoOverlap(jobs);
    // The follow-up started in the same second as the creation job may share its workflow id.
    expect(new Set(jobs.map((job) => job.run_id)).size).toBe(2);
  });

  it('twenty concurrent triggers during it never run two jobs at once and queue at most one', async () => {
    const syncId = await createSlowSync(500);
    await runningJob(syncId);
    const answers = await Promise.all(Array.from({ length: 20 }, () => h.act('trigger', syncId)));
    const lastAnswered = Date.now();
    expect(answers.every((answer) => answer.status === 200)).toBe(true);
    await fastFromJob(syncId, 2);
    const jobs = await jobsWhenSettled(syncId, 2);
    expectNoOverlap(jobs);
    // On a loaded machine the triggers may outlast a job, so more jobs can be right; but once the
    // last trigger is answered, at most the one job queued by then may still start.
    expect(jobs.filter((job) => Date.parse(job.started_at) > lastAnswered).length).toBeLessThanOrEqual(1);
  });

  it('a short frequency that comes due while it runs waits for it', async () => {
    const syncId = await createSlowSync(400, { frequency: '1 second' });
    // The first two jobs each outlast the one-second frequency; the third need not.
    await fastFromJob(syncId, 3);
    const jobs = await waitFor(
      () => h.jobsOf(syncId),
      (list) => list.length >= 3,
      40_000,
    );
    await h.act('pause', syncId);
    expectNoOverlap(await jobsWhenSettled(syncId, jobs.length));
  });
});

describe('every way a job starts keeps one job at a time', () => {
  it('resume and resync during a running job each wait for it', async () => {
    const syncId = await createSlowSync(400, { paused: true });
    expect((await h.act('trigger', syncId)).status).toBe(200);
    await runningJob(syncId);
    expect((await h.act('resume', syncId)).status).toBe(200);
    await fastFromJob(syncId, 2);
    const first = await jobsWhenSettled(syncId, 2);
    expectNoOverlap(first);
    expect(oldestFirst(first).map((job) => job.trigger)).toEqual(['manual', 'resume']);

    // Slow again, so the resync lands during the third job.
    h.fakeApi.delayMs = 400;
    expect((await h.act('trigger', syncId)).status).toBe(200);
    await waitFor(
      () => h.jobsOf(syncId),
      (jobs) => jobs.length === 3 && jobs[0]!.status === 'running',
    );
    expect((await h.api('POST', `/v1/syncs/${syncId}/resync`, {})).status).toBe(200);
    await fastFromJob(syncId, 4);
    const all = oldestFirst(await jobsWhenSettled(syncId, 4));
    expect(all.map((job) => job.trigger)).toEqual(['manual', 'resume', 'manual', 'resync']);
    expectNoOverlap(all);
  });

  it('two jobs started within one wall-clock second both run, told apart by their run ids', async () => {
    h.fakeApi.reset(numberedRecords(2));
    const { sync_id: syncId } = await h.createSync({ url: h.fakeApi.url('/items'), paused: true });
    // Job workflow ids end in the second they were triggered in; try until two land in one second.
    let sameSecond: [string, string] | null = null;
    for (let round = 0; round < 8 && sameSecond === null; round += 1) {
      const before = (await h.jobsOf(syncId)).length;
      await new Promise((resolve) => setTimeout(resolve, 1_000 - (Date.now() % 1_000)));
      await h.runJob(syncId);
      await h.runJob(syncId);
      const [second, first] = await h.jobsOf(syncId);
      expect((await h.jobsOf(syncId)).length).toBe(before + 2);
      expect([first!.status, second!.status]).toEqual(['succeeded', 'succeeded']);
      if (first!.workflow_id === second!.workflow_id) sameSecond = [first!.run_id, second!.run_id];
    }
    expect(sameSecond, 'no two jobs landed in one second in 8 rounds').not.toBeNull();
    expect(sameSecond![0]).not.toBe(sameSecond![1]);
  });
});
