import type Database from 'better-sqlite3';
import type { CursorSource } from '../../contracts/cursor-state.js';
import { CURSOR_COLUMNS, type CursorRow, type CursorWrite } from '../incremental-cursor.js';

/** The incremental cursor columns of the syncs table, and the running-job check a user's change needs. */
export function cursorTable(db: Database.Database) {
  const read = db.prepare<[number], CursorRow>(`SELECT ${CURSOR_COLUMNS} FROM syncs WHERE sync_id = ?`);
  const runningJob = db.prepare<[number], number>(`SELECT job_id FROM jobs WHERE status = 'running' AND sync_id = ? LIMIT 1`).pluck();
  const write = db.prepare<{ cursor: string | null; at: string; source: CursorSource; job_id: number | null; sync_id: number }>(
    `UPDATE syncs SET incremental_cursor = @cursor, cursor_set_at = @at, cursor_source = @source, cursor_set_by_job_id = @job_id
     WHERE sync_id = @sync_id`,
  );

  return {
    get(syncId: number): CursorRow | undefined {
      return read.get(syncId);
    },

    runningJob(syncId: number): number | undefined {
      return runningJob.get(syncId);
    },

    set(syncId: number, change: CursorWrite): void {
      write.run({ cursor: change.cursor, at: change.at, source: change.source, job_id: change.jobId, sync_id: syncId });
    },
  };
}
