import type { Job, JobMode, JobStatus, JobTrigger } from '../contracts/job.js';
import { fromJobErrorColumns, type JobErrorColumns } from './job-error-columns.js';
import { type LatestDeliveryColumns, toLatestDelivery } from './latest-delivery.js';

/**
 * A job row as stored: the definition it ran with by hash (job_definitions), its secrets sealed.
 * `Flag` is how the engine stores a boolean: SQLite as 0 or 1, PostgreSQL as a boolean.
 */
export interface JobRow<Flag extends boolean | number = boolean | number> extends JobErrorColumns {
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
  max_total_reached: Flag;
  cursor_sent: string | null;
  cursor_max: string | null;
  deletes_skipped: string | null;
  definition_hash: string | null;
  sealed_secrets: string | null;
}

export type JobWithDeliveryRow = JobRow & LatestDeliveryColumns;

export interface NewJob {
  sync_id: number;
  workflow_id: string;
  run_id: string;
  trigger: JobTrigger;
  mode: JobMode;
  cursor_sent: string | null;
  definition_hash: string;
  sealed_secrets: string | null;
  started_at: string;
}

/** The job's record counts as its closing computes them. */
export interface JobCounts {
  created: number;
  updated: number;
  unchanged: number;
  deleted: number;
}

/** The job as the API shows it, from a row of either engine. */
export const toJob = (row: JobWithDeliveryRow): Job => ({
  job_id: row.job_id,
  sync_id: row.sync_id,
  status: row.status,
  trigger: row.trigger,
  mode: row.mode,
  started_at: row.started_at,
  ended_at: row.ended_at,
  records: { created: row.created, updated: row.updated, unchanged: row.unchanged, deleted: row.deleted, fetched: row.fetched },
  pages: row.pages,
  max_total_reached: Boolean(row.max_total_reached),
  deletes_skipped: row.deletes_skipped,
  error: fromJobErrorColumns(row),
  workflow_id: row.workflow_id,
  run_id: row.run_id,
  webhook: toLatestDelivery(row),
});
