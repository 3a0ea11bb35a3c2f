import type pg from 'pg';
import type { AuthSecrets } from '../../contracts/auth.js';
import type { CursorState } from '../../contracts/cursor-state.js';
import type { Job, JobTrigger } from '../../contracts/job.js';
import type { SyncStatus } from '../../contracts/sync.js';
import type { SyncDefinition } from '../../contracts/sync-definition.js';
import type { PausedReason, SyncEvent } from '../../contracts/sync-health.js';
import { cursorChangeRefusal, toCursorState } from '../incremental-cursor.js';
import { fromJsonText, toJsonText } from '../json-text.js';
import { openSecrets, sealSecrets } from '../sealed-secrets.js';
import type { SecretBox } from '../secret-box.js';
import {
  type CursorChange,
  type IncomingRecord,
  type JobEnd,
  type JobPlan,
  type JobProgress,
  type JobQuery,
  type JobRetention,
  type KeysetPage,
  type NewSyncEvent,
  type RecordPage,
  type RecordQuery,
  type Storage,
  StorageNotFoundError,
  type StorageOptions,
  type StoredSync,
  type WebhookAttempt,
} from '../storage.js';
import { createPool, inTransaction } from './connection.js';
import { closeJob } from './job-end.js';
import { openJob } from './job-start.js';
import { migrate } from './migrations.js';
import { type Tables, tablesOn } from './tables.js';

/** How long a query waits for a connection before failing, unless told otherwise. */
const DEFAULT_CONNECT_TIMEOUT_MS = 5_000;

export interface PostgresStorageOptions extends StorageOptions {
  /** `postgres://user:pass@host:port/db`, with `sslmode=` if any. */
  connectionString: string;
  /** Most connections the pool opens. */
  poolSize: number;
  connectTimeoutMs?: number;
}

/**
 * PostgreSQL storage, shared by any number of API and worker processes. Each table's module holds
 * its row type, mapper and queries; this facade seals secrets, stamps times and runs every write
 * that reads before it writes, or writes more than one row, in one transaction that first locks
 * the sync's row (syncs-table.ts says why).
 */
export class PostgresStorage implements Storage {
  private readonly tables: Tables;
  private readonly clock: () => Date;

  private closing: Promise<void> | undefined;

  private constructor(
    private readonly pool: pg.Pool,
    private readonly secretBox: SecretBox,
    private readonly jobRetention: JobRetention | undefined,
    clock: (() => Date) | undefined,
  ) {
    this.tables = tablesOn(pool);
    this.clock = clock ?? (() => new Date());
  }

  /** Connects and migrates (migrations.ts); rejects when the database cannot be reached or migrated. */
  static async open(options: PostgresStorageOptions): Promise<PostgresStorage> {
    const pool = createPool({
      connectionString: options.connectionString,
      size: options.poolSize,
      connectTimeoutMs: options.connectTimeoutMs ?? DEFAULT_CONNECT_TIMEOUT_MS,
    });
    try {
      await inTransaction(pool, (client) => migrate(client, options.firstSyncId ?? 1));
    } catch (error) {
      await pool.end().catch(() => undefined);
      throw error;
    }
    return new PostgresStorage(pool, options.secretBox, options.jobRetention, options.clock);
  }

  private now(): string {
    return this.clock().toISOString();
  }

  private write<T>(work: (tables: Tables) => Promise<T>): Promise<T> {
    return inTransaction(this.pool, (client) => work(tablesOn(client)));
  }

  async createSync(definition: SyncDefinition, status: SyncStatus, secrets: AuthSecrets | null): Promise<StoredSync> {
    return this.tables.syncs.insert(definition, status, sealSecrets(this.secretBox, secrets), this.now());
  }

  async updateSync(
    syncId: number,
    definition: SyncDefinition,
    secrets: AuthSecrets | null | undefined,
    expected: SyncDefinition,
  ): Promise<StoredSync | null> {
    const sealed = secrets === undefined ? undefined : sealSecrets(this.secretBox, secrets);
    return this.tables.syncs.replaceDefinition(syncId, definition, sealed, expected, this.now());
  }

  async deleteSync(syncId: number): Promise<void> {
    await this.write(async ({ syncs, jobs, definitions }) => {
      if (!(await syncs.lock(syncId))) return;
      const hashes = await jobs.definitionHashes(syncId);
      await syncs.remove(syncId);
      await definitions.collect(hashes);
    });
  }

  async getSync(syncId: number): Promise<StoredSync | null> {
    return this.tables.syncs.get(syncId);
  }

  async getSyncSecrets(syncId: number): Promise<AuthSecrets | null> {
    return openSecrets(this.secretBox, await this.tables.syncs.sealedSecrets(syncId));
  }

  async listSyncs(filter: { status?: SyncStatus } & KeysetPage): Promise<StoredSync[]> {
    return this.tables.syncs.list(filter);
  }

  async countSyncsByStatus(): Promise<Record<SyncStatus, number>> {
    return this.tables.syncs.countByStatus();
  }

  async setSyncStatus(syncId: number, status: SyncStatus): Promise<void> {
    await this.tables.syncs.setStatus(syncId, status, this.now());
  }

  async setPausedReason(syncId: number, reason: PausedReason | null): Promise<void> {
    await this.tables.syncs.setPausedReason(syncId, reason === null ? null : JSON.stringify(reason));
  }

  async recordSyncEvent(syncId: number, event: NewSyncEvent): Promise<void> {
    await this.tables.events.insert(syncId, event, this.now());
  }

  async listSyncEvents(syncId: number, page: KeysetPage): Promise<SyncEvent[]> {
    return this.tables.events.list(syncId, page);
  }

  async setPendingTrigger(syncId: number, trigger: JobTrigger, options: { clearRecords?: boolean } = {}): Promise<void> {
    await this.tables.syncs.setPendingTrigger(syncId, { trigger, clearRecords: options.clearRecords === true });
  }

  async setNextRunAt(syncId: number, nextRunAt: Date | null, observedAt: Date): Promise<void> {
    await this.tables.syncs.setNextRunAt(syncId, nextRunAt?.toISOString() ?? null, observedAt.toISOString());
  }

  async startJob(run: { syncId: number; workflowId: string; runId: string }): Promise<Job | null> {
    return this.write((tables) => openJob(tables, run, this.now()));
  }

  async getJobPlan(jobId: number): Promise<JobPlan> {
    const row = await this.tables.jobs.row(jobId);
    if (!row) throw new StorageNotFoundError('job', jobId);
    const definition = await this.tables.definitions.get(row.definition_hash);
    if (!definition) throw new Error(`job ${jobId} has no stored definition`);
    return {
      mode: row.mode,
      cursor: fromJsonText(row.cursor_sent),
      definition,
      secrets: openSecrets(this.secretBox, row.sealed_secrets),
      started_at: row.started_at,
    };
  }

  async recordJobProgress(jobId: number, progress: JobProgress): Promise<void> {
    await this.tables.jobs.recordProgress(jobId, progress);
  }

  async finishJob(jobId: number, end: JobEnd): Promise<Job> {
    return this.write((tables) => closeJob(tables, jobId, end, this.clock(), this.jobRetention));
  }

  async getJob(jobId: number): Promise<Job | null> {
    return this.tables.jobs.get(jobId);
  }

  async listJobs(syncId: number, query: Omit<JobQuery, 'syncId'>): Promise<Job[]> {
    return this.tables.jobs.list({ ...query, syncId });
  }

  async findJobs(query: JobQuery): Promise<Job[]> {
    return this.tables.jobs.list(query);
  }

  async latestJobs(syncIds: number[]): Promise<Map<number, Job>> {
    return this.tables.jobs.latest(syncIds);
  }

  async runningJobs(): Promise<Job[]> {
    return this.tables.jobs.running();
  }

  async getCursorState(syncId: number): Promise<CursorState | null> {
    const row = await this.tables.cursor.get(syncId);
    return row ? toCursorState(row) : null;
  }

  /** Checked and written holding the sync's row lock, which opening and closing a job take too (incremental-cursor.ts says why). */
  async setCursorByUser(syncId: number, cursor: string | number | null): Promise<CursorChange> {
    return this.write(async ({ syncs, cursor: table }) => {
      await syncs.lock(syncId);
      const row = await table.get(syncId);
      const refusal = cursorChangeRefusal(row, row && (await table.runningJob(syncId)));
      if (refusal) return refusal;
      await table.set(syncId, { cursor: toJsonText(cursor), at: this.now(), source: 'api', jobId: null });
      const state = await table.get(syncId);
      if (!state) throw new Error(`sync ${syncId} vanished inside its own transaction`);
      return { changed: true, state: toCursorState(state) };
    });
  }

  /** One transaction per page: a page replayed after a lost commit finds its own marks and counts nothing twice. */
  async upsertRecords(syncId: number, jobId: number, records: IncomingRecord[]): Promise<void> {
    if (records.length === 0) return;
    await this.write(async ({ syncs, records: table }) => {
      await syncs.lock(syncId);
      const added = await table.upsert(syncId, jobId, records, this.now());
      await syncs.addRecordCount(syncId, added);
    });
  }

  async listRecords(syncId: number, query: RecordQuery): Promise<RecordPage> {
    return this.tables.records.list(syncId, query);
  }

  async createWebhookDelivery(jobId: number, url: string): Promise<number> {
    const deliveryId = await this.tables.deliveries.insert(jobId, url, this.now());
    if (deliveryId === null) throw new StorageNotFoundError('job', jobId);
    return deliveryId;
  }

  async recordWebhookAttempt(deliveryId: number, attempt: WebhookAttempt): Promise<void> {
    await this.tables.deliveries.recordAttempt(deliveryId, attempt, this.now());
  }

  async ping(): Promise<void> {
    await this.pool.query('SELECT 1');
  }

  /** Idempotent like SQLite's: the pool refuses a second end(), and shutdown may follow a close already done. */
  async close(): Promise<void> {
    this.closing ??= this.pool.end();
    await this.closing;
  }
}
