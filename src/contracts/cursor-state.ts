// Zod-free, like job.ts: the API answers it, the SDK returns it.

/** Who last set a sync's incremental cursor: a job that succeeded, or a user through the API. */
export const CURSOR_SOURCES = ['job', 'api'] as const;
export type CursorSource = (typeof CURSOR_SOURCES)[number];

/** `GET /v1/syncs/:id/state`: the incremental cursor the next job starts from, and where it came from. */
export interface CursorState {
  sync_id: number;
  /** The highest `cursor_path` value of the records of the job that set it, or the value set through the API; null: the next job is full. */
  cursor: string | number | null;
  /** When it was last set or cleared; null if never (or before syncd recorded it). */
  set_at: string | null;
  /** The job that set it (source `job`); null otherwise. */
  set_by_job_id: number | null;
  source: CursorSource | null;
}
