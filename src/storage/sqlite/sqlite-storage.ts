import type Database from 'better-sqlite3';
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
import { openDatabase, writeTransaction } from './connection.js';
import { closeJob } from './job-end.js';
import { openJob } from './job-start.js';
import { prepareTables, type Tables } from './tables.js';

export interface SqliteStorageOptions extends StorageOptions {
  /** Database file; created with its folder when missing. */
  file: string;
}

/**
 * The embedded default: one SQLite file shared by the API and workers in several processes. Each
 * table's module holds its row type, mapper and statements (prepared once, here); this facade
 * seals secrets, stamps times and runs every write that reads before it writes, or writes more
 * than one row, in an IMMEDIATE transaction (connection.ts says why).
 */
export class SqliteStorage implements Storage {
  private readonly db: Database.Database;
  private readonly tables: Tables;
  private readonly secretBox: SecretBox;
  private readonly jobRetention: JobRetention | undefined;
  private readonly clock: () => Date;

  constructor(options: SqliteStorageOptions) {
    this.db = openDatabase(options.file, options.firstSyncId ?? 1);
    this.tables = prepareTables(this.db);
    this.secretBox = options.secretBox;
    this.jobRetention = options.jobRetention;
    this.clock = options.clock ?? (() => new Date());
  }

  private now(): string {
    return this.clock().toISOString();
  }

  private write<T>(work: () => T): T {
    return writeTransaction(this.db, work);
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
    const { syncs, jobs, definitions } = this.tables;
    this.write(() => {
      const hashes = jobs.definitionHashes(syncId);
      syncs.remove(syncId);
      definitions.collect(hashes);
    });
  }

  async getSync(syncId: number): Promise<StoredSync | null> {
    return this.tables.syncs.get(syncId);
  }

  async getSyncSecrets(syncId: number): Promise<AuthSecrets | null> {
    return openSecrets(this.secretBox, this.tables.syncs.sealedSecrets(syncId));
  }

  async listSyncs(filter: { status?: SyncStatus } & KeysetPage): Promise<StoredSync[]> {
    return this.tables.syncs.list(filter);
  }

  async countSyncsByStatus(): Promise<Record<SyncStatus, number>> {
    return this.tables.syncs.countByStatus();
  }

  async setSyncStatus(syncId: number, status: SyncStatus): Promise<void> {
    this.tables.syncs.setStatus(syncId, status, this.now());
  }

  async setPausedReason(syncId: number, reason: PausedReason | null): Promise<void> {
    this.tables.syncs.setPausedReason(syncId, reason === null ? null : JSON.stringify(reason));
  }

  async recordSyncEvent(syncId: number, event: NewSyncEvent): Promise<void> {
    this.tables.events.insert(syncId, event, this.now());
  }

  async listSyncEvents(syncId: number, page: KeysetPage): Promise<SyncEvent[]> {
    return this.tables.events.list(syncId, page);
  }

  async setPendingTrigger(syncId: number, trigger: JobTrigger, options: { clearRecords?: boolean } = {}): Promise<void> {
    this.tables.syncs.setPendingTrigger(syncId, { trigger, clearRecords: options.clearRecords === true });
  }

  async setNextRunAt(syncId: number, nextRunAt: Date | null, observedAt: Date): Promise<void> {
    this.tables.syncs.setNextRunAt(syncId, nextRunAt?.toISOString() ?? null, observedAt.toISOString());
  }

  async startJob(run: { syncId: number; workflowId: string; runId: string }): Promise<Job | null> {
    return this.write(() => openJob(this.tables, run, this.now()));
  }

  async getJobPlan(jobId: number): Promise<JobPlan> {
    const row = this.tables.jobs.row(jobId);
    if (!row) throw new StorageNotFoundError('job', jobId);
    const definition = this.tables.definitions.get(row.definition_hash);
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
    this.tables.jobs.recordProgress(jobId, progress);
  }

  async finishJob(jobId: number, end: JobEnd): Promise<Job> {
    return this.write(() => closeJob(this.tables, jobId, end, this.clock(), this.jobRetention));
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
    const row = this.tables.cursor.get(syncId);
    return row ? toCursorState(row) : null;
  }

  /** Checked and written in one IMMEDIATE transaction, which opening a job takes too (incremental-cursor.ts says why). */
  async setCursorByUser(syncId: number, cursor: string | number | null): Promise<CursorChange> {
    const { cursor: table } = this.tables;
    return this.write(() => {
      const row = table.get(syncId);
      const refusal = cursorChangeRefusal(row, row && table.runningJob(syncId));
      if (refusal) return refusal;
      table.set(syncId, { cursor: toJsonText(cursor), at: this.now(), source: 'api', jobId: null });
      const state = table.get(syncId);
      if (!state) throw new Error(`sync ${syncId} vanished inside its own write transaction`);
      return { changed: true, state: toCursorState(state) };
    });
  }

  async upsertRecords(syncId: number, jobId: number, records: IncomingRecord[]): Promise<void> {
    this.write(() => {
      const added = this.tables.records.upsert(syncId, jobId, records, this.now());
      this.tables.syncs.addRecordCount(syncId, added);
    });
  }

  async listRecords(syncId: number, query: RecordQuery): Promise<RecordPage> {
    return this.tables.records.list(syncId, query);
  }

  async createWebhookDelivery(jobId: number, url: string): Promise<number> {
    const deliveryId = this.tables.deliveries.insert(jobId, url, this.now());
    if (deliveryId === null) throw new StorageNotFoundError('job', jobId);
    return deliveryId;
  }

  async recordWebhookAttempt(deliveryId: number, attempt: WebhookAttempt): Promise<void> {
    this.tables.deliveries.recordAttempt(deliveryId, attempt, this.now());
  }

  async ping(): Promise<void> {
    this.db.prepare('SELECT 1').get();
  }

  async close(): Promise<void> {
    this.db.close();
  }
}
