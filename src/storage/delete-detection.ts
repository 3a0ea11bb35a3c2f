import type { JobMode } from '../contracts/job.js';
import type { JobEnd } from './storage.js';

/** What a finishing job does with the sync's records it did not see. */
export type UnseenRecords = { action: 'keep'; reason: string | null } | { action: 'delete'; soft: boolean };

/**
 * A job saw every record the source holds when it was a full job that succeeded without stopping
 * at max_total: only then does a record it did not see count as deleted at the source.
 */
export function sawEverything(job: { mode: JobMode; maxTotalReached: boolean }, end: JobEnd): boolean {
  return end.status === 'succeeded' && job.mode === 'full' && !job.maxTotalReached;
}

/**
 * Delete detection at the end of a job. While another job of the sync runs (`otherRunningJobId`,
 * looked up only when the job saw everything), its fresh records carry its id rather than this
 * job's, so nothing is deleted and the job says why. Soft delete marks records deleted instead of
 * removing them.
 */
export function unseenRecords(
  job: { mode: JobMode; maxTotalReached: boolean },
  end: JobEnd,
  softDelete: boolean,
  otherRunningJobId: number | undefined,
): UnseenRecords {
  if (!sawEverything(job, end)) return { action: 'keep', reason: null };
  if (otherRunningJobId !== undefined) {
    return { action: 'keep', reason: `job ${otherRunningJobId} of this sync was running, so the records this job did not see were kept` };
  }
  return { action: 'delete', soft: softDelete };
}
