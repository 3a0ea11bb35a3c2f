import { mkdirSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import type { AuthSecrets } from '../contracts/auth.js';
import type { Job, JobMode, JobStatus, JobTrigger, WebhookDelivery } from '../contracts/job.js';
import type { SyncStatus } from '../contracts/sync.js';
import type { SyncDefinition } from '../contracts/sync-definition.js';
import { sameContent, textHash } from './canonical-json.js';
import { migrations } from './migrations.js';
import type { SecretBox } from './secret-box.js';
import type {
  IncomingRecord,
  JobEnd,
  JobPlan,
  JobProgress,
  KeysetPage,
  RecordQuery,
  Storage,
  StoredRecord,
  StoredSync,
  WebhookAttempt,
} from './storage.js';

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
  run_id: string;
  status: JobStatus;
  trigger: JobTrigger;
  mode: JobMode;
  started_at: string;
  ended_at: string | null;
  created: number;
  updated: number;
  unchanged: number;
  deleted: number;
  fetched: number;
  pages: number;
  max_total_reached: number;
  cursor_sent: string | null;
  cursor_max: string | null;
  error: string | null;
  definition: string;
  sealed_secrets: string | null;
}

interface RecordRow {
  id: number;
  record_key: string;
  data: string;
  created_at: string;
  updated_at: string;
  deleted_at: string | null;
}

type JobChange = 'created' | 'updated' | 'unchanged';

const now = (): string => new Date().toISOString();
const fromJson = (text: string | null): unknown => (text === null ? null : (JSON.parse(text) as unknown));

const toSync = (row: SyncRow): StoredSync => ({
  sync_id: row.sync_id,
  definition: JSON.parse(row.definition) as SyncDefinition,
  status: row.status,
  created_at: row.created_at,
  updated_at: row.updated_at,
});

const toRecord = (row: RecordRow): StoredRecord => ({
  id: row.id,
  key: row.record_key,
  data: JSON.parse(row.data) as unknown,
  created_at: row.created_at,
  updated_at: row.updated_at,
  deleted_at: row.deleted_at,
});

export interface SqliteStorageOptions {
  /** Database file; created with its folder when missing. */
  file: string;
  /** Encrypts auth secrets at rest. */
  secretBox: SecretBox;
  /** First sync id of a fresh database, so several installs can share one Temporal namespace. */
  firstSyncId?: number;
}

/** The embedded default: one SQLite file, WAL mode so the API and workers can share it. */
export class SqliteStorage implements Storage {
  private readonly db: Database.Database;
  private readonly secretBox: SecretBox;
  private readonly statements;

  constructor(options: SqliteStorageOptions) {
    mkdirSync(path.dirname(options.file), { recursive: true });
    this.db = new Database(options.file);
    this.db.pragma('journal_mode = WAL');
    this.db.pragma('synchronous = NORMAL');
    this.db.pragma('busy_timeout = 5000');
    this.db.pragma('foreign_keys = ON');
    this.secretBox = options.secretBox;
    this.migrate(options.firstSyncId ?? 1);
    this.statements = {
      findRecord: this.db.prepare(`SELECT content_hash, seen_job_id, deleted_at FROM records WHERE sync_id = ? AND record_key = ?`),
      insertRecord: this.db.prepare(
        `INSERT INTO records (sync_id, record_key, data, content_hash, seen_job_id, job_change, created_at, updated_at, modified_at)
         VALUES (@sync_id, @key, @data, @hash, @job_id, 'created', @at, @at, @at)`,
      ),
      touchRecord: this.db.prepare(
        `UPDATE records SET seen_job_id = @job_id, job_change = 'unchanged' WHERE sync_id = @sync_id AND record_key = @key`,
      ),
      storedData: this.db.prepare(`SELECT data FROM records WHERE sync_id = ? AND record_key = ?`),
      /** Same content in another key order: keep the new text, count it unchanged (unless already counted this job). */
      reorderRecord: this.db.prepare(
        `UPDATE records SET data = @data, content_hash = @hash,
           job_change = CASE WHEN seen_job_id = @job_id THEN job_change ELSE 'unchanged' END, seen_job_id = @job_id
         WHERE sync_id = @sync_id AND record_key = @key`,
      ),
      changeRecord: this.db.prepare(
        `UPDATE records SET data = @data, content_hash = @hash, updated_at = @at, modified_at = @at, deleted_at = NULL,
           job_change = CASE WHEN seen_job_id = @job_id AND job_change = 'created' THEN 'created' ELSE 'updated' END,
           seen_job_id = @job_id
         WHERE sync_id = @sync_id AND record_key = @key`,
      ),
      job: this.db.prepare(`SELECT * FROM jobs WHERE job_id = ?`),
      latestDelivery: this.db.prepare(
        `SELECT delivery_id, url, status, attempts, last_status_code, last_error, updated_at
         FROM webhook_deliveries WHERE job_id = ? ORDER BY delivery_id DESC LIMIT 1`,
      ),
    };
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

  private toJob(row: JobRow): Job {
    const delivery = this.statements.latestDelivery.get(row.job_id) as WebhookDelivery | undefined;
    return {
      job_id: row.job_id,
      sync_id: row.sync_id,
      status: row.status,
      trigger: row.trigger,
      mode: row.mode,
      started_at: row.started_at,
      ended_at: row.ended_at,
      records: { created: row.created, updated: row.updated, unchanged: row.unchanged, deleted: row.deleted, fetched: row.fetched },
      pages: row.pages,
      max_total_reached: row.max_total_reached === 1,
      error: row.error,
      workflow_id: row.workflow_id,
      run_id: row.run_id,
      webhook: delivery ?? null,
    };
  }

  private open(sealed: string | null): AuthSecrets | null {
    return sealed === null ? null : (JSON.parse(this.secretBox.open(sealed)) as AuthSecrets);
  }

  private seal(secrets: AuthSecrets | null): string | null {
    return secrets === null ? null : this.secretBox.seal(JSON.stringify(secrets));
  }

  async createSync(definition: SyncDefinition, status: SyncStatus, secrets: AuthSecrets | null): Promise<StoredSync> {
    const at = now();
    const row = this.db
      .prepare(`INSERT INTO syncs (definition, status, sealed_secrets, created_at, updated_at) VALUES (?, ?, ?, ?, ?) RETURNING *`)
      .get(JSON.stringify(definition), status, this.seal(secrets), at, at) as SyncRow;
    return toSync(row);
  }

  async updateSync(syncId: number, definition: SyncDefinition, secrets: AuthSecrets | null | undefined): Promise<StoredSync> {
    const keepSecrets = secrets === undefined;
    const row = this.db
      .prepare(
        `UPDATE syncs SET definition = @definition, updated_at = @at,
           sealed_secrets = CASE WHEN @keep THEN sealed_secrets ELSE @sealed END
         WHERE sync_id = @sync_id RETURNING *`,
      )
      .get({ definition: JSON.stringify(definition), at: now(), keep: keepSecrets ? 1 : 0, sealed: keepSecrets ? null : this.seal(secrets), sync_id: syncId }) as
      | SyncRow
      | undefined;
    if (!row) throw new Error(`sync ${syncId} does not exist`);
    return toSync(row);
  }

  async deleteSync(syncId: number): Promise<void> {
    this.db.prepare(`DELETE FROM syncs WHERE sync_id = ?`).run(syncId);
  }

  async getSync(syncId: number): Promise<StoredSync | null> {
    const row = this.db.prepare(`SELECT * FROM syncs WHERE sync_id = ?`).get(syncId) as SyncRow | undefined;
    return row ? toSync(row) : null;
  }

  async getSyncSecrets(syncId: number): Promise<AuthSecrets | null> {
    const row = this.db.prepare(`SELECT sealed_secrets FROM syncs WHERE sync_id = ?`).get(syncId) as { sealed_secrets: string | null } | undefined;
    return this.open(row?.sealed_secrets ?? null);
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

  async setPendingTrigger(syncId: number, trigger: JobTrigger, options: { clearRecords?: boolean } = {}): Promise<void> {
    this.db
      .prepare(`UPDATE syncs SET pending_trigger = ?, pending_clear_records = ? WHERE sync_id = ?`)
      .run(trigger, options.clearRecords ? 1 : 0, syncId);
  }

  async startJob(run: { syncId: number; workflowId: string; runId: string }): Promise<Job | null> {
    return this.db.transaction((): Job | null => {
      const existing = this.db.prepare(`SELECT * FROM jobs WHERE run_id = ?`).get(run.runId) as JobRow | undefined;
      if (existing) return this.toJob(existing);
      const sync = this.db
        .prepare(`SELECT status, definition, sealed_secrets, pending_trigger, pending_clear_records, incremental_cursor FROM syncs WHERE sync_id = ?`)
        .get(run.syncId) as
        | {
            status: SyncStatus;
            definition: string;
            sealed_secrets: string | null;
            pending_trigger: JobTrigger | null;
            pending_clear_records: number;
            incremental_cursor: string | null;
          }
        | undefined;
      if (!sync || sync.status === 'cancelled') return null;
      const trigger = sync.pending_trigger ?? 'schedule';
      this.db.prepare(`UPDATE syncs SET pending_trigger = NULL, pending_clear_records = 0 WHERE sync_id = ?`).run(run.syncId);
      if (trigger === 'resync' && sync.pending_clear_records === 1) {
        this.db.prepare(`DELETE FROM records WHERE sync_id = ?`).run(run.syncId);
      }
      const { incremental } = JSON.parse(sync.definition) as SyncDefinition;
      const incrementalRun = incremental !== undefined && trigger !== 'resync' && sync.incremental_cursor !== null;
      const row = this.db
        .prepare(
          `INSERT INTO jobs (sync_id, workflow_id, run_id, status, trigger, mode, cursor_sent, definition, sealed_secrets, started_at)
           VALUES (@sync_id, @workflow_id, @run_id, 'running', @trigger, @mode, @cursor_sent, @definition, @sealed_secrets, @started_at) RETURNING *`,
        )
        .get({
          sync_id: run.syncId,
          workflow_id: run.workflowId,
          run_id: run.runId,
          trigger,
          mode: incrementalRun ? 'incremental' : 'full',
          cursor_sent: incrementalRun ? sync.incremental_cursor : null,
          definition: sync.definition,
          sealed_secrets: sync.sealed_secrets,
          started_at: now(),
        }) as JobRow;
      return this.toJob(row);
    }).immediate();
  }

  async getJobPlan(jobId: number): Promise<JobPlan> {
    const row = this.statements.job.get(jobId) as JobRow | undefined;
    if (!row) throw new Error(`job ${jobId} does not exist`);
    return {
      mode: row.mode,
      cursor: fromJson(row.cursor_sent),
      definition: JSON.parse(row.definition) as SyncDefinition,
      secrets: this.open(row.sealed_secrets),
    };
  }

  async recordJobProgress(jobId: number, progress: JobProgress): Promise<void> {
    this.db
      .prepare(
        `UPDATE jobs SET fetched = @fetched, pages = @pages, cursor_max = @cursor_max, max_total_reached = @max_total_reached
         WHERE job_id = @job_id AND status = 'running'`,
      )
      .run({
        fetched: progress.fetched,
        pages: progress.pages,
        cursor_max: progress.cursor_max === undefined || progress.cursor_max === null ? null : JSON.stringify(progress.cursor_max),
        max_total_reached: progress.max_total_reached ? 1 : 0,
        job_id: jobId,
      });
  }

  async finishJob(jobId: number, end: JobEnd): Promise<Job> {
    return this.db.transaction((): Job => {
      const job = this.statements.job.get(jobId) as JobRow | undefined;
      if (!job) throw new Error(`job ${jobId} does not exist`);
      if (job.status !== 'running') return this.toJob(job);
      const definition = JSON.parse(job.definition) as SyncDefinition;
      const at = now();
      const counts = { created: 0, updated: 0, unchanged: 0, deleted: 0 };
      const rows = this.db
        .prepare(`SELECT job_change, count(*) AS n FROM records WHERE sync_id = ? AND seen_job_id = ? GROUP BY job_change`)
        .all(job.sync_id, jobId) as { job_change: JobChange; n: number }[];
      for (const row of rows) counts[row.job_change] = row.n;
      const sawEverything = end.status === 'succeeded' && job.mode === 'full' && job.max_total_reached === 0;
      if (sawEverything) {
        counts.deleted = definition.soft_delete
          ? this.db
              .prepare(`UPDATE records SET deleted_at = ?, modified_at = ? WHERE sync_id = ? AND seen_job_id != ? AND deleted_at IS NULL`)
              .run(at, at, job.sync_id, jobId).changes
          : this.db.prepare(`DELETE FROM records WHERE sync_id = ? AND seen_job_id != ?`).run(job.sync_id, jobId).changes;
      }
      if (end.status === 'succeeded' && definition.incremental && job.cursor_max !== null) {
        this.db.prepare(`UPDATE syncs SET incremental_cursor = ? WHERE sync_id = ?`).run(job.cursor_max, job.sync_id);
      }
      const finished = this.db
        .prepare(
          `UPDATE jobs SET status = @status, ended_at = @ended_at, created = @created, updated = @updated,
             unchanged = @unchanged, deleted = @deleted, error = @error
           WHERE job_id = @job_id RETURNING *`,
        )
        .get({ ...counts, ...end, ended_at: at, job_id: jobId }) as JobRow;
      return this.toJob(finished);
    }).immediate();
  }

  async getJob(jobId: number): Promise<Job | null> {
    const row = this.statements.job.get(jobId) as JobRow | undefined;
    return row ? this.toJob(row) : null;
  }

  async listJobs(syncId: number, page: KeysetPage): Promise<Job[]> {
    const rows = this.db
      .prepare(`SELECT * FROM jobs WHERE sync_id = ? AND job_id < ? ORDER BY job_id DESC LIMIT ?`)
      .all(syncId, page.after ?? Number.MAX_SAFE_INTEGER, page.limit) as JobRow[];
    return rows.map((row) => this.toJob(row));
  }

  async runningJobs(): Promise<Job[]> {
    const rows = this.db.prepare(`SELECT * FROM jobs WHERE status = 'running' ORDER BY job_id`).all() as JobRow[];
    return rows.map((row) => this.toJob(row));
  }

  async upsertRecords(syncId: number, jobId: number, records: IncomingRecord[]): Promise<void> {
    const { findRecord, insertRecord, touchRecord, storedData, reorderRecord, changeRecord } = this.statements;
    this.db.transaction(() => {
      const at = now();
      for (const record of records) {
        const data = JSON.stringify(record.data);
        const hash = textHash(data);
        const existing = findRecord.get(syncId, record.key) as { content_hash: string; seen_job_id: number; deleted_at: string | null } | undefined;
        const params = { sync_id: syncId, key: record.key, data, hash, job_id: jobId, at };
        if (!existing) {
          insertRecord.run(params);
        } else if (existing.deleted_at !== null) {
          changeRecord.run(params);
        } else if (existing.content_hash === hash) {
          if (existing.seen_job_id !== jobId) touchRecord.run(params);
        } else {
          const stored = storedData.get(syncId, record.key) as { data: string };
          if (sameContent(JSON.parse(stored.data), record.data)) reorderRecord.run(params);
          else changeRecord.run(params);
        }
      }
    })();
  }

  async listRecords(syncId: number, query: RecordQuery): Promise<StoredRecord[]> {
    const where = ['sync_id = @sync_id', 'id > @after'];
    if (query.filter === 'deleted') where.push('deleted_at IS NOT NULL');
    else where.push('deleted_at IS NULL');
    if (query.filter === 'updated') where.push('updated_at > created_at');
    if (query.modifiedAfter !== undefined) {
      const column = query.filter === 'added' ? 'created_at' : query.filter === 'deleted' ? 'deleted_at' : query.filter === 'updated' ? 'updated_at' : 'modified_at';
      where.push(`${column} > @modified_after`);
    }
    const rows = this.db
      .prepare(`SELECT id, record_key, data, created_at, updated_at, deleted_at FROM records WHERE ${where.join(' AND ')} ORDER BY id LIMIT @limit`)
      .all({
        sync_id: syncId,
        after: query.after ?? 0,
        limit: query.limit,
        modified_after: query.modifiedAfter === undefined ? null : new Date(query.modifiedAfter).toISOString(),
      }) as RecordRow[];
    return rows.map(toRecord);
  }

  async countRecords(syncId: number): Promise<number> {
    const row = this.db.prepare(`SELECT count(*) AS n FROM records WHERE sync_id = ? AND deleted_at IS NULL`).get(syncId) as { n: number };
    return row.n;
  }

  async createWebhookDelivery(jobId: number, url: string): Promise<number> {
    const at = now();
    const row = this.db
      .prepare(`INSERT INTO webhook_deliveries (job_id, url, status, created_at, updated_at) VALUES (?, ?, 'pending', ?, ?) RETURNING delivery_id`)
      .get(jobId, url, at, at) as { delivery_id: number };
    return row.delivery_id;
  }

  async recordWebhookAttempt(deliveryId: number, attempt: WebhookAttempt): Promise<void> {
    this.db
      .prepare(
        `UPDATE webhook_deliveries SET status = ?, attempts = attempts + 1, last_status_code = ?, last_error = ?, updated_at = ?
         WHERE delivery_id = ?`,
      )
      .run(attempt.status, attempt.statusCode, attempt.error, now(), deliveryId);
  }

  async close(): Promise<void> {
    this.db.close();
  }
}
