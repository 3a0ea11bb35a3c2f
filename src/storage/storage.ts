import type { RecordFilter } from '../contracts/api.js';
import type { AuthSecrets } from '../contracts/auth.js';
import type { CursorState } from '../contracts/cursor-state.js';
import type { Job, JobMode, JobStatus, JobTrigger, WebhookDeliveryStatus } from '../contracts/job.js';
import type { JobError } from '../contracts/job-error.js';
import type { SyncStatus } from '../contracts/sync.js';
import type { SyncDefinition } from '../contracts/sync-definition.js';
import type { PausedReason, SyncEvent, SyncEventAction } from '../contracts/sync-health.js';
import type { SecretBox } from './secret-box.js';

export interface StoredSync {
  sync_id: number;
  definition: SyncDefinition;
  status: SyncStatus;
  /** The schedule's next run as the worker last recorded it (null when paused, cancelled or unknown). */
  next_run_at: string | null;
  /** Records the API still returns (soft-deleted ones not counted). */
  record_count: number;
  /** Counters updated as each job ends, so a listing scans no jobs. */
  health: StoredHealth;
  paused_reason: PausedReason | null;
  created_at: string;
  updated_at: string;
}

export interface StoredHealth {
  /** Failed jobs since the last successful one; cancelled jobs neither count nor reset it. */
  consecutive_failures: number;
  last_success_at: string | null;
  /** The latest failed job's error, while failures continue; null after a success. */
  last_error: JobEnd['error'];
}

/** One control action to record in the sync's audit trail. */
export interface NewSyncEvent {
  action: SyncEventAction;
  /** Small, and never a secret: e.g. the PATCHed field names. */
  detail: Record<string, unknown>;
  actor: string;
  request_id: string | null;
}

export interface StoredRecord {
  id: number;
  key: string;
  data: unknown;
  created_at: string;
  updated_at: string;
  deleted_at: string | null;
}

/**
 * A record on its way in: its key and its JSON text (the fetch serializes each record to check its
 * size). Storage takes no parsed object, so a page's parsed records can die before its writes are
 * awaited; it parses the text only to compare content with a stored record whose hash differs.
 */
export interface IncomingRecord {
  key: string;
  json: string;
}

export interface JobEnd {
  status: Exclude<JobStatus, 'running'>;
  /** Why a failed job failed; null for any other end. */
  error: JobError | null;
}

export interface JobProgress {
  fetched: number;
  pages: number;
  /** Highest incremental cursor value seen so far (JSON), when the sync is incremental. */
  cursor_max?: unknown;
  max_total_reached?: boolean;
}

/**
 * What a job fetches: everything, or only what changed since `cursor`, with the sync's definition
 * and secrets as they were when the job started (a PATCH applies from the next job on).
 */
export interface JobPlan {
  mode: JobMode;
  cursor: unknown;
  definition: SyncDefinition;
  secrets: AuthSecrets | null;
  /** When the job started: its max_job_seconds count from here, whichever attempt is running. */
  started_at: string;
}

/**
 * What a user's change of a sync's incremental cursor came to: done, or refused because the sync is
 * gone, cancelled, or has a job running (incremental-cursor.ts, `cursorChangeRefusal`).
 */
export type CursorChange =
  | { changed: true; state: CursorState }
  | { changed: false; refused: 'not_found' | 'cancelled' }
  | { changed: false; refused: 'job_running'; job_id: number };

export interface KeysetPage {
  limit: number;
  /** Return rows after this id in the listing's order; undefined for the first page. */
  after?: number;
}

/** Which jobs a listing returns, newest first: every given field must match. */
export interface JobQuery extends KeysetPage {
  /** Only this sync's jobs; all syncs' when absent. */
  syncId?: number;
  status?: JobStatus;
  trigger?: JobTrigger;
  /** Started strictly after this ISO 8601 time. */
  startedAfter?: string;
  /** Started strictly before this ISO 8601 time. */
  startedBefore?: string;
}

export interface RecordQuery extends KeysetPage {
  filter?: RecordFilter;
  modifiedAfter?: string;
  /**
   * Stops the page before the record that would take its records' key and data past this many
   * bytes; the first record is always included, however large.
   */
  maxBytes?: number;
}

export interface RecordPage {
  records: StoredRecord[];
  /** Whether more records follow the last one (by count or by bytes). */
  more: boolean;
}

/** How long finished jobs are kept; the running job and the latest finished one always stay. */
export interface JobRetention {
  days: number;
  maxJobsPerSync: number;
}

export interface WebhookAttempt {
  status: WebhookDeliveryStatus;
  statusCode: number | null;
  error: string | null;
}

/** What every storage engine is configured with, whatever it stores into. */
export interface StorageOptions {
  /** Encrypts auth secrets at rest. */
  secretBox: SecretBox;
  /** First sync id of a fresh database, so several installs can share one Temporal namespace. */
  firstSyncId?: number;
  /** Prunes finished jobs when a job finishes; without it jobs are kept forever. */
  jobRetention?: JobRetention;
  /** The time every stored timestamp and the retention cutoff are taken from; the real time by default. */
  clock?: () => Date;
}

/**
 * Thrown when an operation cannot do its work without a row that is not there: a job id the
 * storage handed out earlier has gone (pruned, or deleted with its sync). A plain Error, so an
 * activity that meets it is retried like any other storage fault.
 */
export class StorageNotFoundError extends Error {
  override readonly name = 'StorageNotFoundError';
  constructor(
    readonly entity: 'job',
    readonly id: number,
  ) {
    super(`${entity} ${id} does not exist`);
  }
}

/**
 * Everything syncd persists. Async so that a networked database can implement it too.
 * Record upserts are idempotent per job: replaying a page within the same job neither
 * duplicates records nor changes the job's counts. Auth secrets are encrypted at rest.
 *
 * Rows that are not there (the one not-found convention of every engine):
 * - a lookup by id (`getSync`, `getJob`, `getSyncSecrets`) answers null;
 * - a conditional write whose condition fails (`updateSync` on a changed definition, `startJob`
 *   for a cancelled or missing sync) answers null;
 * - a write addressed to a row that has gone (the `set*` methods, `recordJobProgress`,
 *   `recordWebhookAttempt`, `deleteSync`) does nothing: its sync may be deleted meanwhile;
 * - an operation that cannot answer without the row (`getJobPlan`, `finishJob`,
 *   `createWebhookDelivery`) throws `StorageNotFoundError`.
 */
export interface Storage {
  createSync(definition: SyncDefinition, status: SyncStatus, secrets: AuthSecrets | null): Promise<StoredSync>;
  /**
   * Replaces the definition if it is still `expected` (compare-and-set), else answers null: two
   * PATCHes racing each other then merge onto one another instead of losing fields. `secrets`
   * undefined keeps the stored ones, null removes them.
   */
  updateSync(
    syncId: number,
    definition: SyncDefinition,
    secrets: AuthSecrets | null | undefined,
    expected: SyncDefinition,
  ): Promise<StoredSync | null>;
  deleteSync(syncId: number): Promise<void>;
  getSync(syncId: number): Promise<StoredSync | null>;
  getSyncSecrets(syncId: number): Promise<AuthSecrets | null>;
  listSyncs(filter: { status?: SyncStatus } & KeysetPage): Promise<StoredSync[]>;
  /** How many syncs are in each status (every status present, zero when none is). */
  countSyncsByStatus(): Promise<Record<SyncStatus, number>>;
  setSyncStatus(syncId: number, status: SyncStatus): Promise<void>;
  /** Why the sync is paused, shown on it; null clears it (resume). */
  setPausedReason(syncId: number, reason: PausedReason | null): Promise<void>;
  /** Appends a control action to the sync's audit trail (nothing when the sync is gone). */
  recordSyncEvent(syncId: number, event: NewSyncEvent): Promise<void>;
  /** The sync's audit trail, newest first; `after` pages on from an event id. */
  listSyncEvents(syncId: number, page: KeysetPage): Promise<SyncEvent[]>;
  /** Remembers why the next job starts; the job that starts next claims it. */
  setPendingTrigger(syncId: number, trigger: JobTrigger, options?: { clearRecords?: boolean }): Promise<void>;
  /**
   * Stores the schedule's next run as read from Temporal at `observedAt`; an observation older
   * than the stored one is ignored, so concurrent writers cannot put an outdated time back.
   */
  setNextRunAt(syncId: number, nextRunAt: Date | null, observedAt: Date): Promise<void>;

  /**
   * Opens the job for a workflow run (idempotent per run); null when the sync is gone or cancelled.
   * A pending resync with clearRecords empties the sync's records first.
   */
  startJob(run: { syncId: number; workflowId: string; runId: string }): Promise<Job | null>;
  getJobPlan(jobId: number): Promise<JobPlan>;
  /** Progress so far, shown while the job runs; a retried fetch resumes it from its checkpoint. */
  recordJobProgress(jobId: number, progress: JobProgress): Promise<void>;
  /**
   * Closes a running job with its record counts; a job already closed is returned unchanged.
   * A full job that succeeded without reaching max_total deletes the records it did not see
   * (unless another job of the sync is running: then it keeps them and says so in
   * `deletes_skipped`), and an incremental sync keeps the highest cursor of a successful job for
   * the next one (never lower than the stored one after an incremental job). The sync's health
   * counters follow: a failure counts, a success resets, a cancellation does neither. Finished jobs
   * past the retention are pruned.
   */
  finishJob(jobId: number, end: JobEnd): Promise<Job>;
  getJob(jobId: number): Promise<Job | null>;
  listJobs(syncId: number, query: Omit<JobQuery, 'syncId'>): Promise<Job[]>;
  /** Jobs across syncs (or of `query.syncId`), newest first. */
  findJobs(query: JobQuery): Promise<Job[]>;
  /** The newest job of each of these syncs, in one read (syncs without jobs are absent). */
  latestJobs(syncIds: number[]): Promise<Map<number, Job>>;
  runningJobs(): Promise<Job[]>;

  /** The sync's incremental cursor and who set it when; null when the sync does not exist. */
  getCursorState(syncId: number): Promise<CursorState | null>;
  /**
   * Sets the incremental cursor (a string or number) or clears it (null: the next job is full), as
   * a user, in one conditional write: refused while a job of the sync runs or once it is cancelled.
   */
  setCursorByUser(syncId: number, cursor: string | number | null): Promise<CursorChange>;

  upsertRecords(syncId: number, jobId: number, records: IncomingRecord[]): Promise<void>;
  listRecords(syncId: number, query: RecordQuery): Promise<RecordPage>;

  createWebhookDelivery(jobId: number, url: string): Promise<number>;
  recordWebhookAttempt(deliveryId: number, attempt: WebhookAttempt): Promise<void>;

  /** A trivial query: resolves when the database answers, rejects with why not (readiness, `GET /readyz`). */
  ping(): Promise<void>;
  close(): Promise<void>;
}
