import type Database from 'better-sqlite3';
import type { JobRetention } from './storage.js';

/** Jobs pruned per finished job: bounded so a finish stays quick, yet faster than jobs arrive. */
const PRUNE_BATCH = 100;
const DAY_MS = 86_400_000;

/**
 * Finished jobs of a sync that retention lets go: older than `days` or beyond the newest
 * `maxJobsPerSync`. Never a running job, the job just finished (`keepJobId`), the sync's latest
 * finished job, or a job whose webhook delivery is still pending.
 */
const EXPIRED_JOBS_SQL = `
  SELECT job_id, definition_hash FROM jobs
  WHERE sync_id = @sync_id AND status != 'running' AND job_id != @keep
    AND job_id != (SELECT max(job_id) FROM jobs WHERE sync_id = @sync_id AND status != 'running')
    AND (ended_at < @cutoff
      OR job_id <= coalesce((SELECT job_id FROM jobs WHERE sync_id = @sync_id ORDER BY job_id DESC LIMIT 1 OFFSET @max), 0))
    AND NOT EXISTS (SELECT 1 FROM webhook_deliveries AS d WHERE d.job_id = jobs.job_id AND d.status = 'pending')
  ORDER BY job_id LIMIT @batch`;

/** Deletes these definitions unless a job still uses them. */
export function collectDefinitions(db: Database.Database, hashes: (string | null)[]): void {
  const candidates = [...new Set(hashes.filter((hash) => hash !== null))];
  if (candidates.length === 0) return;
  db.prepare(
    `DELETE FROM job_definitions WHERE hash IN (SELECT value FROM json_each(?))
       AND NOT EXISTS (SELECT 1 FROM jobs WHERE jobs.definition_hash = job_definitions.hash)`,
  ).run(JSON.stringify(candidates));
}

/** Prunes up to PRUNE_BATCH expired jobs of the sync, then the definitions only they used; call inside the write transaction. */
export function pruneJobs(db: Database.Database, retention: JobRetention, syncId: number, keepJobId: number): number {
  const expired = db.prepare(EXPIRED_JOBS_SQL).all({
    sync_id: syncId,
    keep: keepJobId,
    cutoff: new Date(Date.now() - retention.days * DAY_MS).toISOString(),
    max: retention.maxJobsPerSync,
    batch: PRUNE_BATCH,
  }) as { job_id: number; definition_hash: string | null }[];
  if (expired.length === 0) return 0;
  db.prepare(`DELETE FROM jobs WHERE job_id IN (SELECT value FROM json_each(?))`).run(JSON.stringify(expired.map((job) => job.job_id)));
  collectDefinitions(db, expired.map((job) => job.definition_hash));
  return expired.length;
}
