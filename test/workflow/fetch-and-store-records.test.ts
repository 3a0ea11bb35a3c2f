import { Client } from '@temporalio/client';
import { ApplicationFailure, CancelledFailure } from '@temporalio/common';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { classifyFailure } from '../../activities/failure-class.js';
import { OAuthTokenCache } from '../../activities/http/oauth-token-cache.js';
import { createJobActivities } from '../../activities/job-activities.js';
import { DEFAULT_FETCH_LIMITS } from '../../src/config/config.js';
import { DEFAULT_FETCH_HEARTBEAT_TIMEOUT_MS, DEFAULT_FETCH_RETRY_INITIAL_MS } from '../../src/contracts/fetch-timing.js';
import { createSyncSchema, toSyncDefinition } from '../../src/contracts/sync-definition.js';
import { WorkerMetrics } from '../../src/metrics/metrics.js';
import type { IncomingRecord, JobPlan, JobProgress, Storage } from '../../src/storage/storage.js';
import { ActivityRunner } from '../helpers/activity-context.js';
import { FakeApi, numberedRecords } from '../helpers/fake-api.js';
import { defaultOutboundHttp } from '../helpers/outbound-http.js';

const metrics = new WorkerMetrics();

/**
 * The fetch activity on its own, in a hand-made activity context (heartbeats recorded, details of
 * a previous attempt given), against the fake external API and a storage that records writes.
 */
const SYNC_ID = 1;
const JOB_ID = 1;

/** The three storage calls the fetch makes, recorded. */
class RecordingStorage {
  readonly upserts: IncomingRecord[][] = [];
  readonly progress: JobProgress[] = [];
  /** Called after each page is stored, so a test can act between pages. */
  afterUpsert: () => void = () => undefined;

  constructor(private readonly plan: JobPlan) {}

  upsertedKeys(): string[] {
    return this.upserts.flat().map((record) => record.key);
  }

  /** The fetch reads its plan and writes records and progress; it touches nothing else. */
  asStorage(): Storage {
    const used: Pick<Storage, 'getJobPlan' | 'upsertRecords' | 'recordJobProgress'> = {
      getJobPlan: async () => this.plan,
      upsertRecords: async (_syncId, _jobId, records) => {
        this.upserts.push(records);
        this.afterUpsert();
      },
      recordJobProgress: async (_jobId, progress) => {
        this.progress.push(progress);
      },
    };
    return used as Storage;
  }
}

const api = new FakeApi();
beforeAll(() => api.start());
afterAll(() => api.stop());
beforeEach(() => api.reset(numberedRecords(7)));

/** The job plan of a sync created with `fields`, as the storage would hand it to a full job. */
function planFor(fields: Record<string, unknown>): JobPlan {
  const { definition, secrets } = toSyncDefinition(createSyncSchema.parse({ unique_key: 'id', ...fields }));
  return { mode: 'full', cursor: null, definition, secrets, started_at: new Date().toISOString() };
}

/** One attempt of fetchAndStoreRecords, as the worker would run it. */
function attempt(storage: RecordingStorage, runner: ActivityRunner) {
  // The fetch never reaches Temporal: the client (lazily connected) is only for job bookkeeping.
  const { fetchAndStoreRecords } = createJobActivities({
    storage: storage.asStorage(),
    client: new Client(),
    tokenCache: new OAuthTokenCache(),
    fetchLimits: DEFAULT_FETCH_LIMITS,
    fetchTiming: { heartbeatTimeoutMs: DEFAULT_FETCH_HEARTBEAT_TIMEOUT_MS, retryInitialMs: DEFAULT_FETCH_RETRY_INITIAL_MS },
    http: defaultOutboundHttp(),
    metrics,
  });
  return runner.run(fetchAndStoreRecords, { sync_id: SYNC_ID, job_id: JOB_ID });
}

const thrownBy = (promise: Promise<unknown>): Promise<unknown> =>
  promise.then(
    () => new Error('expected the activity to fail'),
    (error: unknown) => error,
  );

/** The offsets the fake API was asked for since request number `since`. */
const offsets = (since: number) => api.requests.slice(since).map((request) => request.query.offset);

describe('fetchAndStoreRecords', () => {
  it('a retry resumes after the last heartbeated page: no page is fetched or stored twice', async () => {
    const storage = new RecordingStorage(planFor({ url: api.url('/offset'), paging: { type: 'offset', limit: 3 } }));
    // The second request (page 2) fails: page 1 is stored and heartbeated by then.
    api.failingRequests = new Set([api.requests.length + 2]);
    const first = new ActivityRunner();
    const failure = await thrownBy(attempt(storage, first));
    expect(String(failure)).toContain('answered 503');
    expect(first.lastHeartbeat()).toMatchObject({ fetched: 3, pages: 1, next: { params: { offset: 3 } } });
    expect(storage.upsertedKeys()).toEqual(['1', '2', '3']);

    const requestsBefore = api.requests.length;
    const second = new ActivityRunner({ attempt: 2, heartbeatDetails: first.lastHeartbeat() });
    expect(await attempt(storage, second)).toEqual({ fetched: 7, pages: 4 });
    expect(offsets(requestsBefore)).toEqual(['3', '6', '7']);
    expect(storage.upsertedKeys()).toEqual(['1', '2', '3', '4', '5', '6', '7']);
    expect(storage.progress.at(-1)).toMatchObject({ fetched: 7, pages: 4, max_total_reached: false });
  });

  it('stops at max_total: keeps only what fits on the last page and asks for no further page', async () => {
    const storage = new RecordingStorage(planFor({ url: api.url('/offset'), paging: { type: 'offset', limit: 3 }, max_total: 5 }));
    const requestsBefore = api.requests.length;
    expect(await attempt(storage, new ActivityRunner())).toEqual({ fetched: 5, pages: 2 });
    expect(offsets(requestsBefore)).toEqual(['0', '3']);
    expect(storage.upsertedKeys()).toEqual(['1', '2', '3', '4', '5']);
    expect(storage.progress.at(-1)).toMatchObject({ fetched: 5, pages: 2, max_total_reached: true });
  });

  it('heartbeats no secret, even when the API echoes its key into the next URLs', async () => {
    const key = 'echoed-key-901';
    api.requiredApiKey = { in: 'query', name: 'key', value: key };
    const storage = new RecordingStorage(
      planFor({
        url: api.url('/next-url'),
        response_path: 'items',
        paging: { type: 'next_url', next_url_path: 'links.next' },
        auth: { type: 'api_key', name: 'key', value: key, in: 'query' },
      }),
    );
    const runner = new ActivityRunner();
    const requestsBefore = api.requests.length;
    expect(await attempt(storage, runner)).toEqual({ fetched: 7, pages: 3 });
    expect(api.requests.slice(requestsBefore).map((request) => request.query.key)).toEqual([key, key, key]);
    const heartbeated = JSON.stringify(runner.heartbeats);
    expect(heartbeated).toContain('start=3');
    expect(heartbeated).not.toContain(key);
  });

  it('fails without the secret in its message when the API quotes the credentials back', async () => {
    const token = 'bearer-secret-7788';
    const storage = new RecordingStorage(planFor({ url: api.url('/echo-authorization'), auth: { type: 'bearer', token } }));
    const failure = await thrownBy(attempt(storage, new ActivityRunner()));
    expect(failure).toBeInstanceOf(ApplicationFailure);
    expect((failure as ApplicationFailure).nonRetryable).toBe(true);
    expect((failure as ApplicationFailure).message).toMatch(/answered 400 Bad Request: .*rejected credentials: Bearer \*\*\*/);
    expect((failure as ApplicationFailure).message).not.toContain(token);
    // The JobError the job and its webhook show is as redacted as the message.
    expect(classifyFailure(failure)).toMatchObject({ class: 'config', code: 'http_400', http_status: 400 });
    expect(JSON.stringify((failure as ApplicationFailure).details)).not.toContain(token);
  });

  it('stops with the cancellation when cancelled between pages, storing no further page', async () => {
    const storage = new RecordingStorage(planFor({ url: api.url('/offset'), paging: { type: 'offset', limit: 3 } }));
    const runner = new ActivityRunner();
    storage.afterUpsert = () => runner.cancel();
    expect(await thrownBy(attempt(storage, runner))).toBeInstanceOf(CancelledFailure);
    expect(storage.upsertedKeys()).toEqual(['1', '2', '3']);
  });
});
