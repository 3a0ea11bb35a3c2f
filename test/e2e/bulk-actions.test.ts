import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { syncScheduleId } from '../../src/contracts/ids.js';
import type { SyncStatus } from '../../src/contracts/sync.js';
import { SyncClient, SyncValidationError } from '../../src/index.js';
import { numberedRecords } from '../helpers/fake-api.js';
import type { Harness } from '../helpers/harness.js';
import { startTestHarness } from '../helpers/test-harness.js';

let h: Harness;
beforeAll(async () => {
  h = await startTestHarness();
  h.fakeApi.records = numberedRecords(1);
});
afterAll(() => h.stop());

/** A sync of this test alone, paused unless said otherwise, so no job runs unless a test starts one. */
const createSync = (fields: Record<string, unknown> = {}) =>
  h.createSync({ url: h.fakeApi.url('/items'), frequency: '1 hour', paused: true, ...fields });

/** What a sync of this test is tagged with, so a filter selects the test's own syncs only. */
const uniqueTag = () => `bulk-${randomUUID()}`;

/** The API and the sync's schedule in Temporal agree on the sync's state. */
async function expectState(syncId: number, status: Exclude<SyncStatus, 'cancelled'>): Promise<void> {
  expect((await h.api('GET', `/v1/syncs/${syncId}`)).body.status).toBe(status);
  expect((await h.client.schedule.getHandle(syncScheduleId(syncId)).describe()).state.paused).toBe(status === 'paused');
}

/** The fields a 400 names. */
function fieldsOf(response: { status: number; body: { error: { code: string; details: { field: string }[] } } }): string[] {
  expect(response.status).toBe(400);
  expect(response.body.error.code).toBe('invalid_request');
  return response.body.error.details.map((detail) => detail.field);
}

describe('PUT /v1/syncs on many syncs', () => {
  it('answers per sync in the order named: applied, refused for a cancelled sync, not found for an unknown id', async () => {
    const [a, b, cancelled] = await Promise.all([createSync(), createSync(), createSync()]);
    expect((await h.act('cancel', cancelled!.sync_id)).status).toBe(200);
    const unknown = 987_654_321_012;
    const response = await h.api('PUT', '/v1/syncs', {
      action: 'resume',
      sync_ids: [a!.sync_id, cancelled!.sync_id, unknown, b!.sync_id, a!.sync_id],
    });
    expect(response.status).toBe(200);
    expect(response.body).toEqual({
      results: [
        { sync_id: a!.sync_id, status: 'active' },
        {
          sync_id: cancelled!.sync_id,
          status: 'cancelled',
          error: { code: 'sync_cancelled', message: expect.stringContaining('cancelled') },
        },
        { sync_id: unknown, status: null, error: { code: 'not_found', message: `sync ${unknown} does not exist` } },
        { sync_id: b!.sync_id, status: 'active' },
      ],
    });
    await expectState(a!.sync_id, 'active');
    await expectState(b!.sync_id, 'active');
    expect((await h.api('GET', `/v1/syncs/${cancelled!.sync_id}`)).body.status).toBe('cancelled');
  });

  it('selects by status and metadata, leaving every other sync alone', async () => {
    const tenant = uniqueTag();
    const [first, second, otherTenant, paused] = await Promise.all([
      createSync({ paused: false, metadata: { tenant, plan: { tier: 'pro', seats: 5 } } }),
      createSync({ paused: false, metadata: { tenant, plan: { seats: 5, tier: 'pro' }, extra: 1 } }),
      createSync({ paused: false, metadata: { tenant: `${tenant}-other`, plan: { tier: 'pro', seats: 5 } } }),
      createSync({ metadata: { tenant, plan: { tier: 'pro', seats: 5 } } }),
    ]);
    const response = await h.api('PUT', '/v1/syncs', {
      action: 'pause',
      filter: { status: 'active', metadata: { tenant, plan: { tier: 'pro', seats: 5 } } },
    });
    expect(response.status).toBe(200);
    // A filter answers oldest first; the two were created concurrently, so either may be older.
    const selected = [first!.sync_id, second!.sync_id].sort((a, b) => a - b);
    expect(response.body).toEqual({ results: selected.map((syncId) => ({ sync_id: syncId, status: 'paused' })) });
    await expectState(first!.sync_id, 'paused');
    await expectState(second!.sync_id, 'paused');
    await expectState(otherTenant!.sync_id, 'active');
    await expectState(paused!.sync_id, 'paused');
  });

  it('refuses a body mixing the forms, naming neither or nothing, too many ids, or a bad action or filter', async () => {
    const tooMany = Array.from({ length: 1001 }, (_, index) => index + 1);
    const cases: [unknown, string][] = [
      [{ action: 'pause', sync_id: 1, sync_ids: [1] }, 'sync_id'],
      [{ action: 'pause', sync_id: 1, filter: { status: 'active' } }, 'sync_id'],
      [{ action: 'pause', sync_ids: [1], filter: { status: 'active' } }, 'sync_ids'],
      [{ action: 'pause' }, 'sync_id'],
      [{ action: 'pause', sync_ids: [] }, 'sync_ids'],
      [{ action: 'pause', sync_ids: [1, 'two'] }, 'sync_ids.1'],
      [{ action: 'pause', sync_ids: tooMany }, 'sync_ids'],
      [{ action: 'explode', sync_ids: [1] }, 'action'],
      [{ sync_ids: [1] }, 'action'],
      [{ action: 'pause', filter: {} }, 'filter'],
      [{ action: 'pause', filter: { owner: 'x' } }, 'filter.owner'],
      [{ action: 'pause', filter: { status: 'asleep' } }, 'filter.status'],
      [{ action: 'pause', filter: { metadata: 'tenant=a' } }, 'filter.metadata'],
    ];
    for (const [body, field] of cases) {
      const response = await h.api('PUT', '/v1/syncs', body);
      expect(fieldsOf(response), JSON.stringify(body).slice(0, 80)).toContain(field);
    }
  });

  it('refuses, before acting on any, a filter selecting more syncs than SYNCD_BULK_MAX_SYNCS or more ids than it', async () => {
    const group = uniqueTag();
    const syncs = await Promise.all([1, 2, 3].map(() => createSync({ paused: false, metadata: { group } })));
    const ids = syncs.map((sync) => sync.sync_id);
    const small = await h.startApi({ SYNCD_BULK_MAX_SYNCS: '2' });
    try {
      const put = async (body: unknown) => {
        const response = await fetch(`${small.baseUrl}/v1/syncs`, {
          method: 'PUT',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify(body),
        });
        return { status: response.status, body: await response.json() };
      };
      const byFilter = await put({ action: 'pause', filter: { metadata: { group } } });
      expect(fieldsOf(byFilter)).toEqual(['filter']);
      expect(byFilter.body.error.message).toContain('more than 2 syncs');
      expect(fieldsOf(await put({ action: 'pause', sync_ids: ids }))).toEqual(['sync_ids']);
      for (const id of ids) await expectState(id, 'active');
      const withinLimit = await put({ action: 'pause', sync_ids: ids.slice(0, 2) });
      expect(withinLimit.status).toBe(200);
      expect(withinLimit.body.results.map((result: { status: string }) => result.status)).toEqual(['paused', 'paused']);
    } finally {
      await small.stop();
    }
  });

  it('leaves the single form exactly as it was', async () => {
    const sync = await createSync();
    const paused = await h.act('pause', sync.sync_id);
    expect(paused.status).toBe(200);
    expect(paused.body).toEqual((await h.api('GET', `/v1/syncs/${sync.sync_id}`)).body);
    expect(fieldsOf(await h.api('PUT', '/v1/syncs', { action: 'pause', sync_id: sync.sync_id, extra: 1 }))).toEqual(['extra']);
    expect(fieldsOf(await h.api('PUT', '/v1/syncs', { action: 'pause', sync_id: 'one' }))).toEqual(['sync_id']);
    const missing = await h.act('pause', 987_654_321_013);
    expect(missing).toEqual({ status: 404, body: { error: { code: 'not_found', message: 'sync 987654321013 does not exist' } } });
    await h.act('cancel', sync.sync_id);
    const refused = await h.act('resume', sync.sync_id);
    expect(refused.status).toBe(409);
    expect(refused.body.error.code).toBe('sync_cancelled');
  });
});

describe('the SDK on many syncs', () => {
  it('triggers many syncs at once: each runs a job', async () => {
    const syncs = await Promise.all([createSync(), createSync(), createSync()]);
    const ids = syncs.map((sync) => sync.sync_id);
    const response = await h.sdk.triggerMany({ sync_ids: ids });
    expect(response).toEqual({ results: ids.map((id) => ({ sync_id: id, status: 'paused' })) });
    for (const id of ids) expect((await h.waitForNewJob(id, 0)).trigger).toBe('manual');
  });

  it('pauses, resumes and cancels by filter and by ids, with actOnMany the same as its shorthands', async () => {
    const batch = uniqueTag();
    const syncs = await Promise.all([createSync({ metadata: { batch } }), createSync({ metadata: { batch } })]);
    const ids = syncs.map((sync) => sync.sync_id);
    const each = (status: SyncStatus) => ({ results: ids.map((id) => ({ sync_id: id, status })) });
    const sdk = new SyncClient({ baseUrl: h.baseUrl });

    expect(await sdk.resumeMany({ filter: { metadata: { batch } } })).toEqual(each('active'));
    for (const id of ids) await expectState(id, 'active');
    expect(await sdk.pauseMany({ sync_ids: ids })).toEqual(each('paused'));
    for (const id of ids) await expectState(id, 'paused');
    expect(await sdk.actOnMany('resume', { filter: { status: 'paused', metadata: { batch } } })).toEqual(each('active'));
    expect(await sdk.cancelMany({ filter: { metadata: { batch } } })).toEqual(each('cancelled'));

    const refused = await sdk.resumeMany({ sync_ids: ids });
    expect(refused.results.map((result) => [result.sync_id, result.status, result.error?.code])).toEqual(
      ids.map((id) => [id, 'cancelled', 'sync_cancelled']),
    );
  });

  it('turns a refused bulk body into SyncValidationError naming the field', async () => {
    const error = await h.sdk.pauseMany({ sync_ids: [] }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(SyncValidationError);
    expect((error as SyncValidationError).details.map((detail) => detail.field)).toEqual(['sync_ids']);
  });
});
