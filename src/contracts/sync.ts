import type { Job } from './job.js';
import type { SyncDefinition } from './sync-definition.js';

export const SYNC_STATUSES = ['active', 'paused', 'cancelled'] as const;
export type SyncStatus = (typeof SYNC_STATUSES)[number];

export const SYNC_ACTIONS = ['pause', 'resume', 'cancel', 'trigger'] as const;
export type SyncAction = (typeof SYNC_ACTIONS)[number];

/** A sync as the API shows it: its definition (secrets masked), state and latest job. */
export type Sync = Omit<SyncDefinition, 'schedule'> & {
  sync_id: number;
  status: SyncStatus;
  next_run_at: string | null;
  /**
   * True when next_run_at comes from syncd's database and may be outdated: Temporal did not answer
   * in time, or the stored time has passed (the worker is behind or down).
   */
  next_run_at_stale: boolean;
  last_job: Job | null;
  totals: { records: number };
  created_at: string;
  updated_at: string;
};

export interface SyncedRecord {
  key: string;
  data: unknown;
  created_at: string;
  updated_at: string;
  /** Set when the API stopped returning the record and the sync keeps it (soft_delete). */
  deleted_at: string | null;
}

export interface Page<T> {
  data: T[];
  next_cursor: string | null;
}
