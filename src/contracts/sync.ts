// Zod-free, like schedule.ts and job.ts: the SDK builds its Sync from here and its generated types.
import type { Job } from './job.js';
import type { SyncSchedule } from './schedule.js';
import type { PausedReason, SyncHealth } from './sync-health.js';

export const SYNC_STATUSES = ['active', 'paused', 'cancelled'] as const;
export type SyncStatus = (typeof SYNC_STATUSES)[number];

export const SYNC_ACTIONS = ['pause', 'resume', 'cancel', 'trigger'] as const;
export type SyncAction = (typeof SYNC_ACTIONS)[number];

/**
 * What syncd stores and shows for a sync, made from the validated create body and the auth type:
 * the schedule resolved, secrets masked. Generic so that the server (over its zod types) and the
 * SDK (over the types generated from them) share this one definition.
 */
export type DefinitionOf<Body, A> = Omit<Body, 'frequency' | 'cron' | 'timezone' | 'paused' | 'auth'> & {
  auth: A | null;
  schedule: SyncSchedule;
  frequency: string | null;
  cron: string | null;
  timezone: string | null;
};

/** A sync as the API shows it: its definition (secrets masked), state and latest job. */
export type SyncOf<Definition> = Omit<Definition, 'schedule' | 'failure_policy'> & {
  sync_id: number;
  status: SyncStatus;
  /** Why a paused sync is paused (null when active or cancelled, or paused at creation). */
  paused_reason: PausedReason | null;
  health: SyncHealth;
  /** The sync's own policy, or the configured default (SYNCD_PAUSE_AFTER_FAILURES) when it has none. */
  failure_policy: { pause_after: number | null };
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
