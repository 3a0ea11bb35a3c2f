import { CURSOR_COLUMNS, type CursorRow, type CursorWrite } from '../incremental-cursor.js';
import type { Queryable } from './connection.js';

/** The incremental cursor columns of the syncs table, and the running-job check a user's change needs. */
export function cursorTable(db: Queryable) {
  return {
    async get(syncId: number): Promise<CursorRow | undefined> {
      const { rows } = await db.query<CursorRow>(`SELECT ${CURSOR_COLUMNS} FROM syncs WHERE sync_id = $1`, [syncId]);
      return rows[0];
    },

    async runningJob(syncId: number): Promise<number | undefined> {
      const { rows } = await db.query<{ job_id: number }>(`SELECT job_id FROM jobs WHERE status = 'running' AND sync_id = $1 LIMIT 1`, [
        syncId,
      ]);
      return rows[0]?.job_id;
    },

    async set(syncId: number, change: CursorWrite): Promise<void> {
      await db.query(
        `UPDATE syncs SET incremental_cursor = $1, cursor_set_at = $2, cursor_source = $3, cursor_set_by_job_id = $4 WHERE sync_id = $5`,
        [change.cursor, change.at, change.source, change.jobId, syncId],
      );
    },
  };
}
