import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSyncSchema, toSyncDefinition } from '../../src/contracts/sync-definition.js';
import { type ApiWithoutTemporal, startApiWithoutTemporal } from '../helpers/api-without-temporal.js';
import { type Harness, waitFor } from '../helpers/harness.js';
import { captureLogs, type LogLine } from '../helpers/log-capture.js';
import { startTestHarness } from '../helpers/test-harness.js';
import { testLogger } from '../helpers/test-logger.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe('API request logs', () => {
  // Without Temporal, so a create answers 503 and the error middleware logs its cause.
  const logs = captureLogs();
  let api: ApiWithoutTemporal;

  beforeAll(async () => {
    api = await startApiWithoutTemporal({ timeoutMs: 2_000, maxResponseBytes: 1024 * 1024, logger: logs.logger });
  });

  afterAll(() => api?.stop());

  const call = (method: string, path: string, headers: Record<string, string>, body?: unknown) =>
    fetch(`${api.baseUrl}${path}`, {
      method,
      headers: { ...headers, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });

  /** The lines logged about one request, once its access line is written (after the answer went out). */
  const linesOf = async (requestId: string): Promise<LogLine[]> => {
    const lines = () => Promise.resolve(logs.lines().filter((line) => line.request_id === requestId));
    return waitFor(lines, (found) => found.some((line) => line.msg === 'request'), 5_000);
  };

  it('echoes an incoming X-Request-Id and puts it on the access line: method, route, status, duration', async () => {
    const response = await call('GET', '/v1/syncs?limit=5', { 'X-Request-Id': 'abc-123' });
    expect(response.status).toBe(200);
    expect(response.headers.get('x-request-id')).toBe('abc-123');
    expect(await linesOf('abc-123')).toEqual([
      {
        level: 'info',
        time: expect.any(Number),
        pid: process.pid,
        msg: 'request',
        request_id: 'abc-123',
        method: 'GET',
        route: '/v1/syncs',
        status: 200,
        duration_ms: expect.any(Number),
      },
    ]);
  });

  it("puts the request id on the error middleware's line too, and names the route template of a failed request", async () => {
    const { definition } = toSyncDefinition(createSyncSchema.parse({ url: 'http://127.0.0.1:9/x', unique_key: 'id' }));
    const { sync_id: syncId } = await api.storage.createSync(definition, 'active', null);
    const response = await call('POST', `/v1/syncs/${syncId}/pause`, { 'X-Request-Id': 'req-503', authorization: 'Bearer not-logged' }, {});
    expect(response.status).toBe(503);
    expect(response.headers.get('x-request-id')).toBe('req-503');
    const lines = await linesOf('req-503');
    expect(lines).toEqual([
      expect.objectContaining({
        level: 'warn',
        request_id: 'req-503',
        method: 'POST',
        path: `/v1/syncs/${syncId}/pause`,
        sync_id: syncId,
        error: expect.any(Object),
      }),
      expect.objectContaining({
        level: 'info',
        msg: 'request',
        request_id: 'req-503',
        route: '/v1/syncs/:id/:action',
        sync_id: syncId,
        status: 503,
      }),
    ]);
    expect(JSON.stringify(logs.lines())).not.toContain('not-logged');
  });

  it('puts sync_id on the line of each sync a bulk action failed on', async () => {
    const { definition } = toSyncDefinition(createSyncSchema.parse({ url: 'http://127.0.0.1:9/x', unique_key: 'id' }));
    const [first, second] = [
      await api.storage.createSync(definition, 'active', null),
      await api.storage.createSync(definition, 'active', null),
    ];
    const response = await call(
      'PUT',
      '/v1/syncs',
      { 'X-Request-Id': 'req-bulk' },
      { action: 'pause', sync_ids: [first.sync_id, second.sync_id] },
    );
    expect(response.status).toBe(200);
    const failures = (await linesOf('req-bulk')).filter((line) => line.level === 'warn');
    expect(failures.map((line) => line.sync_id).sort()).toEqual([first.sync_id, second.sync_id].sort());
    for (const line of failures) expect(line.msg).toMatch(new RegExp(`^bulk pause, sync ${line.sync_id}: answered 503`));
  });

  it.each([
    ['absent', {}],
    ['over 200 characters', { 'X-Request-Id': 'x'.repeat(201) }],
    ['10 KB long', { 'X-Request-Id': 'x'.repeat(10_240) }],
    ['holding a control character (a tab)', { 'X-Request-Id': 'abc\tdef' }],
  ])('generates a UUID when the header is %s, echoed and logged', async (_case, headers: Record<string, string>) => {
    const response = await call('GET', '/healthz', headers);
    const requestId = response.headers.get('x-request-id');
    expect(requestId).toMatch(UUID);
    expect(await linesOf(requestId!)).toEqual([expect.objectContaining({ msg: 'request', route: '/healthz', status: 200 })]);
  });
});

describe('worker logs', () => {
  // Each test's sync fails its first job at once (the external API answers 404), so the worker logs at WARN.
  let h: Harness;

  beforeAll(async () => {
    h = await startTestHarness();
  });

  afterAll(() => h?.stop());

  it("carry the sync's sync_id, the job's job_id and the workflow_id on an activity's lines", async () => {
    const mark = testLogger.mark();
    const sync = await h.createSync({ url: h.fakeApi.url('/status/404'), frequency: '1 hour' });
    const job = await h.waitForNewJob(sync.sync_id, 0);
    expect(job.status).toBe('failed');
    // The worker may write its line a moment after the job row says failed.
    const failed = await waitFor(
      async () => testLogger.since(mark).find((record) => record.message === 'Activity failed' && record.meta?.sync_id === sync.sync_id),
      (record) => record !== undefined,
      10_000,
    );
    expect(failed?.meta).toMatchObject({
      sync_id: sync.sync_id,
      job_id: job.job_id,
      workflow_id: expect.stringMatching(new RegExp(`^sync-${sync.sync_id}-job`)),
      activityType: 'fetchAndStoreRecords',
    });
  });

  it("carry the sync's sync_id, the job's job_id and the workflow_id on a job workflow's lines", async () => {
    const mark = testLogger.mark();
    const sync = await h.createSync({ url: h.fakeApi.url('/status/404'), frequency: '1 hour' });
    const job = await h.waitForNewJob(sync.sync_id, 0);
    expect(job.status).toBe('failed');
    // Workflow lines reach the logger from the workflow thread, after the run's task completed.
    const failed = await waitFor(
      async () => testLogger.since(mark).find((record) => record.message === 'Workflow failed' && record.meta?.sync_id === sync.sync_id),
      (record) => record !== undefined,
      10_000,
    );
    expect(failed?.meta).toMatchObject({
      sync_id: sync.sync_id,
      job_id: job.job_id,
      workflow_id: expect.stringMatching(new RegExp(`^sync-${sync.sync_id}-job`)),
      workflowType: 'syncJobWorkflow',
    });
  });
});
