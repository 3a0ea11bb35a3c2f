import type { JobRetention } from './storage.js';

/**
 * Retention pruning, run by every engine when a job finishes: a finished job of the sync goes once
 * it ended more than `days` ago or falls beyond the newest `maxJobsPerSync` jobs, but never the
 * running jobs, the job just finished, the sync's latest finished job, or a job whose webhook
 * delivery is still pending. Job definitions no remaining job uses go with them.
 */
export const PRUNE_BATCH = 100; // per finished job: bounded so a finish stays quick, yet faster than jobs arrive

const DAY_MS = 86_400_000;

/** Jobs that ended before this moment (ISO text) are past the retention's age. */
export function retentionCutoff(retention: JobRetention, now: Date): string {
  return new Date(now.getTime() - retention.days * DAY_MS).toISOString();
}

/** Where each engine puts the parameters of `expiredJobsSql`: `@name` for SQLite, `$n` for PostgreSQL. */
export interface ExpiredJobsPlaceholders {
  syncId: string;
  /** The job just finished, which stays. */
  keep: string;
  /** `retentionCutoff`. */
  cutoff: string;
  /** `maxJobsPerSync`. */
  max: string;
  /** `PRUNE_BATCH`. */
  batch: string;
}

/**
 * The retention rule above in one query both engines run: the sync's expired finished jobs
 * (job_id, definition_hash), oldest first, at most a batch.
 */
export function expiredJobsSql(p: ExpiredJobsPlaceholders): string {
  return `
  SELECT job_id, definition_hash FROM jobs
  WHERE sync_id = ${p.syncId} AND status != 'running' AND job_id != ${p.keep}
    AND job_id != (SELECT max(job_id) FROM jobs WHERE sync_id = ${p.syncId} AND status != 'running')
    AND (ended_at < ${p.cutoff}
      OR job_id <= coalesce((SELECT job_id FROM jobs WHERE sync_id = ${p.syncId} ORDER BY job_id DESC LIMIT 1 OFFSET ${p.max}), 0))
    AND NOT EXISTS (SELECT 1 FROM webhook_deliveries AS d WHERE d.job_id = jobs.job_id AND d.status = 'pending')
  ORDER BY job_id LIMIT ${p.batch}`;
}
