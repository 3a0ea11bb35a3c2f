import type Database from 'better-sqlite3';
import { PRUNE_BATCH, retentionCutoff } from '../job-retention.js';
import type { JobRetention } from '../storage.js';
import type { JobDefinitionsTable } from './job-definitions-table.js';

/** The rule of job-retention.ts in one query: expired finished jobs of a sync, oldest first. */
const EXPIRED_JOBS_SQL = `
  SELECT job_id, definition_hash FROM jobs
  WHERE sync_id = @sync_id AND status != 'running' AND job_id != @keep
    AND job_id != (SELECT max(job_id) FROM jobs WHERE sync_id = @sync_id AND status != 'running')
    AND (ended_at < @cutoff
      OR job_id <= coalesce((SELECT job_id FROM jobs WHERE sync_id = @sync_id ORDER BY job_id DESC LIMIT 1 OFFSET @max), 0))
    AND NOT EXISTS (SELECT 1 FROM webhook_deliveries AS d WHERE d.job_id = jobs.job_id AND d.status = 'pending')
  ORDER BY job_id LIMIT @batch`;

/** Retention pruning (job-retention.ts) over the jobs and job_definitions tables. */
export function jobPruner(db: Database.Database, definitions: JobDefinitionsTable) {
  const expired = db.prepare<
    { sync_id: number; keep: number; cutoff: string; max: number; batch: number },
    { job_id: number; definition_hash: string | null }
  >(EXPIRED_JOBS_SQL);
  const removeJobs = db.prepare<[string]>(`DELETE FROM jobs WHERE job_id IN (SELECT value FROM json_each(?))`);

  return {
    /**
     * Prunes up to PRUNE_BATCH expired jobs of the sync (never `keepJobId`, the job just finished),
     * then the definitions only they used; call inside the write transaction. Answers how many went.
     */
    pruneExpiredJobs(retention: JobRetention, syncId: number, keepJobId: number, now: Date): number {
      const cutoff = retentionCutoff(retention, now);
      const jobs = expired.all({ sync_id: syncId, keep: keepJobId, cutoff, max: retention.maxJobsPerSync, batch: PRUNE_BATCH });
      if (jobs.length === 0) return 0;
      removeJobs.run(JSON.stringify(jobs.map((job) => job.job_id)));
      definitions.collect(jobs.map((job) => job.definition_hash));
      return jobs.length;
    },
  };
}
