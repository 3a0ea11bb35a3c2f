import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, describe, expect, inject, it } from 'vitest';
import { createSyncSchema, toSyncDefinition } from '../../src/contracts/sync-definition.js';
import { PostgresStorage } from '../../src/storage/postgres/postgres-storage.js';
import { SecretBox } from '../../src/storage/secret-box.js';
import { SqliteStorage } from '../../src/storage/sqlite/sqlite-storage.js';
import type { Storage, StorageOptions } from '../../src/storage/storage.js';
import { createDatabase } from '../helpers/postgres-cluster.js';

const { definition } = toSyncDefinition(createSyncSchema.parse({ url: 'http://example.test/items', unique_key: 'id' }));
const incremental = { ...definition, incremental: { cursor_path: 'updated', param: 'since' } };
const succeeded = { status: 'succeeded', error: null } as const;
const failed = { status: 'failed', error: { class: 'internal', code: 'internal_error', message: 'boom' } } as const;
const NOW = new Date('2026-01-31T12:00:00.000Z');
const postgresUrl = inject('postgresUrl');
const dirs: string[] = [];

afterAll(async () => {
  await Promise.all(dirs.map((dir) => rm(dir, { recursive: true, force: true })));
});

type Open = (options: StorageOptions) => Promise<Storage>;

const engines: [string, Open | undefined][] = [
  [
    'SqliteStorage',
    async (options) => {
      const dir = await mkdtemp(path.join(tmpdir(), 'syncd-cursor-'));
      dirs.push(dir);
      return new SqliteStorage({ file: path.join(dir, 'syncd.db'), ...options });
    },
  ],
  [
    'PostgresStorage',
    postgresUrl === undefined
      ? undefined
      : async (options) => PostgresStorage.open({ connectionString: await createDatabase(postgresUrl), poolSize: 4, ...options }),
  ],
];

for (const [engine, open] of engines) {
  describe.skipIf(open === undefined)(`${engine}: the incremental cursor's state`, () => {
    const opened: Storage[] = [];
    let run = 0;

    async function fresh(): Promise<Storage> {
      const storage = await open!({ secretBox: new SecretBox(randomBytes(32)), clock: () => NOW });
      opened.push(storage);
      return storage;
    }

    afterEach(async () => {
      await Promise.all(opened.splice(0).map((storage) => storage.close()));
    });

    async function startJob(storage: Storage, syncId: number) {
      run += 1;
      const job = await storage.startJob({ syncId, workflowId: `sync-${syncId}-job-${run}`, runId: `cursor-run-${run}` });
      if (job === null) throw new Error('expected a job');
      return job;
    }

    async function runJob(storage: Storage, syncId: number, cursorMax: unknown, end: typeof succeeded | typeof failed = succeeded) {
      const job = await startJob(storage, syncId);
      await storage.recordJobProgress(job.job_id, { fetched: 1, pages: 1, cursor_max: cursorMax });
      await storage.finishJob(job.job_id, end);
      return job;
    }

    it('shows no cursor at first, then the job that set it and when', async () => {
      const storage = await fresh();
      const { sync_id } = await storage.createSync(incremental, 'active', null);
      expect(await storage.getCursorState(sync_id)).toEqual({ sync_id, cursor: null, set_at: null, set_by_job_id: null, source: null });
      const job = await runJob(storage, sync_id, '2026-01-02T00:00:00Z');
      expect(await storage.getCursorState(sync_id)).toEqual({
        sync_id,
        cursor: '2026-01-02T00:00:00Z',
        set_at: NOW.toISOString(),
        set_by_job_id: job.job_id,
        source: 'job',
      });
      expect(await storage.getCursorState(sync_id + 1000)).toBeNull();
    });

    it('a cursor set by a user is what the next job starts from; cleared, the next job is full', async () => {
      const storage = await fresh();
      const { sync_id } = await storage.createSync(incremental, 'paused', null);
      await runJob(storage, sync_id, 9);
      expect(await storage.setCursorByUser(sync_id, 3)).toEqual({
        changed: true,
        state: { sync_id, cursor: 3, set_at: NOW.toISOString(), set_by_job_id: null, source: 'api' },
      });
      const rewound = await startJob(storage, sync_id);
      expect(await storage.getJobPlan(rewound.job_id)).toMatchObject({ mode: 'incremental', cursor: 3 });
      await storage.finishJob(rewound.job_id, failed);

      expect(await storage.setCursorByUser(sync_id, null)).toMatchObject({ changed: true, state: { cursor: null, source: 'api' } });
      const full = await startJob(storage, sync_id);
      expect(await storage.getJobPlan(full.job_id)).toMatchObject({ mode: 'full', cursor: null });
    });

    it('refuses a change while a job of the sync runs, and takes it once the job has ended', async () => {
      const storage = await fresh();
      const { sync_id } = await storage.createSync(incremental, 'active', null);
      await runJob(storage, sync_id, 5);
      const running = await startJob(storage, sync_id);
      expect(await storage.setCursorByUser(sync_id, 1)).toEqual({ changed: false, refused: 'job_running', job_id: running.job_id });
      expect(await storage.setCursorByUser(sync_id, null)).toEqual({ changed: false, refused: 'job_running', job_id: running.job_id });
      await storage.recordJobProgress(running.job_id, { fetched: 1, pages: 1, cursor_max: 8 });
      await storage.finishJob(running.job_id, succeeded);
      expect(await storage.getCursorState(sync_id)).toMatchObject({ cursor: 8, source: 'job', set_by_job_id: running.job_id });
      expect(await storage.setCursorByUser(sync_id, 1)).toMatchObject({ changed: true, state: { cursor: 1, source: 'api' } });
    });

    it('refuses a change of a cancelled or missing sync', async () => {
      const storage = await fresh();
      const { sync_id } = await storage.createSync(incremental, 'cancelled', null);
      expect(await storage.setCursorByUser(sync_id, 1)).toEqual({ changed: false, refused: 'cancelled' });
      expect(await storage.setCursorByUser(sync_id + 1000, 1)).toEqual({ changed: false, refused: 'not_found' });
    });

    it('a job racing a change either opened first (the change is refused) or starts from the new cursor', async () => {
      const storage = await fresh();
      const { sync_id } = await storage.createSync(incremental, 'active', null);
      await runJob(storage, sync_id, 100);
      for (let round = 1; round <= 20; round += 1) {
        const [job, change] = await Promise.all([startJob(storage, sync_id), storage.setCursorByUser(sync_id, round)]);
        const plan = await storage.getJobPlan(job.job_id);
        if (change.changed) {
          expect(plan.cursor).toBe(round);
        } else {
          expect(change).toEqual({ changed: false, refused: 'job_running', job_id: job.job_id });
          expect(plan.cursor).not.toBe(round);
        }
        await storage.finishJob(job.job_id, failed);
      }
    });

    it('a job keeps the cursor a user set ahead of every record it saw, and moves a rewound one up to its records', async () => {
      const storage = await fresh();
      const { sync_id } = await storage.createSync(incremental, 'paused', null);
      await runJob(storage, sync_id, '2026-01-05T00:00:00Z');
      await storage.setCursorByUser(sync_id, '2027-01-01T00:00:00Z');
      // The API returned nothing newer than the cursor sent: no cursor seen, nothing moves.
      await runJob(storage, sync_id, null);
      expect(await storage.getCursorState(sync_id)).toMatchObject({ cursor: '2027-01-01T00:00:00Z', source: 'api' });
      await storage.setCursorByUser(sync_id, '2026-01-01T00:00:00Z');
      const rewound = await runJob(storage, sync_id, '2026-01-05T00:00:00Z');
      expect(await storage.getCursorState(sync_id)).toMatchObject({
        cursor: '2026-01-05T00:00:00Z',
        source: 'job',
        set_by_job_id: rewound.job_id,
      });
    });

    it('an incremental job whose records are all older than the stored cursor leaves it, and who set it, as they were', async () => {
      const storage = await fresh();
      const { sync_id } = await storage.createSync(incremental, 'active', null);
      const first = await runJob(storage, sync_id, 50);
      await runJob(storage, sync_id, 45);
      expect(await storage.getCursorState(sync_id)).toMatchObject({ cursor: 50, source: 'job', set_by_job_id: first.job_id });
    });
  });
}
