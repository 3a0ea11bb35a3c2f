import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { syncScheduleId } from '../../src/contracts/ids.js';
import { numberedRecords } from '../helpers/fake-api.js';
import { type Harness, waitFor } from '../helpers/harness.js';
import { startTestHarness } from '../helpers/test-harness.js';

let h: Harness;
beforeAll(async () => {
  h = await startTestHarness();
  h.fakeApi.records = numberedRecords(3);
});
afterAll(() => h.stop());

const createSync = async (fields: Record<string, unknown>): Promise<number> =>
  (await h.createSync({ url: h.fakeApi.url('/items'), ...fields })).sync_id;

describe('PATCH /v1/syncs/:id', () => {
  it('updates the schedule in place and next_run_at reflects it at once', async () => {
    const syncId = await createSync({ frequency: '1 hour', paused: false });
    const schedule = h.client.schedule.getHandle(syncScheduleId(syncId));
    const createdAt = (await schedule.describe()).info.createdAt.getTime();
    const patchedAt = Date.now();
    const patched = await h.api('PATCH', `/v1/syncs/${syncId}`, { frequency: '2 hours' });
    expect(patched.status).toBe(200);
    expect(patched.body).toMatchObject({ frequency: '2 hours', status: 'active' });
    const nextRun = Date.parse(patched.body.next_run_at);
    expect(nextRun).toBeGreaterThanOrEqual(Math.floor(patchedAt / 1000) * 1000 + 7_200_000);
    expect(nextRun).toBeLessThanOrEqual(Date.now() + 7_200_000);
    const description = await schedule.describe();
    expect(description.info.createdAt.getTime()).toBe(createdAt);
    expect(description.spec.intervals?.[0]?.every).toBe(7_200_000);

    const toCron = await h.api('PATCH', `/v1/syncs/${syncId}`, { cron: '15 4 * * *' });
    expect(toCron.body).toMatchObject({ cron: '15 4 * * *', timezone: 'UTC', frequency: null });
    const expected = new Date();
    expected.setUTCHours(4, 15, 0, 0);
    if (expected.getTime() <= Date.now()) expected.setUTCDate(expected.getUTCDate() + 1);
    expect(toCron.body.next_run_at).toBe(expected.toISOString());
  });

  it('lets a running job finish with the old config; the next job uses the new one', async () => {
    const syncId = await createSync({ paused: true, query_params: { version: 'old' } });
    h.fakeApi.delayMs = 1_500;
    try {
      const mark = h.fakeApi.requests.length;
      await h.api('PUT', '/v1/syncs', { action: 'trigger', sync_id: syncId });
      await waitFor(
        () => h.jobsOf(syncId),
        (jobs) => jobs[0]?.status === 'running',
      );
      const patched = await h.api('PATCH', `/v1/syncs/${syncId}`, { query_params: { version: 'new' } });
      expect(patched.status).toBe(200);
      expect(patched.body.query_params).toEqual({ version: 'new' });
      await waitFor(
        () => h.jobsOf(syncId),
        (jobs) => jobs[0]?.status === 'succeeded',
      );
      await h.api('PUT', '/v1/syncs', { action: 'trigger', sync_id: syncId });
      await waitFor(
        () => h.jobsOf(syncId),
        (jobs) => jobs.length === 2 && jobs[0]!.status === 'succeeded',
      );
      const versions = h.fakeApi.requests.slice(mark).map((request) => request.query.version);
      expect(versions).toEqual(['old', 'new']);
    } finally {
      h.fakeApi.delayMs = 0;
    }
  });

  it('keeps a stored secret when the auth comes back as "***"', async () => {
    h.fakeApi.requiredAuthorization = 'Bearer keep-me-123';
    try {
      const syncId = await createSync({ paused: true, auth: { type: 'bearer', token: 'keep-me-123' } });
      const patched = await h.api('PATCH', `/v1/syncs/${syncId}`, { auth: { type: 'bearer', token: '***' }, friendly_name: 'renamed' });
      expect(patched.body).toMatchObject({ friendly_name: 'renamed', auth: { type: 'bearer', token: '***' } });
      await h.api('PUT', '/v1/syncs', { action: 'trigger', sync_id: syncId });
      const [job] = await waitFor(
        () => h.jobsOf(syncId),
        (jobs) => jobs[0] !== undefined && jobs[0].status !== 'running',
      );
      expect(job!.status).toBe('succeeded');
    } finally {
      h.fakeApi.requiredAuthorization = null;
    }
  });

  it('clears an optional field with null', async () => {
    const syncId = await createSync({ paused: true, friendly_name: 'named', max_total: 10 });
    const patched = await h.api('PATCH', `/v1/syncs/${syncId}`, { friendly_name: null, max_total: null });
    expect(patched.status).toBe(200);
    expect(patched.body).not.toHaveProperty('friendly_name');
    expect(patched.body).not.toHaveProperty('max_total');
  });

  it('answers 400 naming the field for bad changes, and changes nothing', async () => {
    const syncId = await createSync({ paused: true, frequency: '1 hour' });
    for (const [body, field] of [
      [{ paused: true }, 'paused'],
      [{ frequency: 'often' }, 'frequency'],
      [{ timezone: 'Europe/Paris' }, 'timezone'],
      [{ url: 'ftp://x' }, 'url'],
      [{}, '(body)'],
    ] as const) {
      const response = await h.api('PATCH', `/v1/syncs/${syncId}`, body);
      expect(response.status, JSON.stringify(body)).toBe(400);
      expect(response.body.error.details.map((detail: { field: string }) => detail.field)).toContain(field);
    }
    expect((await h.api('GET', `/v1/syncs/${syncId}`)).body).toMatchObject({ frequency: '1 hour', url: h.fakeApi.url('/items') });
  });

  it('answers 404 for an unknown sync and 409 for a cancelled one', async () => {
    expect((await h.api('PATCH', '/v1/syncs/987654321098', { friendly_name: 'x' })).status).toBe(404);
    const syncId = await createSync({ paused: true });
    await h.api('PUT', '/v1/syncs', { action: 'cancel', sync_id: syncId });
    const response = await h.api('PATCH', `/v1/syncs/${syncId}`, { frequency: '5 minutes' });
    expect(response.status).toBe(409);
    expect(response.body.error.code).toBe('sync_cancelled');
  });
});

describe('the SDK', () => {
  it('updates and resyncs a sync, and reads records by filter', async () => {
    const syncId = await createSync({ paused: true });
    const updated = await h.sdk.update(syncId, { friendly_name: 'via sdk', frequency: '3 hours' });
    expect(updated).toMatchObject({ friendly_name: 'via sdk', frequency: '3 hours' });
    await h.sdk.resync(syncId, { clear_records: true });
    const [job] = await waitFor(
      () => h.jobsOf(syncId),
      (jobs) => jobs[0]?.status === 'succeeded',
    );
    expect(job!.trigger).toBe('resync');
    expect((await h.sdk.records(syncId, { filter: 'added' })).data.map((record) => record.key)).toEqual(['1', '2', '3']);
  });
});
