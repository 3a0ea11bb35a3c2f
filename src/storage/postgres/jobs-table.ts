import type { Job } from '../../contracts/job.js';
import { toJobErrorColumns } from '../job-error-columns.js';
import { type JobCounts, type JobRow, type JobWithDeliveryRow, type NewJob, toJob } from '../job-row.js';
import { toJsonText } from '../json-text.js';
import { LATEST_DELIVERY_COLUMNS, LATEST_DELIVERY_JOIN } from '../latest-delivery.js';
import type { JobEnd, JobProgress, JobQuery } from '../storage.js';
import type { Queryable } from './connection.js';
import { jobListing } from './job-listing.js';

const SELECT_JOBS = `SELECT jobs.*, ${LATEST_DELIVERY_COLUMNS} FROM jobs ${LATEST_DELIVERY_JOIN}`;

/** The jobs table: one row per job workflow run, its progress, counts and outcome. */
export function jobsTable(db: Queryable) {
  const jobs = async (sql: string, values: unknown[]): Promise<Job[]> => (await db.query<JobWithDeliveryRow>(sql, values)).rows.map(toJob);

  return {
    /** The stored row, for what the API does not show (definition, secrets, cursors). */
    async row(jobId: number): Promise<JobRow<boolean> | null> {
      const { rows } = await db.query<JobRow<boolean>>(`SELECT * FROM jobs WHERE job_id = $1`, [jobId]);
      return rows[0] ?? null;
    },

    async get(jobId: number): Promise<Job | null> {
      return (await jobs(`${SELECT_JOBS} WHERE jobs.job_id = $1`, [jobId]))[0] ?? null;
    },

    async byRun(runId: string): Promise<Job | null> {
      return (await jobs(`${SELECT_JOBS} WHERE jobs.run_id = $1`, [runId]))[0] ?? null;
    },

    /** Jobs newest first, each with its latest delivery (job-listing.ts). */
    list(query: JobQuery): Promise<Job[]> {
      const { sql, values } = jobListing(query);
      return jobs(sql, values);
    },

    /** The newest job of each of these syncs: one index seek per sync. */
    async latest(syncIds: number[]): Promise<Map<number, Job>> {
      const found = await jobs(
        `SELECT jobs.*, ${LATEST_DELIVERY_COLUMNS} FROM unnest($1::bigint[]) AS wanted (sync_id)
         JOIN jobs ON jobs.job_id =
           (SELECT newest.job_id FROM jobs AS newest WHERE newest.sync_id = wanted.sync_id ORDER BY newest.job_id DESC LIMIT 1)
         ${LATEST_DELIVERY_JOIN}`,
        [syncIds],
      );
      return new Map(found.map((job) => [job.sync_id, job]));
    },

    running(): Promise<Job[]> {
      return jobs(`${SELECT_JOBS} WHERE jobs.status = 'running' ORDER BY jobs.job_id`, []);
    },

    /** Another running job of the sync, if any. */
    async otherRunning(syncId: number, jobId: number): Promise<number | undefined> {
      const { rows } = await db.query<{ job_id: number }>(
        `SELECT job_id FROM jobs WHERE status = 'running' AND sync_id = $1 AND job_id != $2 LIMIT 1`,
        [syncId, jobId],
      );
      return rows[0]?.job_id;
    },

    async definitionHashes(syncId: number): Promise<(string | null)[]> {
      const { rows } = await db.query<{ definition_hash: string | null }>(`SELECT DISTINCT definition_hash FROM jobs WHERE sync_id = $1`, [
        syncId,
      ]);
      return rows.map((row) => row.definition_hash);
    },

    async insert(job: NewJob): Promise<number> {
      const { rows } = await db.query<{ job_id: number }>(
        `INSERT INTO jobs (sync_id, workflow_id, run_id, status, trigger, mode, cursor_sent, definition_hash, sealed_secrets, started_at)
         VALUES ($1, $2, $3, 'running', $4, $5, $6, $7, $8, $9) RETURNING job_id`,
        [
          job.sync_id,
          job.workflow_id,
          job.run_id,
          job.trigger,
          job.mode,
          job.cursor_sent,
          job.definition_hash,
          job.sealed_secrets,
          job.started_at,
        ],
      );
      const inserted = rows[0];
      if (!inserted) throw new Error('INSERT … RETURNING gave no row');
      return inserted.job_id;
    },

    /** Progress of a running job; a closed job keeps what it closed with. */
    async recordProgress(jobId: number, update: JobProgress): Promise<void> {
      await db.query(
        `UPDATE jobs SET fetched = $1, pages = $2, cursor_max = $3, max_total_reached = $4 WHERE job_id = $5 AND status = 'running'`,
        [update.fetched, update.pages, toJsonText(update.cursor_max), update.max_total_reached === true, jobId],
      );
    },

    async close(jobId: number, end: JobEnd, counts: JobCounts, deletesSkipped: string | null, at: string): Promise<void> {
      const error = toJobErrorColumns(end.error);
      await db.query(
        `UPDATE jobs SET status = $1, ended_at = $2, created = $3, updated = $4, unchanged = $5, deleted = $6, error = $7,
           error_class = $8, error_code = $9, error_http_status = $10, deletes_skipped = $11
         WHERE job_id = $12`,
        [
          end.status,
          at,
          counts.created,
          counts.updated,
          counts.unchanged,
          counts.deleted,
          error.error,
          error.error_class,
          error.error_code,
          error.error_http_status,
          deletesSkipped,
          jobId,
        ],
      );
    },
  };
}

export type JobsTable = ReturnType<typeof jobsTable>;
