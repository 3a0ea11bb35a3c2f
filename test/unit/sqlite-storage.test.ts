import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { syncJobWorkflowIdPrefix } from '../../src/contracts/ids.js';
import { createSyncSchema, toSyncDefinition } from '../../src/contracts/sync-definition.js';
import { SecretBox } from '../../src/storage/secret-box.js';
import { SqliteStorage } from '../../src/storage/sqlite-storage.js';
import type { JobRetention } from '../../src/storage/storage.js';

const { definition } = toSyncDefinition(createSyncSchema.parse({ url: 'http://example.test/items', unique_key: 'id' }));

const secretBox = new SecretBox(randomBytes(32));
let dir: string;
let storage: SqliteStorage;
let run = 0;

const dbFile = () => path.join(dir, 'nested', 'syncd.db');

function open(firstSyncId?: number, jobRetention?: JobRetention): SqliteStorage {
  return new SqliteStorage({ file: dbFile(), secretBox, ...(firstSyncId === undefined ? {} : { firstSyncId }), ...(jobRetention ? { jobRetention } : {}) });
}

/** A second connection to the same file, for what the Storage interface does not show. */
function inspect<T>(read: (db: Database.Database) => T): T {
  const db = new Database(dbFile());
  try {
    return read(db);
  } finally {
    db.close();
  }
}

async function runJob(syncId: number, records: { key: string; data: unknown }[] = []) {
  const job = await startJob(syncId);
  await storage.upsertRecords(syncId, job.job_id, records);
  return storage.finishJob(job.job_id, succeeded);
}

async function startJob(syncId: number) {
  run += 1;
  const job = await storage.startJob({ syncId, workflowId: `${syncJobWorkflowIdPrefix(syncId)}-${run}`, runId: `run-${run}` });
  if (job === null) throw new Error('expected a job');
  return job;
}

const succeeded = { status: 'succeeded', error: null } as const;

beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'syncd-unit-'));
  storage = open();
});

afterEach(async () => {
  await storage.close();
  await rm(dir, { recursive: true, force: true });
});

describe('SqliteStorage syncs', () => {
  it('updates a definition only while it is still the one the caller read (compare-and-set)', async () => {
    const { sync_id } = await storage.createSync(definition, 'active', null);
    const first = { ...definition, friendly_name: 'first' };
    expect(await storage.updateSync(sync_id, first, undefined, definition)).toMatchObject({ definition: first });
    const stale = await storage.updateSync(sync_id, { ...definition, friendly_name: 'stale' }, undefined, definition);
    expect(stale).toBeNull();
    expect((await storage.getSync(sync_id))?.definition).toEqual(first);
    expect(await storage.updateSync(9_999, first, undefined, definition)).toBeNull();
  });

  it('numbers syncs from 1 by default', async () => {
    expect((await storage.createSync(definition, 'active', null)).sync_id).toBe(1);
    expect((await storage.createSync(definition, 'active', null)).sync_id).toBe(2);
  });

  it('firstSyncId makes the first sync id equal to it', async () => {
    await storage.close();
    await rm(dir, { recursive: true, force: true });
    storage = open(5000);
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
});

describe('SqliteStorage records and job counts', () => {
  it('counts created, updated and unchanged records exactly across two jobs', async () => {
    const { sync_id } = await storage.createSync(definition, 'active', null);

    const first = await startJob(sync_id);
    await storage.upsertRecords(sync_id, first.job_id, [
      { key: 'a', data: { id: 'a', v: 1 } },
      { key: 'b', data: { id: 'b', v: 1 } },
    ]);
    await storage.upsertRecords(sync_id, first.job_id, [{ key: 'c', data: { id: 'c', v: 1 } }]);
    const firstDone = await storage.finishJob(first.job_id, succeeded);
    expect(firstDone.status).toBe('succeeded');
    expect(firstDone.ended_at).not.toBeNull();
    expect(firstDone.records).toMatchObject({ created: 3, updated: 0, unchanged: 0 });

    const second = await startJob(sync_id);
    await storage.upsertRecords(sync_id, second.job_id, [
      { key: 'a', data: { v: 1, id: 'a' } }, // same content, other key order
      { key: 'b', data: { id: 'b', v: 2 } },
      { key: 'd', data: { id: 'd', v: 1 } },
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
    const page = [
      { key: 'a', data: { v: 1 } },
      { key: 'b', data: { v: 1 } },
    ];
    const first = await startJob(sync_id);
    await storage.upsertRecords(sync_id, first.job_id, page);
    await storage.upsertRecords(sync_id, first.job_id, page);
    expect((await storage.finishJob(first.job_id, succeeded)).records).toMatchObject({ created: 2, updated: 0, unchanged: 0 });
    expect((await storage.getSync(sync_id))?.record_count).toBe(2);

    const changed = [
      { key: 'a', data: { v: 2 } },
      { key: 'b', data: { v: 1 } },
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
    await storage.upsertRecords(sync_id, job.job_id, [{ key: 'a', data: { v: 1 } }]);
    await storage.upsertRecords(sync_id, job.job_id, [{ key: 'a', data: { v: 2 } }]);
    expect((await storage.finishJob(job.job_id, succeeded)).records).toMatchObject({ created: 1, updated: 0, unchanged: 0 });
    expect((await storage.listRecords(sync_id, { limit: 10 })).records[0]?.data).toEqual({ v: 2 });
  });

  it('counts a record seen unchanged and then changed within one job as updated', async () => {
    const { sync_id } = await storage.createSync(definition, 'active', null);
    const first = await startJob(sync_id);
    await storage.upsertRecords(sync_id, first.job_id, [{ key: 'a', data: { v: 1 } }]);
    await storage.finishJob(first.job_id, succeeded);
    const second = await startJob(sync_id);
    await storage.upsertRecords(sync_id, second.job_id, [{ key: 'a', data: { v: 1 } }]);
    await storage.upsertRecords(sync_id, second.job_id, [{ key: 'a', data: { v: 2 } }]);
    expect((await storage.finishJob(second.job_id, succeeded)).records).toMatchObject({ created: 0, updated: 1, unchanged: 0 });
  });

  it('keeps the records of each sync apart', async () => {
    const one = await storage.createSync(definition, 'active', null);
    const two = await storage.createSync(definition, 'active', null);
    const jobOne = await startJob(one.sync_id);
    const jobTwo = await startJob(two.sync_id);
    await storage.upsertRecords(one.sync_id, jobOne.job_id, [{ key: 'a', data: 1 }]);
    await storage.upsertRecords(two.sync_id, jobTwo.job_id, [
      { key: 'a', data: 2 },
      { key: 'b', data: 2 },
    ]);
    expect((await storage.finishJob(jobOne.job_id, succeeded)).records).toMatchObject({ created: 1 });
    expect((await storage.finishJob(jobTwo.job_id, succeeded)).records).toMatchObject({ created: 2 });
    expect((await storage.listRecords(one.sync_id, { limit: 10 })).records.map((record) => record.data)).toEqual([1]);
  });

  it('lists records in a stable order by id, paged with after', async () => {
    const { sync_id } = await storage.createSync(definition, 'active', null);
    const job = await startJob(sync_id);
    await storage.upsertRecords(sync_id, job.job_id, ['e', 'a', 'd', 'b', 'c'].map((key) => ({ key, data: { key } })));
    const { records: all } = await storage.listRecords(sync_id, { limit: 10 });
    expect(all.map((record) => record.key)).toEqual(['e', 'a', 'd', 'b', 'c']);
    const ids = all.map((record) => record.id);
    expect([...ids].sort((a, b) => a - b)).toEqual(ids);

    // An update does not move a record.
    await storage.upsertRecords(sync_id, job.job_id, [{ key: 'e', data: { key: 'e', changed: true } }]);
    const { records: firstPage } = await storage.listRecords(sync_id, { limit: 2 });
    expect(firstPage.map((record) => record.key)).toEqual(['e', 'a']);
    const { records: secondPage } = await storage.listRecords(sync_id, { limit: 2, after: firstPage.at(-1)?.id });
    expect(secondPage.map((record) => record.key)).toEqual(['d', 'b']);
    const { records: lastPage } = await storage.listRecords(sync_id, { limit: 2, after: secondPage.at(-1)?.id });
    expect(lastPage.map((record) => record.key)).toEqual(['c']);
  });
});

describe('SqliteStorage jobs', () => {
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
    await storage.upsertRecords(sync_id, job.job_id, [{ key: 'a', data: 1 }]);
    const failed = await storage.finishJob(job.job_id, { status: 'failed', error: 'boom' });
    expect(failed).toMatchObject({ status: 'failed', error: 'boom', records: { created: 1 } });

    await storage.upsertRecords(sync_id, job.job_id, [{ key: 'b', data: 1 }]);
    const again = await storage.finishJob(job.job_id, succeeded);
    expect(again).toEqual(failed);
    expect(await storage.getJob(job.job_id)).toEqual(failed);
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
});

describe('SqliteStorage record counts', () => {
  it('keeps the live record count through inserts, deletes, soft deletes, revivals and a cleared resync', async () => {
    const { sync_id } = await storage.createSync(definition, 'active', null);
    const soft = await storage.createSync({ ...definition, soft_delete: true }, 'active', null);
    const page = (keys: string[]) => keys.map((key) => ({ key, data: { key } }));

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

describe('SqliteStorage delete detection beside another running job', () => {
  it('a full job keeps unseen records and says why while another job of the sync runs', async () => {
    const { sync_id } = await storage.createSync(definition, 'active', null);
    await runJob(sync_id, [
      { key: 'a', data: 1 },
      { key: 'b', data: 1 },
    ]);
    const first = await startJob(sync_id);
    const second = await startJob(sync_id);
    await storage.upsertRecords(sync_id, second.job_id, [{ key: 'c', data: 1 }]);
    await storage.upsertRecords(sync_id, first.job_id, [{ key: 'a', data: 1 }]);

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

describe('SqliteStorage job definitions', () => {
  const definitionRows = () => inspect((db) => db.prepare('SELECT count(*) FROM job_definitions').pluck().get());

  it('stores each distinct definition once, however many jobs use it', async () => {
    const { sync_id } = await storage.createSync(definition, 'active', null);
    const other = await storage.createSync(definition, 'active', null);
    for (let i = 0; i < 3; i += 1) await runJob(sync_id);
    await runJob(other.sync_id);
    expect(definitionRows()).toBe(1);

    const changed = { ...definition, max_total: 5 };
    await storage.updateSync(sync_id, changed, undefined, definition);
    const job = await startJob(sync_id);
    expect(definitionRows()).toBe(2);
    expect((await storage.getJobPlan(job.job_id)).definition).toEqual(changed);
  });

  it('deleting a sync drops the definitions only its jobs used', async () => {
    const { sync_id } = await storage.createSync({ ...definition, max_total: 9 }, 'active', null);
    const kept = await storage.createSync(definition, 'active', null);
    await runJob(sync_id);
    await runJob(kept.sync_id);
    expect(definitionRows()).toBe(2);
    await storage.deleteSync(sync_id);
    expect(definitionRows()).toBe(1);
  });
});

describe('SqliteStorage job retention', () => {
  const jobIds = async (syncId: number) => (await storage.listJobs(syncId, { limit: 100 })).map((job) => job.job_id);

  it('keeps at most maxJobsPerSync jobs of each sync, pruning the oldest as jobs finish', async () => {
    await storage.close();
    storage = open(undefined, { days: 30, maxJobsPerSync: 3 });
    const { sync_id } = await storage.createSync(definition, 'active', null);
    const other = await storage.createSync(definition, 'active', null);
    const otherJob = await runJob(other.sync_id);
    const ids: number[] = [];
    for (let i = 0; i < 6; i += 1) ids.push((await runJob(sync_id)).job_id);
    expect(await jobIds(sync_id)).toEqual(ids.slice(3).reverse());
    expect(await jobIds(other.sync_id)).toEqual([otherJob.job_id]);
  });

  it('prunes jobs older than the retention, but never a running job, the latest finished one or a pending webhook', async () => {
    await storage.close();
    storage = open(undefined, { days: 1, maxJobsPerSync: 1000 });
    const { sync_id } = await storage.createSync(definition, 'active', null);
    const old = await runJob(sync_id);
    const pendingWebhook = await runJob(sync_id);
    await storage.createWebhookDelivery(pendingWebhook.job_id, 'http://example.test/hook');
    const orphan = await startJob(sync_id);
    const latestFinished = await runJob(sync_id);
    const running = await startJob(sync_id);
    const longAgo = new Date(Date.now() - 2 * 86_400_000).toISOString();
    inspect((db) => db.prepare('UPDATE jobs SET ended_at = ?, started_at = ?').run(longAgo, longAgo));

    // An orphan sweep closes an older job: the newer finished one stays although it is old.
    await storage.finishJob(orphan.job_id, { status: 'failed', error: 'orphaned' });
    expect(await jobIds(sync_id)).toEqual([running.job_id, latestFinished.job_id, orphan.job_id, pendingWebhook.job_id]);
    expect(await storage.getJob(old.job_id)).toBeNull();

    await storage.finishJob(running.job_id, succeeded);
    expect(await jobIds(sync_id)).toEqual([running.job_id, orphan.job_id, pendingWebhook.job_id]);
  });

  it('drops a definition once no job uses it', async () => {
    await storage.close();
    storage = open(undefined, { days: 30, maxJobsPerSync: 1 });
    const { sync_id } = await storage.createSync({ ...definition, max_total: 1 }, 'active', null);
    await runJob(sync_id);
    await storage.updateSync(sync_id, definition, undefined, { ...definition, max_total: 1 });
    await runJob(sync_id);
    expect(inspect((db) => db.prepare('SELECT definition FROM job_definitions').pluck().all())).toEqual([JSON.stringify(definition)]);
  });
});

describe('SqliteStorage next run and latest jobs', () => {
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

describe('SqliteStorage records page by bytes', () => {
  it('stops a page before the record that would pass maxBytes, always keeping the first', async () => {
    const { sync_id } = await storage.createSync(definition, 'active', null);
    const big = 'x'.repeat(1000);
    const job = await startJob(sync_id);
    await storage.upsertRecords(sync_id, job.job_id, ['a', 'b', 'c', 'd'].map((key) => ({ key, data: big })));
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
    await storage.upsertRecords(sync_id, job.job_id, ['a', 'b'].map((key) => ({ key, data: key })));
    expect((await storage.listRecords(sync_id, { limit: 1 })).more).toBe(true);
    expect((await storage.listRecords(sync_id, { limit: 2 })).more).toBe(false);
  });
});
