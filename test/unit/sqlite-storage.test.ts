import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createSyncSchema, toSyncDefinition } from '../../src/contracts/sync-definition.js';
import { SecretBox } from '../../src/storage/secret-box.js';
import { SqliteStorage } from '../../src/storage/sqlite/sqlite-storage.js';
import type { StorageOptions } from '../../src/storage/storage.js';
import { describeStorageBehaviour } from './storage-behaviour.js';

const { definition } = toSyncDefinition(createSyncSchema.parse({ url: 'http://example.test/items', unique_key: 'id' }));
const succeeded = { status: 'succeeded', error: null } as const;
const dirs: string[] = [];

/** A fresh database file in a folder that does not exist yet, so opening creates both. */
async function freshFile(): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), 'syncd-unit-'));
  dirs.push(dir);
  return path.join(dir, 'nested', 'syncd.db');
}

afterAll(async () => {
  await Promise.all(dirs.map((dir) => rm(dir, { recursive: true, force: true })));
});

describeStorageBehaviour('SqliteStorage', async (options: StorageOptions) => new SqliteStorage({ file: await freshFile(), ...options }));

describe('SqliteStorage layout', () => {
  const secretBox = new SecretBox(randomBytes(32));
  let file: string;
  let storage: SqliteStorage;
  let run = 0;

  async function runJob(syncId: number) {
    run += 1;
    const job = await storage.startJob({ syncId, workflowId: `sync-${syncId}-job-${run}`, runId: `run-${run}` });
    if (job === null) throw new Error('expected a job');
    return storage.finishJob(job.job_id, succeeded);
  }

  /** A second connection to the same file, for what the Storage interface does not show. */
  function inspect<T>(read: (db: Database.Database) => T): T {
    const db = new Database(file);
    try {
      return read(db);
    } finally {
      db.close();
    }
  }

  const definitionRows = () => inspect((db) => db.prepare('SELECT count(*) FROM job_definitions').pluck().get());

  beforeEach(async () => {
    file = await freshFile();
    storage = new SqliteStorage({ file, secretBox });
  });

  afterEach(async () => {
    await storage.close();
  });

  it('stores each distinct definition once, however many jobs use it', async () => {
    const { sync_id } = await storage.createSync(definition, 'active', null);
    const other = await storage.createSync(definition, 'active', null);
    for (let i = 0; i < 3; i += 1) await runJob(sync_id);
    await runJob(other.sync_id);
    expect(definitionRows()).toBe(1);

    const changed = { ...definition, max_total: 5 };
    await storage.updateSync(sync_id, changed, undefined, definition);
    const job = await storage.startJob({ syncId: sync_id, workflowId: 'w', runId: 'run-changed' });
    expect(definitionRows()).toBe(2);
    expect((await storage.getJobPlan(job?.job_id ?? 0)).definition).toEqual(changed);
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

  it('retention drops a definition once no job uses it', async () => {
    await storage.close();
    storage = new SqliteStorage({ file, secretBox, jobRetention: { days: 30, maxJobsPerSync: 1 } });
    const { sync_id } = await storage.createSync({ ...definition, max_total: 1 }, 'active', null);
    await runJob(sync_id);
    await storage.updateSync(sync_id, definition, undefined, { ...definition, max_total: 1 });
    await runJob(sync_id);
    expect(inspect((db) => db.prepare('SELECT definition FROM job_definitions').pluck().all())).toEqual([JSON.stringify(definition)]);
  });

  it('keeps secrets sealed at rest, in the sync and in its jobs', async () => {
    const { sync_id } = await storage.createSync(definition, 'active', { token: 'plain-secret' });
    await runJob(sync_id);
    const stored = inspect((db) => db.prepare('SELECT sealed_secrets FROM syncs UNION ALL SELECT sealed_secrets FROM jobs').pluck().all());
    expect(stored).toHaveLength(2);
    for (const sealed of stored) expect(String(sealed)).toMatch(/^v1:/);
    expect(JSON.stringify(stored)).not.toContain('plain-secret');
  });

  it('prepares every statement when it opens, and lists jobs with their webhooks in one query', async () => {
    const { sync_id } = await storage.createSync(definition, 'active', { token: 't' });
    for (let i = 0; i < 100; i += 1) {
      const job = await runJob(sync_id);
      await storage.createWebhookDelivery(job.job_id, 'http://example.test/hook');
    }
    type StatementMethods = Record<'get' | 'all' | 'iterate', () => unknown>;
    const statement = Object.getPrototypeOf(inspect((db) => db.prepare('SELECT 1'))) as StatementMethods;
    const prepare = vi.spyOn(Database.prototype, 'prepare');
    const reads = (['get', 'all', 'iterate'] as const).map((method) => vi.spyOn(statement, method));
    try {
      expect(await storage.listJobs(sync_id, { limit: 100 })).toHaveLength(100);
      expect(reads.map((read) => read.mock.calls.length)).toEqual([0, 1, 0]);

      const job = await storage.startJob({ syncId: sync_id, workflowId: 'w', runId: 'run-last' });
      const jobId = job?.job_id ?? 0;
      await storage.upsertRecords(sync_id, jobId, [{ key: 'a', json: JSON.stringify({ v: 1 }) }]);
      await storage.upsertRecords(sync_id, jobId, [{ key: 'a', json: JSON.stringify({ v: 2 }) }]);
      await storage.recordJobProgress(jobId, { fetched: 1, pages: 1 });
      await storage.getJobPlan(jobId);
      await storage.finishJob(jobId, succeeded);
      for (const filter of [undefined, 'added', 'updated', 'deleted'] as const) {
        await storage.listRecords(sync_id, { limit: 10, filter });
        await storage.listRecords(sync_id, { limit: 10, filter, modifiedAfter: '2020-01-01T00:00:00Z' });
      }
      const deliveryId = await storage.createWebhookDelivery(jobId, 'http://example.test/hook');
      await storage.recordWebhookAttempt(deliveryId, { status: 'delivered', statusCode: 200, error: null });
      await storage.latestJobs([sync_id]);
      await storage.runningJobs();
      await storage.listSyncs({ limit: 10, status: 'active' });
      await storage.getSyncSecrets(sync_id);
      await storage.setPendingTrigger(sync_id, 'manual');
      await storage.setNextRunAt(sync_id, new Date(), new Date());
      await storage.setSyncStatus(sync_id, 'paused');
      await storage.updateSync(sync_id, { ...definition, max_total: 3 }, null, definition);
      await storage.deleteSync(sync_id);
      expect(prepare).not.toHaveBeenCalled();
    } finally {
      vi.restoreAllMocks();
    }
  });
});
