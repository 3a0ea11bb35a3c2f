import type { SyncStatus } from '../contracts/sync.js';
import { type SyncDefinition, withJobLimits } from '../contracts/sync-definition.js';
import type { PausedReason } from '../contracts/sync-health.js';
import type { StoredSync } from './storage.js';

/** A syncs row as both engines store it: the definition as JSON text. */
export interface SyncRow {
  sync_id: number;
  definition: string;
  status: SyncStatus;
  next_run_at: string | null;
  record_count: number;
  consecutive_failures: number;
  last_success_at: string | null;
  /** JSON text of the latest failed job's error. */
  last_error: string | null;
  /** JSON text of a PausedReason. */
  paused_reason: string | null;
  created_at: string;
  updated_at: string;
}

/** What starting a job reads of its sync. */
export interface JobSource {
  status: SyncStatus;
  /** The definition's JSON text, snapshot by the job as it is. */
  definition: string;
  sealedSecrets: string | null;
  incrementalCursor: string | null;
}

export const toSync = (row: SyncRow): StoredSync => ({
  sync_id: row.sync_id,
  definition: withJobLimits(JSON.parse(row.definition) as SyncDefinition),
  status: row.status,
  next_run_at: row.next_run_at,
  record_count: row.record_count,
  health: {
    consecutive_failures: row.consecutive_failures,
    last_success_at: row.last_success_at,
    last_error: row.last_error === null ? null : (JSON.parse(row.last_error) as StoredSync['health']['last_error']),
  },
  paused_reason: row.paused_reason === null ? null : (JSON.parse(row.paused_reason) as PausedReason),
  created_at: row.created_at,
  updated_at: row.updated_at,
});

export const SYNC_COLUMNS =
  'sync_id, definition, status, next_run_at, record_count, consecutive_failures, last_success_at, last_error, paused_reason, created_at, updated_at';
