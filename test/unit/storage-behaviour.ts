// The behaviour every storage engine shares, as a suite each engine's test file runs against its
// own `open` (sqlite-storage.test.ts, postgres-storage.test.ts): not a test file itself. Tests of
// one engine's layout (query plans, file modes, migrations, statements) stay in that engine's files.
import { randomBytes } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createSyncSchema, toSyncDefinition } from '../../src/contracts/sync-definition.js';
import { SecretBox } from '../../src/storage/secret-box.js';
import { type IncomingRecord, type Storage, StorageNotFoundError, type StorageOptions } from '../../src/storage/storage.js';

/** Opens a fresh, empty storage of the engine under test; the suite closes it after each test. */
export type OpenStorage = (options: StorageOptions) => Promise<Storage>;

const { definition } = toSyncDefinition(createSyncSchema.parse({ url: 'http://example.test/items', unique_key: 'id' }));
const incremental = { ...definition, incremental: { cursor_path: 'updated', param: 'since' } };
const succeeded = { status: 'succeeded', error: null } as const;
const failed = { status: 'failed', error: { class: 'config', code: 'http_404', message: 'boom', http_status: 404 } } as const;
const DAY_MS = 86_400_000;

export function describeStorageBehaviour(engine: string, openEngine: OpenStorage): void {
  const secretBox = new SecretBox(randomBytes(32));
  const opened: Storage[] = [];
  let storage: Storage;
  let run = 0;

  async function open(options: Omit<StorageOptions, 'secretBox'> = {}): Promise<Storage> {
    const fresh = await openEngine({ secretBox, ...options });
    opened.push(fresh);
    return fresh;
  }

  async function startJob(syncId: number) {
    run += 1;
    const job = await storage.startJob({ syncId, workflowId: `sync-${syncId}-job-${run}`, runId: `run-${run}` });
    if (job === null) throw new Error('expected a job');
    return job;
  }

  async function runJob(syncId: number, records: IncomingRecord[] = []) {
    const job = await startJob(syncId);
    await storage.upsertRecords(syncId, job.job_id, records);
    return storage.finishJob(job.job_id, succeeded);
  }

  const keys = async (syncId: number, filter?: 'deleted') =>
    (await storage.listRecords(syncId, { limit: 100, filter })).records.map((record) => record.key);
  const page = (names: string[]) => names.map((key) => ({ key, json: JSON.stringify({ key }) }));

  beforeEach(async () => {
    storage = await open();
  });

  afterEach(async () => {
    await Promise.all(opened.splice(0).map((each) => each.close()));
  });

  describe(`${engine} syncs`, () => {
    it('updates a definition only while it is still the one the caller read (compare-and-set)', async () => {
      const { sync_id } = await storage.createSync(definition, 'active', null);
      const first = { ...definition, friendly_name: 'first' };
      expect(await storage.updateSync(sync_id, first, undefined, definition)).toMatchObject({ definition: first });
      const stale = await storage.updateSync(sync_id, { ...definition, friendly_name: 'stale' }, undefined, definition);
      expect(stale).toBeNull();
      expect((await storage.getSync(sync_id))?.definition).toEqual(first);
      expect(await storage.updateSync(9_999, first, undefined, definition)).toBeNull();
    });

    it('answers ping while open, refuses it once closed, and closes again without error', async () => {
      await storage.ping();
      await storage.close();
      await expect(storage.ping()).rejects.toThrow();
      await expect(storage.close()).resolves.toBeUndefined();
    });

    it('counts syncs by status, every status present and following status changes and deletes', async () => {
      expect(await storage.countSyncsByStatus()).toEqual({ active: 0, paused: 0, cancelled: 0 });
      const [first, second] = [await storage.createSync(definition, 'active', null), await storage.createSync(definition, 'active', null)];
      await storage.createSync(definition, 'paused', null);
      expect(await storage.countSyncsByStatus()).toEqual({ active: 2, paused: 1, cancelled: 0 });
      await storage.setSyncStatus(first.sync_id, 'cancelled');
      await storage.deleteSync(second.sync_id);
      expect(await storage.countSyncsByStatus()).toEqual({ active: 0, paused: 1, cancelled: 1 });
    });

    it('numbers syncs from 1 by default', async () => {
      expect((await storage.createSync(definition, 'active', null)).sync_id).toBe(1);
      expect((await storage.createSync(definition, 'active', null)).sync_id).toBe(2);
    });

    it('firstSyncId makes the first sync id equal to it', async () => {
      storage = await open({ firstSyncId: 5000 });
      expect((await storage.createSync(definition, 'active', null)).sync_id).toBe(5000);
      expect((await storage.createSync(definition, 'paused', null)).sync_id).toBe(5001);
    });

    it('stores the definition and status as given', async () => {
      const created = await storage.createSync(definition, 'paused', null);
      const read = await storage.getSync(created.sync_id);
      expect(read?.definition).toEqual(definition);
      expect(read?.status).toBe('paused');
      expect(await storage.getSync(999)).toBeNull();
    });

    it('keeps secrets apart from the definition: undefined keeps them, null removes them', async () => {
      const { sync_id } = await storage.createSync(definition, 'active', { token: 't1' });
      expect(await storage.getSyncSecrets(sync_id)).toEqual({ token: 't1' });
      const named = { ...definition, friendly_name: 'named' };
      await storage.updateSync(sync_id, named, undefined, definition);
      expect(await storage.getSyncSecrets(sync_id)).toEqual({ token: 't1' });
      await storage.updateSync(sync_id, definition, { token: 't2' }, named);
      expect(await storage.getSyncSecrets(sync_id)).toEqual({ token: 't2' });
      await storage.updateSync(sync_id, named, null, definition);
      expect(await storage.getSyncSecrets(sync_id)).toBeNull();
    });

    it('lists syncs by id, filtered by status, paged with after', async () => {
      const ids: number[] = [];
      for (const status of ['active', 'paused', 'active', 'cancelled', 'active'] as const) {
        ids.push((await storage.createSync(definition, status, null)).sync_id);
      }
      expect((await storage.listSyncs({ limit: 10 })).map((sync) => sync.sync_id)).toEqual(ids);
      const active = await storage.listSyncs({ status: 'active', limit: 2 });
      expect(active.map((sync) => sync.sync_id)).toEqual([ids[0], ids[2]]);
      const rest = await storage.listSyncs({ status: 'active', limit: 2, after: active.at(-1)?.sync_id });
      expect(rest.map((sync) => sync.sync_id)).toEqual([ids[4]]);
    });

    it('deleting a sync deletes its jobs and records', async () => {
      const { sync_id } = await storage.createSync(definition, 'active', null);
      const job = await runJob(sync_id, page(['a']));
      await storage.deleteSync(sync_id);
      expect(await storage.getSync(sync_id)).toBeNull();
      expect(await storage.getJob(job.job_id)).toBeNull();
      expect(await storage.listRecords(sync_id, { limit: 10 })).toEqual({ records: [], more: false });
    });
  });

  describe(`${engine} records and job counts`, () => {
    it('counts created, updated and unchanged records exactly across two jobs', async () => {
      const { sync_id } = await storage.createSync(definition, 'active', null);

      const first = await startJob(sync_id);
      await storage.upsertRecords(sync_id, first.job_id, [
        { key: 'a', json: JSON.stringify({ id: 'a', v: 1 }) },
        { key: 'b', json: JSON.stringify({ id: 'b', v: 1 }) },
      ]);
      await storage.upsertRecords(sync_id, first.job_id, [{ key: 'c', json: JSON.stringify({ id: 'c', v: 1 }) }]);
      const firstDone = await storage.finishJob(first.job_id, succeeded);
      expect(firstDone.status).toBe('succeeded');
      expect(firstDone.ended_at).not.toBeNull();
      expect(firstDone.records).toMatchObject({ created: 3, updated: 0, unchanged: 0 });

      const second = await startJob(sync_id);
      await storage.upsertRecords(sync_id, second.job_id, [
        { key: 'a', json: JSON.stringify({ v: 1, id: 'a' }) }, // same content, other key order
        { key: 'b', json: JSON.stringify({ id: 'b', v: 2 }) },
        { key: 'd', json: JSON.stringify({ id: 'd', v: 1 }) },
      ]);
      const secondDone = await storage.finishJob(second.job_id, succeeded);
      // c was not returned by this full job, so it is deleted.
      expect(secondDone.records).toMatchObject({ created: 1, updated: 1, unchanged: 1, deleted: 1 });

      expect((await storage.getSync(sync_id))?.record_count).toBe(3);
      const { records } = await storage.listRecords(sync_id, { limit: 10 });
      expect(records.map((record) => [record.key, record.data])).toEqual([
        ['a', { id: 'a', v: 1 }],
        ['b', { id: 'b', v: 2 }],
        ['d', { id: 'd', v: 1 }],
      ]);
      // The first job's counts are kept after later jobs touch its records.
      expect((await storage.getJob(first.job_id))?.records).toMatchObject({ created: 3, updated: 0, unchanged: 0 });
    });

    it('replaying a page within the same job neither duplicates records nor changes counts', async () => {
      const { sync_id } = await storage.createSync(definition, 'active', null);
      const firstPage = [
        { key: 'a', json: JSON.stringify({ v: 1 }) },
        { key: 'b', json: JSON.stringify({ v: 1 }) },
      ];
      const first = await startJob(sync_id);
      await storage.upsertRecords(sync_id, first.job_id, firstPage);
      await storage.upsertRecords(sync_id, first.job_id, firstPage);
      expect((await storage.finishJob(first.job_id, succeeded)).records).toMatchObject({ created: 2, updated: 0, unchanged: 0 });
      expect((await storage.getSync(sync_id))?.record_count).toBe(2);

      const changed = [
        { key: 'a', json: JSON.stringify({ v: 2 }) },
        { key: 'b', json: JSON.stringify({ v: 1 }) },
      ];
      const second = await startJob(sync_id);
      await storage.upsertRecords(sync_id, second.job_id, changed);
      await storage.upsertRecords(sync_id, second.job_id, changed);
      expect((await storage.finishJob(second.job_id, succeeded)).records).toMatchObject({ created: 0, updated: 1, unchanged: 1 });
      expect((await storage.getSync(sync_id))?.record_count).toBe(2);
    });

    it('keeps a record created in a job counted as created when it changes again in that job', async () => {
      const { sync_id } = await storage.createSync(definition, 'active', null);
      const job = await startJob(sync_id);
      await storage.upsertRecords(sync_id, job.job_id, [{ key: 'a', json: JSON.stringify({ v: 1 }) }]);
      await storage.upsertRecords(sync_id, job.job_id, [{ key: 'a', json: JSON.stringify({ v: 2 }) }]);
      expect((await storage.finishJob(job.job_id, succeeded)).records).toMatchObject({ created: 1, updated: 0, unchanged: 0 });
      expect((await storage.listRecords(sync_id, { limit: 10 })).records[0]?.data).toEqual({ v: 2 });
    });

    it('counts a record seen unchanged and then changed within one job as updated', async () => {
      const { sync_id } = await storage.createSync(definition, 'active', null);
      const first = await startJob(sync_id);
      await storage.upsertRecords(sync_id, first.job_id, [{ key: 'a', json: JSON.stringify({ v: 1 }) }]);
      await storage.finishJob(first.job_id, succeeded);
      const second = await startJob(sync_id);
      await storage.upsertRecords(sync_id, second.job_id, [{ key: 'a', json: JSON.stringify({ v: 1 }) }]);
      await storage.upsertRecords(sync_id, second.job_id, [{ key: 'a', json: JSON.stringify({ v: 2 }) }]);
      expect((await storage.finishJob(second.job_id, succeeded)).records).toMatchObject({ created: 0, updated: 1, unchanged: 0 });
    });

    it('keeps the new key order of a reordered record without calling it updated', async () => {
      const { sync_id } = await storage.createSync(definition, 'active', null);
      await runJob(sync_id, [{ key: 'a', json: JSON.stringify({ x: 1, y: 2 }) }]);
      const [before] = (await storage.listRecords(sync_id, { limit: 1 })).records;
      const job = await startJob(sync_id);
      await storage.upsertRecords(sync_id, job.job_id, [{ key: 'a', json: JSON.stringify({ y: 2, x: 1 }) }]);
      expect((await storage.finishJob(job.job_id, succeeded)).records).toMatchObject({ created: 0, updated: 0, unchanged: 1 });
      const [after] = (await storage.listRecords(sync_id, { limit: 1 })).records;
      expect(Object.keys(after?.data as object)).toEqual(['y', 'x']);
      expect(after?.updated_at).toBe(before?.updated_at);
      expect(await storage.listRecords(sync_id, { limit: 10, filter: 'updated' })).toEqual({ records: [], more: false });
    });

    it('keeps the records of each sync apart', async () => {
      const one = await storage.createSync(definition, 'active', null);
      const two = await storage.createSync(definition, 'active', null);
      const jobOne = await startJob(one.sync_id);
      const jobTwo = await startJob(two.sync_id);
      await storage.upsertRecords(one.sync_id, jobOne.job_id, [{ key: 'a', json: JSON.stringify(1) }]);
      await storage.upsertRecords(two.sync_id, jobTwo.job_id, [
        { key: 'a', json: JSON.stringify(2) },
        { key: 'b', json: JSON.stringify(2) },
      ]);
      expect((await storage.finishJob(jobOne.job_id, succeeded)).records).toMatchObject({ created: 1 });
      expect((await storage.finishJob(jobTwo.job_id, succeeded)).records).toMatchObject({ created: 2 });
      expect((await storage.listRecords(one.sync_id, { limit: 10 })).records.map((record) => record.data)).toEqual([1]);
    });

    it('lists records in a stable order by id, paged with after', async () => {
      const { sync_id } = await storage.createSync(definition, 'active', null);
      const job = await startJob(sync_id);
      await storage.upsertRecords(
        sync_id,
        job.job_id,
        ['e', 'a', 'd', 'b', 'c'].map((key) => ({ key, json: JSON.stringify({ key }) })),
      );
      const { records: all } = await storage.listRecords(sync_id, { limit: 10 });
      expect(all.map((record) => record.key)).toEqual(['e', 'a', 'd', 'b', 'c']);
      const ids = all.map((record) => record.id);
      expect([...ids].sort((a, b) => a - b)).toEqual(ids);

      // An update does not move a record.
      await storage.upsertRecords(sync_id, job.job_id, [{ key: 'e', json: JSON.stringify({ key: 'e', changed: true }) }]);
      const { records: firstPage } = await storage.listRecords(sync_id, { limit: 2 });
      expect(firstPage.map((record) => record.key)).toEqual(['e', 'a']);
      const { records: secondPage } = await storage.listRecords(sync_id, { limit: 2, after: firstPage.at(-1)?.id });
      expect(secondPage.map((record) => record.key)).toEqual(['d', 'b']);
      const { records: lastPage } = await storage.listRecords(sync_id, { limit: 2, after: secondPage.at(-1)?.id });
      expect(lastPage.map((record) => record.key)).toEqual(['c']);
    });
  });

  describe(`${engine} jobs`, () => {
    it('startJob is idempotent per run id', async () => {
      const { sync_id } = await storage.createSync(definition, 'active', null);
      const run1 = { syncId: sync_id, workflowId: 'sync-1-job-a', runId: 'run-a' };
      const first = await storage.startJob(run1);
      const again = await storage.startJob(run1);
      expect(first).not.toBeNull();
      expect(again).toEqual(first);
      expect(await storage.listJobs(sync_id, { limit: 10 })).toHaveLength(1);
      expect(first).toMatchObject({ status: 'running', sync_id, workflow_id: 'sync-1-job-a', ended_at: null });
    });

    it('the next job claims the pending trigger and later jobs are scheduled', async () => {
      const { sync_id } = await storage.createSync(definition, 'active', null);
      expect((await startJob(sync_id)).trigger).toBe('schedule');
      await storage.setPendingTrigger(sync_id, 'manual');
      const manual = await storage.startJob({ syncId: sync_id, workflowId: 'w-manual', runId: 'run-manual' });
      expect(manual?.trigger).toBe('manual');
      // Retrying the same run does not lose or re-claim the trigger.
      expect((await storage.startJob({ syncId: sync_id, workflowId: 'w-manual', runId: 'run-manual' }))?.trigger).toBe('manual');
      expect((await startJob(sync_id)).trigger).toBe('schedule');
    });

    it('startJob gives null for a cancelled sync and for a missing one', async () => {
      const { sync_id } = await storage.createSync(definition, 'active', null);
      await storage.setSyncStatus(sync_id, 'cancelled');
      expect(await storage.startJob({ syncId: sync_id, workflowId: 'w', runId: 'run-cancelled' })).toBeNull();
      expect(await storage.startJob({ syncId: 4242, workflowId: 'w', runId: 'run-missing' })).toBeNull();
      expect(await storage.listJobs(sync_id, { limit: 10 })).toEqual([]);
    });

    it('finishJob on an already finished job returns it unchanged', async () => {
      const { sync_id } = await storage.createSync(definition, 'active', null);
      const job = await startJob(sync_id);
      await storage.upsertRecords(sync_id, job.job_id, [{ key: 'a', json: JSON.stringify(1) }]);
      const failedJob = await storage.finishJob(job.job_id, failed);
      expect(failedJob).toMatchObject({ status: 'failed', error: failed.error, records: { created: 1 } });
      expect((await storage.getJob(failedJob.job_id))?.error).toEqual(failed.error);

      await storage.upsertRecords(sync_id, job.job_id, [{ key: 'b', json: JSON.stringify(1) }]);
      const again = await storage.finishJob(job.job_id, succeeded);
      expect(again).toEqual(failedJob);
      expect(await storage.getJob(job.job_id)).toEqual(failedJob);
    });

    it('finishJob of an unknown job throws', async () => {
      await expect(storage.finishJob(999, succeeded)).rejects.toThrow(/999/);
    });

    it('records progress while running and keeps it when finished', async () => {
      const { sync_id } = await storage.createSync(definition, 'active', null);
      const job = await startJob(sync_id);
      await storage.recordJobProgress(job.job_id, { fetched: 30, pages: 3 });
      expect(await storage.getJob(job.job_id)).toMatchObject({ pages: 3, records: { fetched: 30 } });
      expect((await storage.runningJobs()).map((running) => running.job_id)).toEqual([job.job_id]);
      const done = await storage.finishJob(job.job_id, succeeded);
      expect(done).toMatchObject({ pages: 3, records: { fetched: 30 } });
      await storage.recordJobProgress(job.job_id, { fetched: 99, pages: 9 });
      expect(await storage.getJob(job.job_id)).toMatchObject({ pages: 3, records: { fetched: 30 } });
      expect(await storage.runningJobs()).toEqual([]);
    });

    it('lists jobs newest first, paged with after', async () => {
      const { sync_id } = await storage.createSync(definition, 'active', null);
      const other = await storage.createSync(definition, 'active', null);
      const ids: number[] = [];
      for (let i = 0; i < 5; i += 1) {
        ids.push((await startJob(sync_id)).job_id);
        await startJob(other.sync_id);
      }
      const newestFirst = [...ids].reverse();
      const all = await storage.listJobs(sync_id, { limit: 10 });
      expect(all.map((job) => job.job_id)).toEqual(newestFirst);

      const firstPage = await storage.listJobs(sync_id, { limit: 2 });
      expect(firstPage.map((job) => job.job_id)).toEqual(newestFirst.slice(0, 2));
      const secondPage = await storage.listJobs(sync_id, { limit: 2, after: firstPage.at(-1)?.job_id });
      expect(secondPage.map((job) => job.job_id)).toEqual(newestFirst.slice(2, 4));
      const lastPage = await storage.listJobs(sync_id, { limit: 2, after: secondPage.at(-1)?.job_id });
      expect(lastPage.map((job) => job.job_id)).toEqual(newestFirst.slice(4));
    });

    it('a job plans with the definition and secrets of its start, whatever the sync says later', async () => {
      const { sync_id } = await storage.createSync(definition, 'active', { token: 'old' });
      const job = await startJob(sync_id);
      await storage.updateSync(sync_id, { ...definition, max_total: 5 }, { token: 'new' }, definition);
      expect(await storage.getJobPlan(job.job_id)).toEqual({
        mode: 'full',
        cursor: null,
        definition,
        secrets: { token: 'old' },
        started_at: job.started_at,
      });
    });
  });

  describe(`${engine} pending trigger (claimPendingTrigger)`, () => {
    it('labels exactly one job with each reason an action leaves, the last one left winning', async () => {
      const { sync_id } = await storage.createSync(definition, 'active', null);
      for (const trigger of ['create', 'manual', 'resume', 'resync'] as const) {
        await storage.setPendingTrigger(sync_id, trigger);
        expect((await startJob(sync_id)).trigger).toBe(trigger);
        expect((await startJob(sync_id)).trigger).toBe('schedule');
      }
      await storage.setPendingTrigger(sync_id, 'manual');
      await storage.setPendingTrigger(sync_id, 'resume');
      expect((await startJob(sync_id)).trigger).toBe('resume');
    });

    it('a resync empties the records only when it asks to, and only once', async () => {
      const { sync_id } = await storage.createSync(definition, 'active', null);
      await runJob(sync_id, page(['a', 'b']));
      await storage.setPendingTrigger(sync_id, 'resync');
      await startJob(sync_id);
      expect(await keys(sync_id)).toEqual(['a', 'b']);
      await storage.setPendingTrigger(sync_id, 'resync', { clearRecords: true });
      await startJob(sync_id);
      expect(await keys(sync_id)).toEqual([]);
      // A pending clear left by a resync is dropped with it when another reason replaces it.
      await runJob(sync_id, page(['c']));
      await storage.setPendingTrigger(sync_id, 'resync', { clearRecords: true });
      await storage.setPendingTrigger(sync_id, 'manual');
      await startJob(sync_id);
      expect(await keys(sync_id)).toEqual(['c']);
    });
  });

  describe(`${engine} incremental cursor (advanceIncrementalCursor)`, () => {
    async function finishWithCursor(syncId: number, cursor: unknown, end: typeof succeeded | typeof failed = succeeded) {
      const job = await startJob(syncId);
      await storage.recordJobProgress(job.job_id, { fetched: 1, pages: 1, cursor_max: cursor });
      await storage.finishJob(job.job_id, end);
      return job;
    }

    it('sends nothing on the first job, then the highest cursor of the last successful job', async () => {
      const { sync_id } = await storage.createSync(incremental, 'active', null);
      const first = await finishWithCursor(sync_id, '2024-01-02');
      expect(first.mode).toBe('full');
      const second = await finishWithCursor(sync_id, '2024-01-05', failed);
      expect(await storage.getJobPlan(second.job_id)).toMatchObject({ mode: 'incremental', cursor: '2024-01-02' });
      // The failed job's cursor is not kept: it may have missed records below it.
      const third = await finishWithCursor(sync_id, null);
      expect(await storage.getJobPlan(third.job_id)).toMatchObject({ mode: 'incremental', cursor: '2024-01-02' });
      // A job that saw no cursor keeps the stored one.
      const fourth = await startJob(sync_id);
      expect(await storage.getJobPlan(fourth.job_id)).toMatchObject({ mode: 'incremental', cursor: '2024-01-02' });
    });

    it('a resync fetches everything, and its cursor is kept for the next job', async () => {
      const { sync_id } = await storage.createSync(incremental, 'active', null);
      await finishWithCursor(sync_id, 5);
      await storage.setPendingTrigger(sync_id, 'resync');
      const resync = await finishWithCursor(sync_id, 9);
      expect(await storage.getJobPlan(resync.job_id)).toMatchObject({ mode: 'full', cursor: null });
      const next = await startJob(sync_id);
      expect(await storage.getJobPlan(next.job_id)).toMatchObject({ mode: 'incremental', cursor: 9 });
    });

    it('a sync without incremental always runs full jobs', async () => {
      const { sync_id } = await storage.createSync(definition, 'active', null);
      await finishWithCursor(sync_id, 5);
      expect((await startJob(sync_id)).mode).toBe('full');
    });
  });

  describe(`${engine} delete detection at job end (markUnseenDeleted)`, () => {
    it('only a full job that succeeded without reaching max_total deletes what it did not see', async () => {
      const { sync_id } = await storage.createSync(definition, 'active', null);
      await runJob(sync_id, page(['a', 'b', 'c']));
      const failedJob = await startJob(sync_id);
      await storage.upsertRecords(sync_id, failedJob.job_id, page(['a']));
      expect((await storage.finishJob(failedJob.job_id, failed)).records.deleted).toBe(0);
      const capped = await startJob(sync_id);
      await storage.upsertRecords(sync_id, capped.job_id, page(['a']));
      await storage.recordJobProgress(capped.job_id, { fetched: 1, pages: 1, max_total_reached: true });
      expect((await storage.finishJob(capped.job_id, succeeded)).records.deleted).toBe(0);
      expect(await keys(sync_id)).toEqual(['a', 'b', 'c']);
      expect((await runJob(sync_id, page(['a']))).records.deleted).toBe(2);
      expect(await keys(sync_id)).toEqual(['a']);
    });

    it('an incremental job deletes nothing', async () => {
      const { sync_id } = await storage.createSync(incremental, 'active', null);
      const first = await startJob(sync_id);
      await storage.upsertRecords(sync_id, first.job_id, page(['a', 'b']));
      await storage.recordJobProgress(first.job_id, { fetched: 2, pages: 1, cursor_max: 1 });
      await storage.finishJob(first.job_id, succeeded);
      const second = await runJob(sync_id, page(['a']));
      expect(second).toMatchObject({ mode: 'incremental', records: { deleted: 0 } });
      expect(await keys(sync_id)).toEqual(['a', 'b']);
    });

    it('soft delete marks unseen records deleted, and a record seen again comes back', async () => {
      const { sync_id } = await storage.createSync({ ...definition, soft_delete: true }, 'active', null);
      await runJob(sync_id, page(['a', 'b']));
      expect((await runJob(sync_id, page(['a']))).records.deleted).toBe(1);
      expect(await keys(sync_id)).toEqual(['a']);
      expect(await keys(sync_id, 'deleted')).toEqual(['b']);
      expect((await storage.listRecords(sync_id, { limit: 10, filter: 'deleted' })).records[0]?.deleted_at).not.toBeNull();
      // Still deleted: not counted again.
      expect((await runJob(sync_id, page(['a']))).records.deleted).toBe(0);
      expect((await runJob(sync_id, page(['a', 'b']))).records).toMatchObject({ updated: 1, unchanged: 1, deleted: 0 });
      expect(await keys(sync_id, 'deleted')).toEqual([]);
    });

    it('with soft delete turned off, records soft-deleted earlier go too', async () => {
      const soft = { ...definition, soft_delete: true };
      const { sync_id } = await storage.createSync(soft, 'active', null);
      await runJob(sync_id, page(['a', 'b']));
      await runJob(sync_id, page(['a']));
      await storage.updateSync(sync_id, definition, undefined, soft);
      expect((await runJob(sync_id, page(['c']))).records).toMatchObject({ created: 1, deleted: 2 });
      expect(await keys(sync_id)).toEqual(['c']);
      expect(await keys(sync_id, 'deleted')).toEqual([]);
      expect((await storage.getSync(sync_id))?.record_count).toBe(1);
    });
  });

  describe(`${engine} record counts`, () => {
    it('keeps the live record count through inserts, deletes, soft deletes, revivals and a cleared resync', async () => {
      const { sync_id } = await storage.createSync(definition, 'active', null);
      const soft = await storage.createSync({ ...definition, soft_delete: true }, 'active', null);

      await runJob(sync_id, page(['a', 'b', 'c']));
      expect((await storage.getSync(sync_id))?.record_count).toBe(3);
      await runJob(sync_id, page(['a', 'd']));
      expect((await storage.getSync(sync_id))?.record_count).toBe(2);

      await runJob(soft.sync_id, page(['a', 'b']));
      await runJob(soft.sync_id, page(['a']));
      expect((await storage.getSync(soft.sync_id))?.record_count).toBe(1);
      await runJob(soft.sync_id, page(['a', 'b']));
      expect((await storage.getSync(soft.sync_id))?.record_count).toBe(2);

      await storage.setPendingTrigger(sync_id, 'resync', { clearRecords: true });
      await startJob(sync_id);
      expect((await storage.getSync(sync_id))?.record_count).toBe(0);
      expect((await storage.getSync(soft.sync_id))?.record_count).toBe(2);
    });
  });

  describe(`${engine} delete detection beside another running job`, () => {
    it('a full job keeps unseen records and says why while another job of the sync runs', async () => {
      const { sync_id } = await storage.createSync(definition, 'active', null);
      await runJob(sync_id, [
        { key: 'a', json: JSON.stringify(1) },
        { key: 'b', json: JSON.stringify(1) },
      ]);
      const first = await startJob(sync_id);
      const second = await startJob(sync_id);
      await storage.upsertRecords(sync_id, second.job_id, [{ key: 'c', json: JSON.stringify(1) }]);
      await storage.upsertRecords(sync_id, first.job_id, [{ key: 'a', json: JSON.stringify(1) }]);

      const done = await storage.finishJob(first.job_id, succeeded);
      expect(done.records.deleted).toBe(0);
      expect(done.deletes_skipped).toBe(`job ${second.job_id} of this sync was running, so the records this job did not see were kept`);
      expect((await storage.listRecords(sync_id, { limit: 10 })).records.map((record) => record.key)).toEqual(['a', 'b', 'c']);

      // Alone again, the next full job deletes as usual.
      const alone = await storage.finishJob(second.job_id, succeeded);
      expect(alone).toMatchObject({ deletes_skipped: null, records: { deleted: 2 } });
      expect((await storage.getSync(sync_id))?.record_count).toBe(1);
    });
  });

  describe(`${engine} job retention`, () => {
    const jobIds = async (syncId: number) => (await storage.listJobs(syncId, { limit: 100 })).map((job) => job.job_id);

    it('keeps at most maxJobsPerSync jobs of each sync, pruning the oldest as jobs finish', async () => {
      storage = await open({ jobRetention: { days: 30, maxJobsPerSync: 3 } });
      const { sync_id } = await storage.createSync(definition, 'active', null);
      const other = await storage.createSync(definition, 'active', null);
      const otherJob = await runJob(other.sync_id);
      const ids: number[] = [];
      for (let i = 0; i < 6; i += 1) ids.push((await runJob(sync_id)).job_id);
      expect(await jobIds(sync_id)).toEqual(ids.slice(3).reverse());
      expect(await jobIds(other.sync_id)).toEqual([otherJob.job_id]);
    });

    it('prunes jobs older than the retention, but never a running job, the latest finished one or a pending webhook', async () => {
      let now = new Date(Date.now() - 2 * DAY_MS);
      storage = await open({ jobRetention: { days: 1, maxJobsPerSync: 1000 }, clock: () => now });
      const { sync_id } = await storage.createSync(definition, 'active', null);
      const old = await runJob(sync_id);
      const pendingWebhook = await runJob(sync_id);
      await storage.createWebhookDelivery(pendingWebhook.job_id, 'http://example.test/hook');
      const orphan = await startJob(sync_id);
      const latestFinished = await runJob(sync_id);
      const running = await startJob(sync_id);
      now = new Date();

      // An orphan sweep closes an older job: the newer finished one stays although it is old.
      await storage.finishJob(orphan.job_id, {
        status: 'failed',
        error: { class: 'internal', code: 'workflow_ended', message: 'orphaned' },
      });
      expect(await jobIds(sync_id)).toEqual([running.job_id, latestFinished.job_id, orphan.job_id, pendingWebhook.job_id]);
      expect(await storage.getJob(old.job_id)).toBeNull();

      await storage.finishJob(running.job_id, succeeded);
      expect(await jobIds(sync_id)).toEqual([running.job_id, orphan.job_id, pendingWebhook.job_id]);
    });
  });

  describe(`${engine} webhook deliveries`, () => {
    it('every job read shows the newest delivery of the job with its attempts', async () => {
      const { sync_id } = await storage.createSync(definition, 'active', null);
      const job = await runJob(sync_id);
      const running = await startJob(sync_id);
      expect(job.webhook).toBeNull();
      await storage.createWebhookDelivery(job.job_id, 'http://example.test/old');
      const newest = await storage.createWebhookDelivery(job.job_id, 'http://example.test/hook');
      await storage.recordWebhookAttempt(newest, { status: 'pending', statusCode: 500, error: 'HTTP 500' });
      await storage.recordWebhookAttempt(newest, { status: 'delivered', statusCode: 200, error: null });
      const expected = {
        delivery_id: newest,
        url: 'http://example.test/hook',
        status: 'delivered',
        attempts: 2,
        last_status_code: 200,
        last_error: null,
      };
      expect((await storage.getJob(job.job_id))?.webhook).toMatchObject(expected);
      const listed = await storage.listJobs(sync_id, { limit: 10 });
      expect(listed.map((each) => each.webhook)).toEqual([null, expect.objectContaining(expected)]);
      expect((await storage.latestJobs([sync_id])).get(sync_id)?.webhook).toBeNull();
      await storage.createWebhookDelivery(running.job_id, 'http://example.test/hook');
      expect((await storage.runningJobs())[0]?.webhook).toMatchObject({ status: 'pending', attempts: 0 });
    });
  });

  describe(`${engine} sync health counters`, () => {
    it('count failed jobs, reset on success, ignore cancelled ones, and keep the last error', async () => {
      const second = { class: 'transient', code: 'http_503', message: 'second', http_status: 503 } as const;
      const { sync_id } = await storage.createSync(definition, 'active', null);
      expect((await storage.getSync(sync_id))?.health).toEqual({ consecutive_failures: 0, last_success_at: null, last_error: null });
      await storage.finishJob((await startJob(sync_id)).job_id, failed);
      await storage.finishJob((await startJob(sync_id)).job_id, { status: 'failed', error: second });
      await storage.finishJob((await startJob(sync_id)).job_id, { status: 'cancelled', error: null });
      expect((await storage.getSync(sync_id))?.health).toEqual({ consecutive_failures: 2, last_success_at: null, last_error: second });
      const job = await startJob(sync_id);
      await storage.finishJob(job.job_id, failed);
      // Closing a closed job again counts nothing.
      await storage.finishJob(job.job_id, failed);
      expect((await storage.getSync(sync_id))?.health.consecutive_failures).toBe(3);
      const success = await runJob(sync_id);
      expect((await storage.listSyncs({ limit: 10 }))[0]?.health).toEqual({
        consecutive_failures: 0,
        last_success_at: success.ended_at,
        last_error: null,
      });
    });

    it('keeps why a sync is paused until it is cleared', async () => {
      const { sync_id } = await storage.createSync(definition, 'active', null);
      const reason = { by: 'policy', at: '2026-01-31T12:00:00.000Z', message: '5 consecutive jobs failed' } as const;
      await storage.setPausedReason(sync_id, reason);
      expect((await storage.getSync(sync_id))?.paused_reason).toEqual(reason);
      await storage.setPausedReason(sync_id, null);
      expect((await storage.getSync(sync_id))?.paused_reason).toBeNull();
    });
  });

  describe(`${engine} audit trail`, () => {
    it('lists the events of a sync newest first, paged, apart from other syncs, gone with the sync', async () => {
      const [one, two] = [await storage.createSync(definition, 'active', null), await storage.createSync(definition, 'active', null)];
      await storage.recordSyncEvent(one.sync_id, { action: 'create', detail: {}, actor: 'ci', request_id: 'req-1' });
      await storage.recordSyncEvent(two.sync_id, { action: 'create', detail: {}, actor: 'anonymous', request_id: null });
      await storage.recordSyncEvent(one.sync_id, { action: 'patch', detail: { fields: ['url'] }, actor: 'ci', request_id: 'req-2' });
      await storage.recordSyncEvent(one.sync_id, { action: 'cancel', detail: {}, actor: 'operator', request_id: null });
      const first = await storage.listSyncEvents(one.sync_id, { limit: 2 });
      expect(first.map((event) => event.action)).toEqual(['cancel', 'patch']);
      expect(first[1]).toMatchObject({ sync_id: one.sync_id, detail: { fields: ['url'] }, actor: 'ci', request_id: 'req-2' });
      expect(Number.isNaN(Date.parse(first[1]?.at ?? ''))).toBe(false);
      const rest = await storage.listSyncEvents(one.sync_id, { limit: 2, after: first[1]?.event_id });
      expect(rest.map((event) => [event.action, event.actor])).toEqual([['create', 'ci']]);
      await storage.deleteSync(one.sync_id);
      expect(await storage.listSyncEvents(one.sync_id, { limit: 10 })).toEqual([]);
      // An event for a sync that is gone is dropped, not an error.
      await storage.recordSyncEvent(one.sync_id, { action: 'trigger', detail: {}, actor: 'ci', request_id: null });
      expect(await storage.listSyncEvents(two.sync_id, { limit: 10 })).toHaveLength(1);
    });
  });

  describe(`${engine} rows that are not there`, () => {
    it('lookups answer null, writes to a gone row do nothing, and what needs the row throws StorageNotFoundError', async () => {
      expect(await storage.getSync(404)).toBeNull();
      expect(await storage.getJob(404)).toBeNull();
      expect(await storage.getSyncSecrets(404)).toBeNull();
      await storage.setSyncStatus(404, 'paused');
      await storage.setPendingTrigger(404, 'manual');
      await storage.setNextRunAt(404, new Date(), new Date());
      await storage.recordJobProgress(404, { fetched: 1, pages: 1 });
      await storage.recordWebhookAttempt(404, { status: 'delivered', statusCode: 200, error: null });
      await storage.deleteSync(404);
      await expect(storage.getJobPlan(404)).rejects.toThrow(StorageNotFoundError);
      await expect(storage.finishJob(404, succeeded)).rejects.toThrow(StorageNotFoundError);
      await expect(storage.createWebhookDelivery(404, 'http://example.test/')).rejects.toThrow(StorageNotFoundError);
      await expect(storage.getJobPlan(404)).rejects.toMatchObject({ entity: 'job', id: 404, message: 'job 404 does not exist' });
    });
  });

  describe(`${engine} next run and latest jobs`, () => {
    it('stores the next run, ignoring an observation older than the stored one', async () => {
      const { sync_id } = await storage.createSync(definition, 'active', null);
      expect((await storage.getSync(sync_id))?.next_run_at).toBeNull();
      await storage.setNextRunAt(sync_id, new Date('2030-01-01T00:02:00Z'), new Date('2030-01-01T00:01:00Z'));
      await storage.setNextRunAt(sync_id, new Date('2030-01-01T00:00:30Z'), new Date('2030-01-01T00:00:00Z'));
      expect((await storage.getSync(sync_id))?.next_run_at).toBe('2030-01-01T00:02:00.000Z');
      await storage.setNextRunAt(sync_id, null, new Date('2030-01-01T00:01:30Z'));
      expect((await storage.listSyncs({ limit: 10 }))[0]?.next_run_at).toBeNull();
    });

    it('reads the newest job of several syncs at once', async () => {
      const one = await storage.createSync(definition, 'active', null);
      const two = await storage.createSync(definition, 'active', null);
      const none = await storage.createSync(definition, 'active', null);
      await runJob(one.sync_id);
      const newestOfOne = await startJob(one.sync_id);
      const newestOfTwo = await runJob(two.sync_id);
      const latest = await storage.latestJobs([one.sync_id, two.sync_id, none.sync_id]);
      expect([...latest.keys()].sort()).toEqual([one.sync_id, two.sync_id].sort());
      expect(latest.get(one.sync_id)?.job_id).toBe(newestOfOne.job_id);
      expect(latest.get(two.sync_id)).toEqual(newestOfTwo);
    });
  });

  describe(`${engine} pages`, () => {
    it('a key sent twice in one page counts as storing the records one by one would', async () => {
      const { sync_id } = await storage.createSync(definition, 'active', null);
      await runJob(sync_id, page(['a', 'b']));
      const job = await startJob(sync_id);
      await storage.upsertRecords(sync_id, job.job_id, [
        { key: 'a', json: JSON.stringify({ key: 'a' }) },
        { key: 'a', json: JSON.stringify({ key: 'a', v: 2 }) },
        { key: 'c', json: JSON.stringify({ key: 'c' }) },
        { key: 'c', json: JSON.stringify({ key: 'c', v: 2 }) },
        { key: 'b', json: JSON.stringify({ key: 'b', v: 2 }) },
        { key: 'b', json: JSON.stringify({ key: 'b' }) },
      ]);
      expect((await storage.finishJob(job.job_id, succeeded)).records).toMatchObject({ created: 1, updated: 2, unchanged: 0, deleted: 0 });
      const { records } = await storage.listRecords(sync_id, { limit: 10 });
      expect(records.map((record) => [record.key, record.data])).toEqual([
        ['a', { key: 'a', v: 2 }],
        ['b', { key: 'b' }],
        ['c', { key: 'c', v: 2 }],
      ]);
    });

    it('stores any key as given: NUL, backslashes, quotes and non-ASCII', async () => {
      const { sync_id } = await storage.createSync(definition, 'active', null);
      const names = ['a\0b', '\\0', '\\', '\0', '"q\'', 'ü€😀', '{x,y}', 'NULL'];
      await runJob(sync_id, page(names));
      expect(await keys(sync_id)).toEqual(names);
      expect((await runJob(sync_id, page(names))).records).toMatchObject({ created: 0, unchanged: names.length, deleted: 0 });
    });

    it('stores each JSON text as sent, escapes and non-ASCII included, and updates it the same way', async () => {
      const { sync_id } = await storage.createSync(definition, 'active', null);
      const data = { s: 'quote " backslash \\ nul \0 tab \t line\n', u: 'ü€😀', nested: { a: ['"', '\\', '{x,y}'] } };
      const json = JSON.stringify(data);
      await runJob(sync_id, [{ key: 'a', json }]);
      expect((await storage.listRecords(sync_id, { limit: 1 })).records[0]?.data).toEqual(data);
      const changed = { ...data, u: '\u2028 changed' };
      expect((await runJob(sync_id, [{ key: 'a', json: JSON.stringify(changed) }])).records).toMatchObject({ updated: 1 });
      expect((await storage.listRecords(sync_id, { limit: 1 })).records[0]?.data).toEqual(changed);
    });

    it('stores a page of 20,000 records exactly once, replayed or not', async () => {
      const { sync_id } = await storage.createSync(definition, 'active', null);
      const big = Array.from({ length: 20_000 }, (_, i) => ({ key: `k${i}`, json: JSON.stringify({ id: i, text: 'x'.repeat(20) }) }));
      const first = await startJob(sync_id);
      await storage.upsertRecords(sync_id, first.job_id, big);
      await storage.upsertRecords(sync_id, first.job_id, big);
      expect((await storage.finishJob(first.job_id, succeeded)).records).toMatchObject({ created: 20_000, updated: 0, unchanged: 0 });
      const second = await startJob(sync_id);
      const changed = big.map((record, i) =>
        i % 2 === 0 ? { key: record.key, json: JSON.stringify({ id: i, text: 'x'.repeat(20), even: true }) } : record,
      );
      await storage.upsertRecords(sync_id, second.job_id, changed);
      await storage.upsertRecords(sync_id, second.job_id, changed);
      expect((await storage.finishJob(second.job_id, succeeded)).records).toMatchObject({ created: 0, updated: 10_000, unchanged: 10_000 });
      expect((await storage.getSync(sync_id))?.record_count).toBe(20_000);
    });
  });

  describe(`${engine} concurrent calls`, () => {
    it('starting one run several times at once opens one job', async () => {
      const { sync_id } = await storage.createSync(definition, 'active', null);
      await storage.setPendingTrigger(sync_id, 'manual');
      const run = { syncId: sync_id, workflowId: 'w-race', runId: 'run-race' };
      const started = await Promise.all(Array.from({ length: 5 }, () => storage.startJob(run)));
      expect(new Set(started.map((job) => job?.job_id)).size).toBe(1);
      expect(started[0]?.trigger).toBe('manual');
      expect(await storage.listJobs(sync_id, { limit: 10 })).toHaveLength(1);
    });

    it('one page stored by several attempts at once counts each record once', async () => {
      const { sync_id } = await storage.createSync(definition, 'active', null);
      await runJob(sync_id, page(['a', 'b']));
      const job = await startJob(sync_id);
      const records = [...page(['b', 'c', 'd']), { key: 'a', json: JSON.stringify({ key: 'a', v: 2 }) }];
      await Promise.all(Array.from({ length: 4 }, () => storage.upsertRecords(sync_id, job.job_id, records)));
      expect((await storage.finishJob(job.job_id, succeeded)).records).toMatchObject({ created: 2, updated: 1, unchanged: 1 });
      expect((await storage.getSync(sync_id))?.record_count).toBe(4);
    });

    it('finishing one job several times at once closes it once', async () => {
      const { sync_id } = await storage.createSync(definition, 'active', null);
      await runJob(sync_id, page(['a', 'b']));
      const job = await startJob(sync_id);
      await storage.upsertRecords(sync_id, job.job_id, page(['a']));
      const ends = [succeeded, failed, succeeded, failed];
      const finished = await Promise.all(ends.map((end) => storage.finishJob(job.job_id, end)));
      expect(new Set(finished.map((each) => JSON.stringify(each))).size).toBe(1);
      const deleted = finished[0]?.status === 'succeeded' ? 1 : 0;
      expect(finished[0]?.records).toMatchObject({ unchanged: 1, deleted });
      expect((await storage.getSync(sync_id))?.record_count).toBe(2 - deleted);
    });

    it('of several updates expecting the same definition at once, exactly one wins', async () => {
      const { sync_id } = await storage.createSync(definition, 'active', null);
      const names = ['one', 'two', 'three', 'four', 'five'];
      const results = await Promise.all(
        names.map((name) => storage.updateSync(sync_id, { ...definition, friendly_name: name }, undefined, definition)),
      );
      const winners = results.filter((result) => result !== null);
      expect(winners).toHaveLength(1);
      expect((await storage.getSync(sync_id))?.definition).toEqual(winners[0]?.definition);
    });
  });

  describe(`${engine} records page by bytes`, () => {
    it('stops a page before the record that would pass maxBytes, always keeping the first', async () => {
      const { sync_id } = await storage.createSync(definition, 'active', null);
      const big = 'x'.repeat(1000);
      const job = await startJob(sync_id);
      await storage.upsertRecords(
        sync_id,
        job.job_id,
        ['a', 'b', 'c', 'd'].map((key) => ({ key, json: JSON.stringify(big) })),
      );
      const first = await storage.listRecords(sync_id, { limit: 10, maxBytes: 2100 });
      expect(first.records.map((record) => record.key)).toEqual(['a', 'b']);
      expect(first.more).toBe(true);
      const tiny = await storage.listRecords(sync_id, { limit: 10, maxBytes: 10, after: first.records[1]?.id });
      expect(tiny.records.map((record) => record.key)).toEqual(['c']);
      expect(tiny.more).toBe(true);
      const rest = await storage.listRecords(sync_id, { limit: 10, maxBytes: 2100, after: tiny.records[0]?.id });
      expect(rest).toMatchObject({ more: false, records: [{ key: 'd' }] });
    });

    it('says more by count exactly when another record follows', async () => {
      const { sync_id } = await storage.createSync(definition, 'active', null);
      const job = await startJob(sync_id);
      await storage.upsertRecords(
        sync_id,
        job.job_id,
        ['a', 'b'].map((key) => ({ key, json: JSON.stringify(key) })),
      );
      expect((await storage.listRecords(sync_id, { limit: 1 })).more).toBe(true);
      expect((await storage.listRecords(sync_id, { limit: 2 })).more).toBe(false);
    });
  });
}
