import type { SyncEvent } from '../../contracts/sync-health.js';
import type { KeysetPage, NewSyncEvent } from '../storage.js';
import { SYNC_EVENT_COLUMNS, type SyncEventRow, toSyncEvent } from '../sync-event-row.js';
import type { Queryable } from './connection.js';

/** The audit trail: one row per control action on a sync, gone with the sync. */
export function syncEventsTable(db: Queryable) {
  return {
    /** Inserts nothing for a sync that is gone, rather than failing on its foreign key. */
    async insert(syncId: number, event: NewSyncEvent, at: string): Promise<void> {
      await db.query(
        `INSERT INTO sync_events (sync_id, at, action, detail, actor, request_id)
         SELECT $1, $2, $3, $4, $5, $6 WHERE EXISTS (SELECT 1 FROM syncs WHERE sync_id = $1)`,
        [syncId, at, event.action, JSON.stringify(event.detail), event.actor, event.request_id],
      );
    },

    /** Newest first; `after` is the last event id of the previous page. */
    async list(syncId: number, page: KeysetPage): Promise<SyncEvent[]> {
      const { rows } = await db.query<SyncEventRow>(
        `SELECT ${SYNC_EVENT_COLUMNS} FROM sync_events
         WHERE sync_id = $1 AND ($2::bigint IS NULL OR event_id < $2) ORDER BY event_id DESC LIMIT $3`,
        [syncId, page.after ?? null, page.limit],
      );
      return rows.map(toSyncEvent);
    },
  };
}
