import type Database from 'better-sqlite3';
import type { SyncEvent } from '../../contracts/sync-health.js';
import type { KeysetPage, NewSyncEvent } from '../storage.js';
import { SYNC_EVENT_COLUMNS, type SyncEventRow, toSyncEvent } from '../sync-event-row.js';

/** The audit trail: one row per control action on a sync, gone with the sync. */
export function syncEventsTable(db: Database.Database) {
  // Inserts nothing for a sync that is gone, rather than failing on its foreign key.
  const insert = db.prepare<{ sync_id: number; at: string; action: string; detail: string; actor: string; request_id: string | null }>(
    `INSERT INTO sync_events (sync_id, at, action, detail, actor, request_id)
     SELECT @sync_id, @at, @action, @detail, @actor, @request_id WHERE EXISTS (SELECT 1 FROM syncs WHERE sync_id = @sync_id)`,
  );
  const listing = db.prepare<{ sync_id: number; before: number | null; limit: number }, SyncEventRow>(
    `SELECT ${SYNC_EVENT_COLUMNS} FROM sync_events
     WHERE sync_id = @sync_id AND (@before IS NULL OR event_id < @before) ORDER BY event_id DESC LIMIT @limit`,
  );
  return {
    insert(syncId: number, event: NewSyncEvent, at: string): void {
      insert.run({
        sync_id: syncId,
        at,
        action: event.action,
        detail: JSON.stringify(event.detail),
        actor: event.actor,
        request_id: event.request_id,
      });
    },

    /** Newest first; `after` is the last event id of the previous page. */
    list(syncId: number, page: KeysetPage): SyncEvent[] {
      return listing.all({ sync_id: syncId, before: page.after ?? null, limit: page.limit }).map(toSyncEvent);
    },
  };
}
