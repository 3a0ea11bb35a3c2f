import type { Job, JobStatus, JobTrigger } from '../contracts/job.js';
import type { SyncStatus } from '../contracts/sync.js';
import type { SyncDefinition } from '../contracts/sync-definition.js';

export interface StoredSync {
  sync_id: number;
  definition: SyncDefinition;
  status: SyncStatus;
  created_at: string;
  updated_at: string;
}

export interface StoredRecord {
  id: number;
  key: string;
  data: unknown;
  created_at: string;
  updated_at: string;
}

export interface IncomingRecord {
  key: string;
  data: unknown;
}

export interface JobEnd {
  status: Exclude<JobStatus, 'running'>;
  error: string | null;
}

export interface JobProgress {
  fetched: number;
  pages: number;
}

export interface KeysetPage {
  limit: number;
  /** Return rows after this id in the listing's order; undefined for the first page. */
  after?: number;
}

/**
 * Everything syncd persists. Async so that a networked database can implement it too.
 * Record upserts are idempotent per job: replaying a page within the same job neither
 * duplicates records nor changes the job's counts.
 */
export interface Storage {
  createSync(definition: SyncDefinition, status: SyncStatus): Promise<StoredSync>;
  deleteSync(syncId: number): Promise<void>;
  getSync(syncId: number): Promise<StoredSync | null>;
  listSyncs(filter: { status?: SyncStatus } & KeysetPage): Promise<StoredSync[]>;
  setSyncStatus(syncId: number, status: SyncStatus): Promise<void>;
  /** Remembers why the next job starts; the job that starts next claims it. */
  setPendingTrigger(syncId: number, trigger: JobTrigger): Promise<void>;

  /** Opens the job for a workflow run (idempotent per run); null when the sync is gone or cancelled. */
  startJob(run: { syncId: number; workflowId: string; runId: string }): Promise<Job | null>;
  /** Progress so far, shown while the job runs; a retried fetch starts it over. */
  recordJobProgress(jobId: number, progress: JobProgress): Promise<void>;
  /** Closes a running job with its record counts; a job already closed is returned unchanged. */
  finishJob(jobId: number, end: JobEnd): Promise<Job>;
  getJob(jobId: number): Promise<Job | null>;
  listJobs(syncId: number, page: KeysetPage): Promise<Job[]>;
  runningJobs(): Promise<Job[]>;

  upsertRecords(syncId: number, jobId: number, records: IncomingRecord[]): Promise<void>;
  listRecords(syncId: number, page: KeysetPage): Promise<StoredRecord[]>;
  countRecords(syncId: number): Promise<number>;

  close(): Promise<void>;
}
