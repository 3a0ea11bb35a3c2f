import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Job } from '../../src/contracts/job.js';
import { type FakeRecord, numberedRecords } from '../helpers/fake-api.js';
import type { Harness } from '../helpers/harness.js';
import { startTestHarness } from '../helpers/test-harness.js';

let h: Harness;
beforeAll(async () => {
  h = await startTestHarness();
});
afterAll(() => h.stop());

const records = async (syncId: number, query = '') =>
  (await h.api('GET', `/v1/syncs/${syncId}/records?limit=100${query}`)).body.data as {
    key: string;
    data: FakeRecord;
    deleted_at?: string;
  }[];

const createSync = async (fields: Record<string, unknown>): Promise<number> => (await h.createSync({ paused: true, ...fields })).sync_id;

async function resync(syncId: number, body?: unknown): Promise<Job> {
  const before = (await h.jobsOf(syncId)).length;
  const response = await h.api('POST', `/v1/syncs/${syncId}/resync`, body);
  expect(response.status).toBe(200);
  return h.waitForNewJob(syncId, before);
}

const stamped = (count: number, day: string): FakeRecord[] =>
  numberedRecords(count).map((record) => ({ ...record, updated_at: `2026-01-${day}T00:00:0${Number(record.id) % 10}Z` }));

describe('incremental syncs', () => {
  it('send the highest cursor of the last successful job; the first job and a resync send none', async () => {
    h.fakeApi.records = stamped(4, '01');
    const syncId = await createSync({ url: h.fakeApi.url('/updated-since'), incremental: { cursor_path: 'updated_at', param: 'since' } });
    const sinceOf = (from: number) =>
      h.fakeApi.requests
        .slice(from)
        .filter((request) => request.path === '/updated-since')
        .map((request) => request.query.since);

    let mark = h.fakeApi.requests.length;
    const first = await h.runJob(syncId);
    expect(first).toMatchObject({ status: 'succeeded', mode: 'full', records: { created: 4 } });
    expect(sinceOf(mark)).toEqual([undefined]);

    h.fakeApi.records = [...stamped(4, '01'), { id: 5, name: 'new', updated_at: '2026-01-02T00:00:00Z' }];
    mark = h.fakeApi.requests.length;
    const second = await h.runJob(syncId);
    expect(sinceOf(mark)).toEqual(['2026-01-01T00:00:04Z']);
    // Only the new record came back; an incremental job deletes nothing.
    expect(second).toMatchObject({
      status: 'succeeded',
      mode: 'incremental',
      records: { created: 1, unchanged: 0, deleted: 0, fetched: 1 },
    });

    mark = h.fakeApi.requests.length;
    const third = await h.runJob(syncId);
    expect(sinceOf(mark)).toEqual(['2026-01-02T00:00:00Z']);
    expect(third.records.fetched).toBe(0);

    mark = h.fakeApi.requests.length;
    const full = await resync(syncId);
    expect(sinceOf(mark)).toEqual([undefined]);
    expect(full).toMatchObject({ status: 'succeeded', trigger: 'resync', mode: 'full', records: { fetched: 5, unchanged: 5, created: 0 } });
    expect((await h.api('GET', `/v1/syncs/${syncId}`)).body.totals.records).toBe(5);
  });

  it('a resync with clear_records empties the records first, then fetches everything anew', async () => {
    h.fakeApi.records = numberedRecords(3);
    const syncId = await createSync({ url: h.fakeApi.url('/items') });
    await h.runJob(syncId);
    const job = await resync(syncId, { clear_records: true });
    expect(job).toMatchObject({ status: 'succeeded', trigger: 'resync', records: { created: 3, unchanged: 0, deleted: 0 } });
    expect((await records(syncId)).map((record) => record.key)).toEqual(['1', '2', '3']);
  });

  it('a resync of a cancelled sync answers 409, and a bad body 400', async () => {
    const syncId = await createSync({ url: h.fakeApi.url('/items') });
    expect((await h.api('POST', `/v1/syncs/${syncId}/resync`, { clear: true })).status).toBe(400);
    await h.api('PUT', '/v1/syncs', { action: 'cancel', sync_id: syncId });
    const response = await h.api('POST', `/v1/syncs/${syncId}/resync`, {});
    expect(response.status).toBe(409);
    expect(response.body.error.code).toBe('sync_cancelled');
  });
});

describe('deletes', () => {
  it('a full job removes records the API no longer returns and counts them', async () => {
    h.fakeApi.records = numberedRecords(4);
    const syncId = await createSync({ url: h.fakeApi.url('/items') });
    await h.runJob(syncId);
    h.fakeApi.records = numberedRecords(4).filter((record) => record.id !== 2 && record.id !== 3);
    const job = await h.runJob(syncId);
    expect(job.records).toEqual({ created: 0, updated: 0, unchanged: 2, deleted: 2, fetched: 2 });
    expect((await records(syncId)).map((record) => record.key)).toEqual(['1', '4']);
    expect(await records(syncId, '&filter=deleted')).toEqual([]);
  });

  it('with soft_delete, records stay with deleted_at, are listed by filter=deleted and come back as updated', async () => {
    h.fakeApi.records = numberedRecords(3);
    const syncId = await createSync({ url: h.fakeApi.url('/items'), soft_delete: true });
    await h.runJob(syncId);
    h.fakeApi.records = numberedRecords(3).filter((record) => record.id !== 2);
    expect((await h.runJob(syncId)).records).toMatchObject({ deleted: 1, unchanged: 2 });
    const deleted = await records(syncId, '&filter=deleted');
    expect(deleted.map((record) => record.key)).toEqual(['2']);
    expect(Date.parse(deleted[0]!.deleted_at!)).not.toBeNaN();
    expect((await records(syncId)).map((record) => record.key)).toEqual(['1', '3']);
    expect((await h.api('GET', `/v1/syncs/${syncId}`)).body.totals.records).toBe(2);

    h.fakeApi.records = numberedRecords(3);
    expect((await h.runJob(syncId)).records).toMatchObject({ updated: 1, unchanged: 2, deleted: 0 });
    expect(await records(syncId, '&filter=deleted')).toEqual([]);
  });

  it('a job stopped by max_total deletes nothing', async () => {
    h.fakeApi.records = numberedRecords(4);
    const syncId = await createSync({ url: h.fakeApi.url('/items') });
    await h.runJob(syncId);
    await h.api('PATCH', `/v1/syncs/${syncId}`, { max_total: 2 });
    const job = await h.runJob(syncId);
    expect(job).toMatchObject({ max_total_reached: true, records: { deleted: 0, fetched: 2 } });
    expect((await records(syncId)).length).toBe(4);
  });
});

describe('reading what changed', () => {
  it('filters records by added, updated and modified_after', async () => {
    h.fakeApi.records = numberedRecords(3);
    const syncId = await createSync({ url: h.fakeApi.url('/items') });
    await h.runJob(syncId);
    await new Promise((resolve) => setTimeout(resolve, 20));
    const between = new Date().toISOString();
    h.fakeApi.records = [
      ...numberedRecords(3).map((record) => (record.id === 1 ? { ...record, name: 'changed' } : record)),
      { id: 9, name: 'nine', version: 1 },
    ];
    await h.runJob(syncId);
    const keys = async (query: string) => (await records(syncId, query)).map((record) => record.key);
    expect(await keys('&filter=added')).toEqual(['1', '2', '3', '9']);
    expect(await keys(`&filter=added&modified_after=${between}`)).toEqual(['9']);
    expect(await keys('&filter=updated')).toEqual(['1']);
    expect(await keys(`&modified_after=${between}`)).toEqual(['1', '9']);
    const bad = await h.api('GET', `/v1/syncs/${syncId}/records?modified_after=yesterday`);
    expect(bad.status).toBe(400);
    expect(bad.body.error.details[0].field).toBe('query.modified_after');
  });
});
