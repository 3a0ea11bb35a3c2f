import { setTimeout as sleep } from 'node:timers/promises';
import { defaultPayloadConverter } from '@temporalio/common';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { killAllTsProcesses, startTsProcess, type TsProcess } from '../helpers/child-process.js';
import { numberedRecords } from '../helpers/fake-api.js';
import { type Harness, waitFor } from '../helpers/harness.js';
import { durationMs } from '../helpers/proto-duration.js';
import { startTestHarness } from '../helpers/test-harness.js';

// A worker process is SIGKILLed in the middle of a job; a second one picks the job up once the
// fetch activity's heartbeat timeout has expired: 20 s in production, HEARTBEAT_TIMEOUT_MS here.

const RECORDS = 60;
const LIMIT = 3;
/** 20 full pages, then the empty page at offset 60 that ends offset paging (paging.ts nextPage). */
const PAGES = RECORDS / LIMIT + 1;
/** Eight missed one-second heartbeats: a dead worker, not a slow one. */
const HEARTBEAT_TIMEOUT_MS = 8_000;

/** The fetch activity's heartbeat details (activities/job-activities.ts, Checkpoint). */
interface Checkpoint {
  next: { url: string | null; params: Record<string, string | number> } | null;
  fetched: number;
  pages: number;
  seen: string[];
  cursor_max: string | number | null;
  max_total_reached: boolean;
}

let h: Harness;

/** Starts worker-process.ts in a process of its own and resolves once it prints "ready". */
async function spawnWorker(): Promise<TsProcess> {
  const worker = startTsProcess('test/helpers/worker-process.ts', { ...process.env, ...h.workerEnv }, { echoStderr: true });
  await worker.waitForOutput(/^ready$/m);
  return worker;
}

/** The checkpoint the Temporal server holds for the job's fetch activity: what a retry resumes from. */
async function serverCheckpoint(workflowId: string): Promise<{ checkpoint: Checkpoint | undefined; attempt: number }> {
  const description = await h.client.workflow.getHandle(workflowId).describe();
  const pending = description.raw.pendingActivities ?? [];
  const activity = pending.find((info) => info.activityType?.name === 'fetchAndStoreRecords');
  if (!activity) throw new Error(`no pending fetch activity in ${workflowId}: ${JSON.stringify(pending)}`);
  const payload = activity.heartbeatDetails?.payloads?.[0];
  return {
    checkpoint: payload ? defaultPayloadConverter.fromPayload<Checkpoint>(payload) : undefined,
    attempt: activity.attempt ?? 0,
  };
}

const offsetsOf = (requests: Harness['fakeApi']['requests']): number[] =>
  requests.filter((request) => request.path === '/offset').map((request) => Number(request.query.offset));

beforeAll(async () => {
  h = await startTestHarness({ inProcessWorker: false, env: { SYNCD_FETCH_HEARTBEAT_TIMEOUT_MS: String(HEARTBEAT_TIMEOUT_MS) } });
});

afterAll(async () => {
  // Never leave a worker behind, whatever happened in the test.
  await killAllTsProcesses();
  await h?.stop();
});

describe('crash safety', () => {
  it('a job whose worker is SIGKILLed mid-job resumes from its checkpoint: nothing lost, nothing duplicated, counts exact', async () => {
    h.fakeApi.records = numberedRecords(RECORDS);
    // Slow enough that the kill lands mid-job and the worker's 1 s heartbeat flush keeps up.
    h.fakeApi.delayMs = 400;
    const first = await spawnWorker();

    const created = await h.api('POST', '/v1/syncs', {
      url: h.fakeApi.url('/offset'),
      unique_key: 'id',
      paused: true,
      paging: { type: 'offset', limit: LIMIT },
    });
    expect(created.status).toBe(201);
    const syncId: number = created.body.sync_id;
    const requestsBeforeJob = h.fakeApi.requests.length;
    expect((await h.api('PUT', '/v1/syncs', { action: 'trigger', sync_id: syncId })).status).toBe(200);

    const [running] = await waitFor(
      () => h.jobsOf(syncId),
      (jobs) => jobs[0]?.status === 'running' && jobs[0].pages >= 6,
      30_000,
    );
    await first.kill('SIGKILL');
    const [atKill] = await h.jobsOf(syncId);
    expect(atKill).toMatchObject({ job_id: running!.job_id, status: 'running' });
    expect(atKill!.pages).toBeLessThan(PAGES);
    const { checkpoint, attempt } = await serverCheckpoint(running!.workflow_id);
    expect(attempt).toBe(1);
    // The server holds a real checkpoint, not the job's starting point, consistent with the job row.
    expect(checkpoint).toBeDefined();
    expect(checkpoint!.pages).toBeGreaterThanOrEqual(1);
    expect(checkpoint!.pages).toBeLessThanOrEqual(atKill!.pages);
    expect(checkpoint!.fetched).toBe(checkpoint!.pages * LIMIT);
    expect(checkpoint!.next?.params).toEqual({ offset: checkpoint!.fetched, limit: LIMIT });

    // A request the dead worker sent just before the kill may still be read off the socket after
    // its exit; nothing else asks the fake API before the second worker starts.
    await sleep(500);
    // Every request logged so far came from the dead worker; every later one from the new worker.
    const killIndex = h.fakeApi.requests.length;
    const second = await spawnWorker();
    const [done] = await waitFor(
      () => h.jobsOf(syncId),
      (jobs) => jobs[0]?.status !== 'running',
      60_000,
    );
    await second.kill('SIGTERM');

    // One job, the one that was interrupted, finished with exact counts.
    const jobs = await h.jobsOf(syncId);
    expect(jobs).toHaveLength(1);
    expect(done).toMatchObject({
      job_id: running!.job_id,
      trigger: 'manual',
      status: 'succeeded',
      error: null,
      pages: PAGES,
      records: { created: RECORDS, updated: 0, unchanged: 0, deleted: 0, fetched: RECORDS },
    });

    // Every record stored exactly once.
    const records = (await h.api('GET', `/v1/syncs/${syncId}/records?limit=100`)).body.data as { key: string; data: { id: number } }[];
    const keys = records.map((record) => record.key);
    expect(keys).toHaveLength(RECORDS);
    expect(new Set(keys).size).toBe(RECORDS);
    expect([...keys].sort((a, b) => Number(a) - Number(b))).toEqual(Array.from({ length: RECORDS }, (_, index) => String(index + 1)));
    expect(records.every((record) => record.key === String(record.data.id))).toBe(true);
    expect((await h.api('GET', `/v1/syncs/${syncId}`)).body.totals).toEqual({ records: RECORDS });

    // The retry really was a second attempt of the same activity, started on the new worker.
    const history = await h.client.workflow.getHandle(running!.workflow_id).fetchHistory();
    const events = history.events ?? [];
    const scheduled = events.filter((event) => event.activityTaskScheduledEventAttributes?.activityType?.name === 'fetchAndStoreRecords');
    expect(scheduled).toHaveLength(1);
    // The worker's configured heartbeat timeout is the one the fetch was scheduled with.
    expect(durationMs(scheduled[0]!.activityTaskScheduledEventAttributes?.heartbeatTimeout)).toBe(HEARTBEAT_TIMEOUT_MS);
    const started = events.find(
      (event) => String(event.activityTaskStartedEventAttributes?.scheduledEventId ?? '') === String(scheduled[0]!.eventId),
    );
    expect(started?.activityTaskStartedEventAttributes?.attempt).toBe(2);

    // It resumed from the checkpoint: the dead worker paged 0, 3, 6, ... in order; the new one
    // started exactly at the checkpoint's offset and went on to the end, each page once.
    const before = offsetsOf(h.fakeApi.requests.slice(requestsBeforeJob, killIndex));
    const after = offsetsOf(h.fakeApi.requests.slice(killIndex));
    const resumeAt = checkpoint!.fetched;
    expect(before).toEqual(Array.from({ length: before.length }, (_, index) => index * LIMIT));
    expect(after).toEqual(Array.from({ length: (RECORDS - resumeAt) / LIMIT + 1 }, (_, index) => resumeAt + index * LIMIT));
    expect(after).not.toContain(0);
    // Fetched twice: only pages committed after the last heartbeat that reached the server (the
    // worker flushes heartbeats at most once a second) and the one in flight at the kill.
    const refetched = after.filter((offset) => before.includes(offset));
    expect(refetched.length).toBeLessThanOrEqual(atKill!.pages - checkpoint!.pages + 1);
    // With 400 ms pages that is at most about three pages; one more for a loaded machine.
    expect(atKill!.pages - checkpoint!.pages).toBeLessThanOrEqual(4);
    console.info(
      `crash-safety: killed at ${atKill!.pages} pages (${atKill!.records.fetched} fetched), ${before.length} pages requested by the dead worker; ` +
        `server checkpoint at ${checkpoint!.pages} pages (offset ${resumeAt}); re-fetched offsets [${refetched.join(', ')}]`,
    );
  }, 90_000);
});
