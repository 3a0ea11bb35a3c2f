import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSyncSchema, toSyncDefinition } from '../../src/contracts/sync-definition.js';
import type { Storage } from '../../src/storage/storage.js';
import { type ApiWithoutTemporal, startApiWithoutTemporal } from '../helpers/api-without-temporal.js';

let api: ApiWithoutTemporal;
let storage: Storage;
let baseUrl: string;

beforeAll(async () => {
  // Nothing listens at its Temporal address: every call fails however long it may wait.
  api = await startApiWithoutTemporal({ timeoutMs: 500, maxResponseBytes: 1024 * 1024 });
  ({ storage, baseUrl } = api);
});

afterAll(() => api.stop());

const call = async (method: string, apiPath: string, body?: unknown) => {
  const response = await fetch(`${baseUrl}${apiPath}`, {
    method,
    headers: { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: response.status, body: await response.json() };
};

describe('when Temporal is unreachable', () => {
  it('creating a sync answers 503 and leaves no sync behind', async () => {
    const response = await call('POST', '/v1/syncs', { url: 'http://127.0.0.1:9/items', unique_key: 'id' });
    expect(response.status).toBe(503);
    expect(response.body.error.code).toBe('temporal_unavailable');
    expect(await storage.listSyncs({ limit: 10 })).toEqual([]);
  });

  it('managing a sync answers 503, while reading it answers from the database with next_run_at marked stale', async () => {
    const { definition } = toSyncDefinition(createSyncSchema.parse({ url: 'http://127.0.0.1:9/x', unique_key: 'id' }));
    const { sync_id } = await storage.createSync(definition, 'active', null);
    const nextRunAt = new Date(Date.now() + 3_600_000);
    await storage.setNextRunAt(sync_id, nextRunAt, new Date());
    const paused = await call('PUT', '/v1/syncs', { action: 'pause', sync_id });
    expect(paused.status).toBe(503);
    expect(paused.body.error).toMatchObject({ code: 'temporal_unavailable' });

    const one = await call('GET', `/v1/syncs/${sync_id}`);
    expect(one.status).toBe(200);
    expect(one.body).toMatchObject({
      sync_id,
      status: 'active',
      next_run_at: nextRunAt.toISOString(),
      next_run_at_stale: true,
      last_job: null,
    });
    // A list never asks Temporal: the stored time, still ahead, is not stale.
    const list = await call('GET', '/v1/syncs?limit=100');
    expect(list.status).toBe(200);
    expect(list.body.data).toEqual([expect.objectContaining({ sync_id, next_run_at: nextRunAt.toISOString(), next_run_at_stale: false })]);
    expect(await call('GET', `/v1/syncs/${sync_id}/jobs`)).toEqual({ status: 200, body: { data: [], next_cursor: null } });
    expect(await call('GET', `/v1/syncs/${sync_id}/records`)).toEqual({ status: 200, body: { data: [], next_cursor: null } });
  });

  it('a listed next run that has passed is marked stale', async () => {
    const { definition } = toSyncDefinition(createSyncSchema.parse({ url: 'http://127.0.0.1:9/y', unique_key: 'id' }));
    const { sync_id } = await storage.createSync(definition, 'active', null);
    await storage.setNextRunAt(sync_id, new Date(Date.now() - 60_000), new Date());
    const list = await call('GET', '/v1/syncs?limit=100');
    expect(list.body.data.find((sync: { sync_id: number }) => sync.sync_id === sync_id)).toMatchObject({ next_run_at_stale: true });
  });
});
