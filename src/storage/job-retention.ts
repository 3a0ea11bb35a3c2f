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
