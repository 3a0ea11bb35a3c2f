import type { JobMode, JobTrigger } from '../contracts/job.js';
import type { SyncDefinition } from '../contracts/sync-definition.js';

/**
 * Why the next job of a sync starts, left on the sync by the action that asked for it (create,
 * trigger, resume, resync) just before it asks Temporal for the job. The job that starts next
 * claims it, so the one after that is a scheduled job again.
 */
export interface PendingTrigger {
  trigger: JobTrigger;
  /** A resync that empties the sync's records before its job fetches them again. */
  clearRecords: boolean;
}

/** What a starting job is: why it runs, whether it fetches everything, and from which cursor. */
export interface JobLabel {
  trigger: JobTrigger;
  mode: JobMode;
  /** The incremental cursor (JSON text) the job sends; null for a full job. */
  cursorSent: string | null;
  /** Whether the sync's records are emptied before the job runs. */
  clearRecords: boolean;
}

/**
 * Labels the job that claims `pending`: a job nobody asked for is a scheduled one. An incremental
 * sync fetches only what changed since its stored cursor, except on its first job (no cursor yet)
 * and on a resync, which fetches everything again.
 */
export function labelJob(pending: PendingTrigger | null, sync: { definition: SyncDefinition; incrementalCursor: string | null }): JobLabel {
  const trigger = pending?.trigger ?? 'schedule';
  const incremental = sync.definition.incremental !== undefined && trigger !== 'resync' && sync.incrementalCursor !== null;
  return {
    trigger,
    mode: incremental ? 'incremental' : 'full',
    cursorSent: incremental ? sync.incrementalCursor : null,
    clearRecords: trigger === 'resync' && pending?.clearRecords === true,
  };
}
