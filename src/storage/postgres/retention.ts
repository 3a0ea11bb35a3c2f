import { expiredJobsSql, PRUNE_BATCH, retentionCutoff } from '../job-retention.js';
import type { JobRetention } from '../storage.js';
import type { Queryable } from './connection.js';
import type { JobDefinitionsTable } from './job-definitions-table.js';

const EXPIRED_JOBS_SQL = expiredJobsSql({ syncId: '$1', keep: '$2', cutoff: '$3', max: '$4', batch: '$5' });

/** Retention pruning (job-retention.ts) over the jobs and job_definitions tables. */
export function jobPruner(db: Queryable, definitions: JobDefinitionsTable) {
  return {
    /**
     * Prunes up to PRUNE_BATCH expired jobs of the sync (never `keepJobId`, the job just finished),
     * then the definitions only they used; call inside the transaction holding the sync's lock.
     * Answers how many went.
     */
    async pruneExpiredJobs(retention: JobRetention, syncId: number, keepJobId: number, now: Date): Promise<number> {
      const cutoff = retentionCutoff(retention, now);
      const { rows } = await db.query<{ job_id: number; definition_hash: string | null }>(EXPIRED_JOBS_SQL, [
        syncId,
        keepJobId,
        cutoff,
        retention.maxJobsPerSync,
        PRUNE_BATCH,
      ]);
      if (rows.length === 0) return 0;
      await db.query(`DELETE FROM jobs WHERE job_id = ANY($1::bigint[])`, [rows.map((job) => job.job_id)]);
      await definitions.collect(rows.map((job) => job.definition_hash));
      return rows.length;
    },
  };
}
