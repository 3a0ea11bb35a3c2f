import { mkdirSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import type { Job, JobStatus, JobTrigger } from '../contracts/job.js';
import type { SyncStatus } from '../contracts/sync.js';
import type { SyncDefinition } from '../contracts/sync-definition.js';
import { contentHash } from './canonical-json.js';
import { migrations } from './migrations.js';
import type { IncomingRecord, JobEnd, JobProgress, KeysetPage, Storage, StoredRecord, StoredSync } from './storage.js';

interface SyncRow {
  sync_id: number;
  definition: string;
  status: SyncStatus;
  created_at: string;
  updated_at: string;
}

interface JobRow {
  job_id: number;
  sync_id: number;
  workflow_id: string;
  status: JobStatus;
  trigger: JobTrigger;
  started_at: string;
  ended_at: string | null;
  created: number;
  updated: number;
  unchanged: number;
  fetched: number;
  pages: number;
  error: string | null;
}

interface RecordRow {
  id: number;
  record_key: string;
  data: string;
  created_at: string;
  updated_at: string;
}

type JobChange = 'created' | 'updated' | 'unchanged';

const now = (): string => new Date().toISOString();

const toSync = (row: SyncRow): StoredSync => ({
  sync_id: row.sync_id,
  definition: JSON.parse(row.definition) as SyncDefinition,
  status: row.status,
  created_at: row.created_at,
  updated_at: row.updated_at,
});

const toJob = (row: JobRow): Job => ({
  job_id: row.job_id,
  sync_id: row.sync_id,
  status: row.status,
  trigger: row.trigger,
  started_at: row.started_at,
  ended_at: row.ended_at,
  records: { created: row.created, updated: row.updated, unchanged: row.unchanged, fetched: row.fetched },
  pages: row.pages,
  error: row.error,
  workflow_id: row.workflow_id,
});

const toRecord = (row: RecordRow): StoredRecord => ({
  id: row.id,
  key: row.record_key,
  data: JSON.parse(row.data) as unknown,
  created_at: row.created_at,
  updated_at: row.updated_at,
});

export interface SqliteStorageOptions {
  /** Database file; created with its folder when missing. */
  file: string;
  /** First sync id of a fresh database, so several installs can share one Temporal namespace. */
  firstSyncId?: number;
}

/** The embedded default: one SQLite file, WAL mode so the API and workers can share it. */
export class SqliteStorage implements Storage {
  private readonly db: Database.Database;

  constructor(options: SqliteStorageOptions) {
    mkdirSync(path.dirname(options.file), { recursive: true });
    this.db = new Database(options.file);
    this.db.pragma('journal_mode = WAL');
    this.db.pragma('busy_timeout = 5000');
    this.db.pragma('foreign_keys = ON');
    this.migrate(options.firstSyncId ?? 1);
  }

  private migrate(firstSyncId: number): void {
    const applied = this.db.pragma('user_version', { simple: true }) as number;
    const pending = migrations.slice(applied);
    if (pending.length === 0) return;
    this.db.transaction(() => {
      for (const sql of pending) this.db.exec(sql);
      if (applied === 0 && firstSyncId > 1) {
        this.db.prepare(`INSERT INTO sqlite_sequence (name, seq) VALUES ('syncs', ?)`).run(firstSyncId - 1);
      }
      this.db.pragma(`user_version = ${migrations.length}`);
    })();
  }

  async createSync(definition: SyncDefinition, status: SyncStatus): Promise<StoredSync> {
    const at = now();
    const row = this.db
      .prepare(`INSERT INTO syncs (definition, status, created_at, updated_at) VALUES (?, ?, ?, ?) RETURNING *`)
      .get(JSON.stringify(definition), status, at, at) as SyncRow;
    return toSync(row);
  }

  async deleteSync(syncId: number): Promise<void> {
    this.db.prepare(`DELETE FROM syncs WHERE sync_id = ?`).run(syncId);
  }

  async getSync(syncId: number): Promise<StoredSync | null> {
    const row = this.db.prepare(`SELECT * FROM syncs WHERE sync_id = ?`).get(syncId) as SyncRow | undefined;
    return row ? toSync(row) : null;
  }

  async listSyncs(filter: { status?: SyncStatus } & KeysetPage): Promise<StoredSync[]> {
    const rows = this.db
      .prepare(
        `SELECT * FROM syncs WHERE (@status IS NULL OR status = @status) AND sync_id > @after
         ORDER BY sync_id LIMIT @limit`,
      )
      .all({ status: filter.status ?? null, after: filter.after ?? 0, limit: filter.limit }) as SyncRow[];
    return rows.map(toSync);
  }

  async setSyncStatus(syncId: number, status: SyncStatus): Promise<void> {
    this.db.prepare(`UPDATE syncs SET status = ?, updated_at = ? WHERE sync_id = ?`).run(status, now(), syncId);
  }

  async setPendingTrigger(syncId: number, trigger: JobTrigger): Promise<void> {
    this.db.prepare(`UPDATE syncs SET pending_trigger = ? WHERE sync_id = ?`).run(trigger, syncId);
  }

  async startJob(run: { syncId: number; workflowId: string; runId: string }): Promise<Job | null> {
    return this.db.transaction((): Job | null => {
      const existing = this.db.prepare(`SELECT * FROM jobs WHERE run_id = ?`).get(run.runId) as JobRow | undefined;
      if (existing) return toJob(existing);
      const sync = this.db
        .prepare(`SELECT status, pending_trigger FROM syncs WHERE sync_id = ?`)
        .get(run.syncId) as { status: SyncStatus; pending_trigger: JobTrigger | null } | undefined;
      if (!sync || sync.status === 'cancelled') return null;
      this.db.prepare(`UPDATE syncs SET pending_trigger = NULL WHERE sync_id = ?`).run(run.syncId);
      const row = this.db
        .prepare(
          `INSERT INTO jobs (sync_id, workflow_id, run_id, status, trigger, started_at)
           VALUES (?, ?, ?, 'running', ?, ?) RETURNING *`,
        )
        .get(run.syncId, run.workflowId, run.runId, sync.pending_trigger ?? 'schedule', now()) as JobRow;
      return toJob(row);
    }).immediate();
  }

  async recordJobProgress(jobId: number, progress: JobProgress): Promise<void> {
    this.db
      .prepare(`UPDATE jobs SET fetched = @fetched, pages = @pages WHERE job_id = @job_id AND status = 'running'`)
      .run({ ...progress, job_id: jobId });
  }

  async finishJob(jobId: number, end: JobEnd): Promise<Job> {
    return this.db.transaction((): Job => {
      const job = this.db.prepare(`SELECT * FROM jobs WHERE job_id = ?`).get(jobId) as JobRow | undefined;
      if (!job) throw new Error(`job ${jobId} does not exist`);
      if (job.status !== 'running') return toJob(job);
      const counts = { created: 0, updated: 0, unchanged: 0 };
      const rows = this.db
        .prepare(`SELECT job_change, count(*) AS n FROM records WHERE sync_id = ? AND seen_job_id = ? GROUP BY job_change`)
        .all(job.sync_id, jobId) as { job_change: JobChange; n: number }[];
      for (const row of rows) counts[row.job_change] = row.n;
      const finished = this.db
        .prepare(
          `UPDATE jobs SET status = @status, ended_at = @ended_at, created = @created, updated = @updated,
             unchanged = @unchanged, error = @error
           WHERE job_id = @job_id RETURNING *`,
        )
        .get({ ...counts, ...end, ended_at: now(), job_id: jobId }) as JobRow;
      return toJob(finished);
    }).immediate();
  }

  async getJob(jobId: number): Promise<Job | null> {
    const row = this.db.prepare(`SELECT * FROM jobs WHERE job_id = ?`).get(jobId) as JobRow | undefined;
    return row ? toJob(row) : null;
  }

  async listJobs(syncId: number, page: KeysetPage): Promise<Job[]> {
    const rows = this.db
      .prepare(`SELECT * FROM jobs WHERE sync_id = ? AND job_id < ? ORDER BY job_id DESC LIMIT ?`)
      .all(syncId, page.after ?? Number.MAX_SAFE_INTEGER, page.limit) as JobRow[];
    return rows.map(toJob);
  }

  async runningJobs(): Promise<Job[]> {
    const rows = this.db.prepare(`SELECT * FROM jobs WHERE status = 'running' ORDER BY job_id`).all() as JobRow[];
    return rows.map(toJob);
  }

  async upsertRecords(syncId: number, jobId: number, records: IncomingRecord[]): Promise<void> {
    const find = this.db.prepare(`SELECT content_hash, seen_job_id FROM records WHERE sync_id = ? AND record_key = ?`);
    const insert = this.db.prepare(
      `INSERT INTO records (sync_id, record_key, data, content_hash, seen_job_id, job_change, created_at, updated_at)
       VALUES (@sync_id, @key, @data, @hash, @job_id, 'created', @at, @at)`,
    );
    const touch = this.db.prepare(
      `UPDATE records SET seen_job_id = @job_id, job_change = 'unchanged' WHERE sync_id = @sync_id AND record_key = @key`,
    );
    const change = this.db.prepare(
      `UPDATE records SET data = @data, content_hash = @hash, updated_at = @at,
         job_change = CASE WHEN seen_job_id = @job_id AND job_change = 'created' THEN 'created' ELSE 'updated' END,
         seen_job_id = @job_id
       WHERE sync_id = @sync_id AND record_key = @key`,
    );
    this.db.transaction(() => {
      const at = now();
      for (const record of records) {
        const data = JSON.stringify(record.data);
        const hash = contentHash(record.data);
        const params = { sync_id: syncId, key: record.key, data, hash, job_id: jobId, at };
        const existing = find.get(syncId, record.key) as { content_hash: string; seen_job_id: number } | undefined;
        if (!existing) insert.run(params);
        else if (existing.content_hash !== hash) change.run(params);
        else if (existing.seen_job_id !== jobId) touch.run(params);
      }
    })();
  }

  async listRecords(syncId: number, page: KeysetPage): Promise<StoredRecord[]> {
    const rows = this.db
      .prepare(`SELECT id, record_key, data, created_at, updated_at FROM records WHERE sync_id = ? AND id > ? ORDER BY id LIMIT ?`)
      .all(syncId, page.after ?? 0, page.limit) as RecordRow[];
    return rows.map(toRecord);
  }

  async countRecords(syncId: number): Promise<number> {
    const row = this.db.prepare(`SELECT count(*) AS n FROM records WHERE sync_id = ?`).get(syncId) as { n: number };
    return row.n;
  }

  async close(): Promise<void> {
    this.db.close();
  }
}
