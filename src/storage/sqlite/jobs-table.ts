import type Database from 'better-sqlite3';
import type { Job } from '../../contracts/job.js';
import { type JobErrorColumns, toJobErrorColumns } from '../job-error-columns.js';
import { type JobCounts, type JobRow, type JobWithDeliveryRow, type NewJob, toJob } from '../job-row.js';
import { toJsonText } from '../json-text.js';
import { LATEST_DELIVERY_COLUMNS, LATEST_DELIVERY_JOIN } from '../latest-delivery.js';
import type { JobEnd, JobProgress, JobQuery } from '../storage.js';
import { JOB_LISTING_SHAPES, type JobListingParams, jobListing } from './job-listing.js';

const SELECT_JOBS = `SELECT jobs.*, ${LATEST_DELIVERY_COLUMNS} FROM jobs ${LATEST_DELIVERY_JOIN}`;

/** The newest job of each sync in a JSON array of ids: one index seek per sync. */
export const LATEST_JOBS_SQL = `SELECT jobs.*, ${LATEST_DELIVERY_COLUMNS} FROM json_each(?) AS wanted
  JOIN jobs ON jobs.job_id =
    (SELECT newest.job_id FROM jobs AS newest WHERE newest.sync_id = wanted.value ORDER BY newest.job_id DESC LIMIT 1)
  ${LATEST_DELIVERY_JOIN}`;

/** The jobs table: one row per job workflow run, its progress, counts and outcome. */
export function jobsTable(db: Database.Database) {
  const row = db.prepare<[number], JobRow<number>>(`SELECT * FROM jobs WHERE job_id = ?`);
  const byId = db.prepare<[number], JobWithDeliveryRow>(`${SELECT_JOBS} WHERE jobs.job_id = ?`);
  const byRun = db.prepare<[string], JobWithDeliveryRow>(`${SELECT_JOBS} WHERE jobs.run_id = ?`);
  const listings = new Map(
    JOB_LISTING_SHAPES.map((shape) => {
      const { sql } = jobListing(shape);
      return [sql, db.prepare<[JobListingParams], JobWithDeliveryRow>(sql)] as const;
    }),
  );
  const latest = db.prepare<[string], JobWithDeliveryRow>(LATEST_JOBS_SQL);
  const running = db.prepare<[], JobWithDeliveryRow>(`${SELECT_JOBS} WHERE jobs.status = 'running' ORDER BY jobs.job_id`);
  const otherRunning = db
    .prepare<[number, number], number>(`SELECT job_id FROM jobs WHERE status = 'running' AND sync_id = ? AND job_id != ? LIMIT 1`)
    .pluck();
  const definitionHashes = db.prepare<[number], string | null>(`SELECT DISTINCT definition_hash FROM jobs WHERE sync_id = ?`).pluck();
  const insert = db.prepare<NewJob, { job_id: number }>(
    `INSERT INTO jobs (sync_id, workflow_id, run_id, status, trigger, mode, cursor_sent, definition_hash, sealed_secrets, started_at)
     VALUES (@sync_id, @workflow_id, @run_id, 'running', @trigger, @mode, @cursor_sent, @definition_hash, @sealed_secrets, @started_at)
     RETURNING job_id`,
  );
  const progress = db.prepare<{ fetched: number; pages: number; cursor_max: string | null; max_total_reached: number; job_id: number }>(
    `UPDATE jobs SET fetched = @fetched, pages = @pages, cursor_max = @cursor_max, max_total_reached = @max_total_reached
     WHERE job_id = @job_id AND status = 'running'`,
  );
  const close = db.prepare<
    JobCounts & JobErrorColumns & { status: JobEnd['status']; deletes_skipped: string | null; ended_at: string; job_id: number }
  >(
    `UPDATE jobs SET status = @status, ended_at = @ended_at, created = @created, updated = @updated,
       unchanged = @unchanged, deleted = @deleted, error = @error, error_class = @error_class, error_code = @error_code,
       error_http_status = @error_http_status, deletes_skipped = @deletes_skipped
     WHERE job_id = @job_id`,
  );

  return {
    /** The stored row, for what the API does not show (definition, secrets, cursors). */
    row(jobId: number): JobRow<number> | null {
      return row.get(jobId) ?? null;
    },

    get(jobId: number): Job | null {
      const found = byId.get(jobId);
      return found ? toJob(found) : null;
    },

    byRun(runId: string): Job | null {
      const found = byRun.get(runId);
      return found ? toJob(found) : null;
    },

    /** Jobs newest first, each with its latest delivery (job-listing.ts). */
    list(query: JobQuery): Job[] {
      const { sql, params } = jobListing(query);
      const statement = listings.get(sql);
      if (!statement) throw new Error('a jobs listing of a shape not prepared at open');
      return statement.all(params).map(toJob);
    },

    latest(syncIds: number[]): Map<number, Job> {
      return new Map(latest.all(JSON.stringify(syncIds)).map((found) => [found.sync_id, toJob(found)]));
    },

    running(): Job[] {
      return running.all().map(toJob);
    },

    /** Another running job of the sync, if any. */
    otherRunning(syncId: number, jobId: number): number | undefined {
      return otherRunning.get(syncId, jobId);
    },

    definitionHashes(syncId: number): (string | null)[] {
      return definitionHashes.all(syncId);
    },

    insert(job: NewJob): number {
      const inserted = insert.get(job);
      if (!inserted) throw new Error('INSERT … RETURNING gave no row');
      return inserted.job_id;
    },

    /** Progress of a running job; a closed job keeps what it closed with. */
    recordProgress(jobId: number, update: JobProgress): void {
      progress.run({
        fetched: update.fetched,
        pages: update.pages,
        cursor_max: toJsonText(update.cursor_max),
        max_total_reached: update.max_total_reached ? 1 : 0,
        job_id: jobId,
      });
    },

    close(jobId: number, end: JobEnd, counts: JobCounts, deletesSkipped: string | null, at: string): void {
      close.run({
        ...counts,
        status: end.status,
        ...toJobErrorColumns(end.error),
        deletes_skipped: deletesSkipped,
        ended_at: at,
        job_id: jobId,
      });
    },
  };
}

export type JobsTable = ReturnType<typeof jobsTable>;
