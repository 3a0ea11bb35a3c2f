import type Database from 'better-sqlite3';
import { expiredJobsSql, PRUNE_BATCH, retentionCutoff } from '../job-retention.js';
import type { JobRetention } from '../storage.js';
import type { JobDefinitionsTable } from './job-definitions-table.js';

/** Retention pruning (job-retention.ts) over the jobs and job_definitions tables. */
export function jobPruner(db: Database.Database, definitions: JobDefinitionsTable) {
  const expired = db.prepare<
    { sync_id: number; keep: number; cutoff: string; max: number; batch: number },
    { job_id: number; definition_hash: string | null }
  >(expiredJobsSql({ syncId: '@sync_id', keep: '@keep', cutoff: '@cutoff', max: '@max', batch: '@batch' }));
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
