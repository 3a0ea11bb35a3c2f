import type { CursorSource, CursorState } from '../contracts/cursor-state.js';
import type { SyncStatus } from '../contracts/sync.js';
import type { SyncDefinition } from '../contracts/sync-definition.js';
import { fromJsonText } from './json-text.js';
import type { CursorChange, JobEnd } from './storage.js';

/** Numbers compare as numbers, anything else as text (ISO times in one style sort as text). */
export function isHigherCursor(value: string | number, than: string | number): boolean {
  return typeof value === 'number' && typeof than === 'number' ? value > than : String(value) > String(than);
}

/** The cursor columns of a syncs row, as both engines store them (the cursor as JSON text). */
export interface CursorRow {
  sync_id: number;
  status: SyncStatus;
  incremental_cursor: string | null;
  cursor_set_at: string | null;
  cursor_set_by_job_id: number | null;
  cursor_source: CursorSource | null;
}

/** What a write of the cursor stores: the cursor (JSON text, null to clear), when, and by whom. */
export interface CursorWrite {
  cursor: string | null;
  at: string;
  source: CursorSource;
  jobId: number | null;
}

export const CURSOR_COLUMNS = 'sync_id, status, incremental_cursor, cursor_set_at, cursor_set_by_job_id, cursor_source';

export function toCursorState(row: CursorRow): CursorState {
  const cursor = fromJsonText(row.incremental_cursor);
  return {
    sync_id: row.sync_id,
    cursor: typeof cursor === 'string' || typeof cursor === 'number' ? cursor : null,
    set_at: row.cursor_set_at,
    set_by_job_id: row.cursor_set_by_job_id,
    source: row.cursor_source,
  };
}

/**
 * Whether a user may set or clear the cursor now: not on a missing or cancelled sync, and not while
 * a job of the sync runs. Decided inside the write transaction that holds the sync (SQLite's single
 * writer, PostgreSQL's row lock), the one that opening a job takes too: a job either opened before
 * (refused here) or opens after and starts from the new cursor. A job writes the cursor only while
 * its row is running, so none that ran before the change can overwrite it when it ends.
 */
export function cursorChangeRefusal(
  row: CursorRow | undefined,
  runningJobId: number | undefined,
): Exclude<CursorChange, { changed: true }> | null {
  if (row === undefined) return { changed: false, refused: 'not_found' };
  if (row.status === 'cancelled') return { changed: false, refused: 'cancelled' };
  if (runningJobId !== undefined) return { changed: false, refused: 'job_running', job_id: runningJobId };
  return null;
}

/**
 * The cursor an incremental sync keeps once a job ends (JSON text), or null to keep the stored one.
 * Only a successful job moves it (a failed or cancelled one may have missed records below its
 * highest), and only to the highest cursor seen in records. An incremental job never moves it back:
 * its lookback window re-reads records below the stored cursor, and a window whose records are all
 * older than it must not rewind it. A full job read everything, so what it saw stands.
 */
export function cursorToKeep(
  end: JobEnd,
  definition: SyncDefinition,
  job: { mode: 'full' | 'incremental'; cursor_max: string | null },
  stored: string | null,
): string | null {
  if (end.status !== 'succeeded' || definition.incremental === undefined || job.cursor_max === null) return null;
  if (job.mode === 'full' || stored === null) return job.cursor_max === stored ? null : job.cursor_max;
  const seen = fromJsonText(job.cursor_max);
  const kept = fromJsonText(stored);
  const comparable = (value: unknown): value is string | number => typeof value === 'string' || typeof value === 'number';
  if (!comparable(seen) || !comparable(kept)) return job.cursor_max;
  return isHigherCursor(seen, kept) ? job.cursor_max : null;
}
