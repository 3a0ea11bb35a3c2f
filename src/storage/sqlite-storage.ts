import Database from 'better-sqlite3';
import type { AuthSecrets } from '../contracts/auth.js';
import type { Job, JobMode, JobStatus, JobTrigger, WebhookDelivery } from '../contracts/job.js';
import type { SyncStatus } from '../contracts/sync.js';
import type { SyncDefinition } from '../contracts/sync-definition.js';
import { sameContent, textHash } from './canonical-json.js';
import { migrations } from './migrations.js';
import { preparePrivateDatabaseFile } from './private-file.js';
import type { SecretBox } from './secret-box.js';
import { JOB_LISTING_SQL, LATEST_JOBS_SQL, recordListing, SYNC_LISTING_SQL } from './sqlite-queries.js';
import { collectDefinitions, pruneJobs } from './sqlite-retention.js';
import type {
  IncomingRecord,
  JobEnd,
  JobPlan,
  JobProgress,
  JobRetention,
  KeysetPage,
  RecordPage,
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
  next_run_at: string | null;
  record_count: number;
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
  deletes_skipped: string | null;
  definition_hash: string | null;
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
  next_run_at: row.next_run_at,
  record_count: row.record_count,
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
  /** Prunes finished jobs when a job finishes; without it jobs are kept forever. */
  jobRetention?: JobRetention;
}

/** How long a write waits for another process's write transaction before SQLITE_BUSY. */
const BUSY_TIMEOUT_MS = 5000;

/**
 * The embedded default: one SQLite file, WAL mode so the API and workers (in several processes)
 * can share it. Every multi-statement write runs in an IMMEDIATE transaction: a deferred one that
 * reads first and writes later fails with SQLITE_BUSY when another process wrote in between.
 */
export class SqliteStorage implements Storage {
  private readonly db: Database.Database;
  private readonly secretBox: SecretBox;
  private readonly jobRetention: JobRetention | undefined;
  private readonly statements;

  constructor(options: SqliteStorageOptions) {
    preparePrivateDatabaseFile(options.file);
    this.db = new Database(options.file);
    // First, so that even switching to WAL waits for another process opening the same file.
    this.db.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
    this.db.pragma('journal_mode = WAL');
    this.db.pragma('synchronous = NORMAL');
    this.db.pragma('foreign_keys = ON');
    this.db.function('content_hash', { deterministic: true }, (text: unknown) => textHash(String(text)));
    this.secretBox = options.secretBox;
    this.jobRetention = options.jobRetention;
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
      definitionOf: this.db.prepare(`SELECT definition FROM job_definitions WHERE hash = ?`),
      countLive: this.db.prepare(`UPDATE syncs SET record_count = record_count + ? WHERE sync_id = ?`),
      latestDelivery: this.db.prepare(
        `SELECT delivery_id, url, status, attempts, last_status_code, last_error, updated_at
         FROM webhook_deliveries WHERE job_id = ? ORDER BY delivery_id DESC LIMIT 1`,
      ),
    };
  }

  /** Runs `work` in an IMMEDIATE transaction: it takes the write lock (waiting for it) before reading. */
  private write<T>(work: () => T): T {
    return this.db.transaction(work).immediate();
  }

  private migrate(firstSyncId: number): void {
    // Read under the write lock, so two processes starting at once migrate only once.
    this.write(() => {
      const applied = this.db.pragma('user_version', { simple: true }) as number;
      const pending = migrations.slice(applied);
      if (pending.length === 0) return;
      for (const sql of pending) this.db.exec(sql);
      if (applied === 0 && firstSyncId > 1) {
        this.db.prepare(`INSERT INTO sqlite_sequence (name, seq) VALUES ('syncs', ?)`).run(firstSyncId - 1);
      }
      this.db.pragma(`user_version = ${migrations.length}`);
    });
  }

  private jobDefinition(row: JobRow): SyncDefinition {
    const stored = this.statements.definitionOf.get(row.definition_hash) as { definition: string } | undefined;
    if (!stored) throw new Error(`job ${row.job_id} has no stored definition`);
    return JSON.parse(stored.definition) as SyncDefinition;
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
      deletes_skipped: row.deletes_skipped,
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

  async updateSync(syncId: number, definition: SyncDefinition, secrets: AuthSecrets | null | undefined, expected: SyncDefinition): Promise<StoredSync | null> {
    const keepSecrets = secrets === undefined;
    const row = this.db
      .prepare(
        `UPDATE syncs SET definition = @definition, updated_at = @at,
           sealed_secrets = CASE WHEN @keep THEN sealed_secrets ELSE @sealed END
         WHERE sync_id = @sync_id AND definition = @expected RETURNING *`,
      )
      .get({
        definition: JSON.stringify(definition),
        expected: JSON.stringify(expected),
        at: now(),
        keep: keepSecrets ? 1 : 0,
        sealed: keepSecrets ? null : this.seal(secrets),
        sync_id: syncId,
      }) as SyncRow | undefined;
    return row ? toSync(row) : null;
  }

  async deleteSync(syncId: number): Promise<void> {
    this.write(() => {
      const hashes = this.db.prepare(`SELECT DISTINCT definition_hash FROM jobs WHERE sync_id = ?`).pluck().all(syncId) as (string | null)[];
      this.db.prepare(`DELETE FROM syncs WHERE sync_id = ?`).run(syncId);
      collectDefinitions(this.db, hashes);
    });
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
      .prepare(SYNC_LISTING_SQL)
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

  async setNextRunAt(syncId: number, nextRunAt: Date | null, observedAt: Date): Promise<void> {
    this.db
      .prepare(
        `UPDATE syncs SET next_run_at = @next_run_at, next_run_observed_at = @observed_at
         WHERE sync_id = @sync_id AND (next_run_observed_at IS NULL OR next_run_observed_at <= @observed_at)`,
      )
      .run({ next_run_at: nextRunAt?.toISOString() ?? null, observed_at: observedAt.toISOString(), sync_id: syncId });
  }

  async startJob(run: { syncId: number; workflowId: string; runId: string }): Promise<Job | null> {
    return this.write((): Job | null => {
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
        this.db.prepare(`UPDATE syncs SET record_count = 0 WHERE sync_id = ?`).run(run.syncId);
      }
      const definitionHash = textHash(sync.definition);
      this.db.prepare(`INSERT OR IGNORE INTO job_definitions (hash, definition) VALUES (?, ?)`).run(definitionHash, sync.definition);
      const { incremental } = JSON.parse(sync.definition) as SyncDefinition;
      const incrementalRun = incremental !== undefined && trigger !== 'resync' && sync.incremental_cursor !== null;
      const row = this.db
        .prepare(
          `INSERT INTO jobs (sync_id, workflow_id, run_id, status, trigger, mode, cursor_sent, definition_hash, sealed_secrets, started_at)
           VALUES (@sync_id, @workflow_id, @run_id, 'running', @trigger, @mode, @cursor_sent, @definition_hash, @sealed_secrets, @started_at) RETURNING *`,
        )
        .get({
          sync_id: run.syncId,
          workflow_id: run.workflowId,
          run_id: run.runId,
          trigger,
          mode: incrementalRun ? 'incremental' : 'full',
          cursor_sent: incrementalRun ? sync.incremental_cursor : null,
          definition_hash: definitionHash,
          sealed_secrets: sync.sealed_secrets,
          started_at: now(),
        }) as JobRow;
      return this.toJob(row);
    });
  }

  async getJobPlan(jobId: number): Promise<JobPlan> {
    const row = this.statements.job.get(jobId) as JobRow | undefined;
    if (!row) throw new Error(`job ${jobId} does not exist`);
    return {
      mode: row.mode,
      cursor: fromJson(row.cursor_sent),
      definition: this.jobDefinition(row),
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
    return this.write((): Job => {
      const job = this.statements.job.get(jobId) as JobRow | undefined;
      if (!job) throw new Error(`job ${jobId} does not exist`);
      if (job.status !== 'running') return this.toJob(job);
      const definition = this.jobDefinition(job);
      const at = now();
      const counts = { created: 0, updated: 0, unchanged: 0, deleted: 0 };
      const rows = this.db
        .prepare(`SELECT job_change, count(*) AS n FROM records WHERE sync_id = ? AND seen_job_id = ? GROUP BY job_change`)
        .all(job.sync_id, jobId) as { job_change: JobChange; n: number }[];
      for (const row of rows) counts[row.job_change] = row.n;
      const sawEverything = end.status === 'succeeded' && job.mode === 'full' && job.max_total_reached === 0;
      // Records another running job has just written carry its id, not this one's: never delete them.
      const otherRunning = sawEverything
        ? (this.db.prepare(`SELECT job_id FROM jobs WHERE status = 'running' AND sync_id = ? AND job_id != ? LIMIT 1`).pluck().get(job.sync_id, jobId) as
            | number
            | undefined)
        : undefined;
      const deletesSkipped =
        otherRunning === undefined ? null : `job ${otherRunning} of this sync was running, so the records this job did not see were kept`;
      if (sawEverything && otherRunning === undefined) {
        let live: number;
        if (definition.soft_delete) {
          live = this.db
            .prepare(`UPDATE records SET deleted_at = ?, modified_at = ? WHERE sync_id = ? AND seen_job_id != ? AND deleted_at IS NULL`)
            .run(at, at, job.sync_id, jobId).changes;
          counts.deleted = live;
        } else {
          live = this.db.prepare(`DELETE FROM records WHERE sync_id = ? AND seen_job_id != ? AND deleted_at IS NULL`).run(job.sync_id, jobId).changes;
          // Records soft-deleted while soft_delete was on go too.
          counts.deleted = live + this.db.prepare(`DELETE FROM records WHERE sync_id = ? AND seen_job_id != ?`).run(job.sync_id, jobId).changes;
        }
        this.statements.countLive.run(-live, job.sync_id);
      }
      if (end.status === 'succeeded' && definition.incremental && job.cursor_max !== null) {
        this.db.prepare(`UPDATE syncs SET incremental_cursor = ? WHERE sync_id = ?`).run(job.cursor_max, job.sync_id);
      }
      const finished = this.db
        .prepare(
          `UPDATE jobs SET status = @status, ended_at = @ended_at, created = @created, updated = @updated,
             unchanged = @unchanged, deleted = @deleted, error = @error, deletes_skipped = @deletes_skipped
           WHERE job_id = @job_id RETURNING *`,
        )
        .get({ ...counts, ...end, deletes_skipped: deletesSkipped, ended_at: at, job_id: jobId }) as JobRow;
      if (this.jobRetention) pruneJobs(this.db, this.jobRetention, job.sync_id, jobId);
      return this.toJob(finished);
    });
  }

  async getJob(jobId: number): Promise<Job | null> {
    const row = this.statements.job.get(jobId) as JobRow | undefined;
    return row ? this.toJob(row) : null;
  }

  async listJobs(syncId: number, page: KeysetPage): Promise<Job[]> {
    const rows = this.db.prepare(JOB_LISTING_SQL).all(syncId, page.after ?? Number.MAX_SAFE_INTEGER, page.limit) as JobRow[];
    return rows.map((row) => this.toJob(row));
  }

  async latestJobs(syncIds: number[]): Promise<Map<number, Job>> {
    const rows = this.db.prepare(LATEST_JOBS_SQL).all(JSON.stringify(syncIds)) as JobRow[];
    return new Map(rows.map((row) => [row.sync_id, this.toJob(row)]));
  }

  async runningJobs(): Promise<Job[]> {
    const rows = this.db.prepare(`SELECT * FROM jobs WHERE status = 'running' ORDER BY job_id`).all() as JobRow[];
    return rows.map((row) => this.toJob(row));
  }

  async upsertRecords(syncId: number, jobId: number, records: IncomingRecord[]): Promise<void> {
    const { findRecord, insertRecord, touchRecord, storedData, reorderRecord, changeRecord, countLive } = this.statements;
    this.write(() => {
      const at = now();
      let added = 0;
      for (const record of records) {
        const data = JSON.stringify(record.data);
        const hash = textHash(data);
        const existing = findRecord.get(syncId, record.key) as { content_hash: string; seen_job_id: number; deleted_at: string | null } | undefined;
        const params = { sync_id: syncId, key: record.key, data, hash, job_id: jobId, at };
        if (!existing) {
          insertRecord.run(params);
          added += 1;
        } else if (existing.deleted_at !== null) {
          changeRecord.run(params);
          added += 1;
        } else if (existing.content_hash === hash) {
          if (existing.seen_job_id !== jobId) touchRecord.run(params);
        } else {
          const stored = storedData.get(syncId, record.key) as { data: string };
          if (sameContent(JSON.parse(stored.data), record.data)) reorderRecord.run(params);
          else changeRecord.run(params);
        }
      }
      if (added > 0) countLive.run(added, syncId);
    });
  }

  async listRecords(syncId: number, query: RecordQuery): Promise<RecordPage> {
    const { sql, params } = recordListing(syncId, { ...query, limit: query.limit + 1 });
    const records: StoredRecord[] = [];
    let bytes = 0;
    // Row by row, so a page of huge records never loads more than one record past the cap.
    for (const row of this.db.prepare(sql).iterate(params) as IterableIterator<RecordRow>) {
      const size = Buffer.byteLength(row.data) + Buffer.byteLength(row.record_key);
      const overCap = query.maxBytes !== undefined && records.length > 0 && bytes + size > query.maxBytes;
      if (records.length === query.limit || overCap) return { records, more: true };
      records.push(toRecord(row));
      bytes += size;
    }
    return { records, more: false };
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
