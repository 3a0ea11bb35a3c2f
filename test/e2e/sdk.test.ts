import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SyncClient, SyncConflictError, SyncNotFoundError, SyncValidationError } from '../../src/index.js';
import { numberedRecords } from '../helpers/fake-api.js';
import { type Harness, waitFor } from '../helpers/harness.js';
import { startTestHarness } from '../helpers/test-harness.js';

let h: Harness;
beforeAll(async () => {
  h = await startTestHarness();
  h.fakeApi.records = numberedRecords(4);
});
afterAll(() => h.stop());

describe('the Node SDK against the running API', () => {
  it('creates, reads, lists and manages a sync', async () => {
    const sdk = new SyncClient({ baseUrl: `${h.baseUrl}/` });
    const created = await sdk.create({ url: h.fakeApi.url('/items'), unique_key: 'id', frequency: '2 hours', friendly_name: 'via sdk' });
    expect(created).toMatchObject({ status: 'active', friendly_name: 'via sdk', frequency: '2 hours' });
    const syncId = created.sync_id;

    const jobs = await waitFor(
      () => sdk.jobs(syncId),
      (page) => page.data[0]?.status === 'succeeded',
    );
    expect(jobs.data[0]).toMatchObject({ trigger: 'create', records: { created: 4 } });
    expect((await sdk.records(syncId, { limit: 3 })).data.map((record) => record.key)).toEqual(['1', '2', '3']);
    expect((await sdk.get(syncId)).totals.records).toBe(4);

    expect((await sdk.pause(syncId)).status).toBe('paused');
    expect((await sdk.list({ status: 'paused', limit: 100 })).data.map((sync) => sync.sync_id)).toContain(syncId);
    expect((await sdk.trigger(syncId)).status).toBe('paused');
    expect((await sdk.resume(syncId)).status).toBe('active');
    expect((await sdk.cancel(syncId)).status).toBe('cancelled');
  });

  it('turns API errors into typed errors with status, code and message', async () => {
    const sdk = h.sdk;
    const invalid = await sdk.create({ url: 'not a url', unique_key: 'id' }).catch((error: unknown) => error);
    expect(invalid).toBeInstanceOf(SyncValidationError);
    expect(invalid).toMatchObject({ status: 400, code: 'invalid_request' });
    expect((invalid as SyncValidationError).details.map((detail) => detail.field)).toEqual(['url']);

    const missing = await sdk.get(987_654_321_012).catch((error: unknown) => error);
    expect(missing).toBeInstanceOf(SyncNotFoundError);
    expect(missing).toMatchObject({ status: 404, code: 'not_found', message: 'sync 987654321012 does not exist' });

    const { sync_id } = await sdk.create({ url: h.fakeApi.url('/items'), unique_key: 'id', paused: true });
    await sdk.cancel(sync_id);
    const conflict = await sdk.resume(sync_id).catch((error: unknown) => error);
    expect(conflict).toBeInstanceOf(SyncConflictError);
    expect(conflict).toMatchObject({ status: 409, code: 'sync_cancelled' });
  });
});
