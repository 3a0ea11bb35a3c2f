import type { SyncEvent, SyncEventAction } from '../contracts/sync-health.js';

/** A sync_events row as both engines store it: the detail as JSON text. */
export interface SyncEventRow {
  event_id: number;
  sync_id: number;
  at: string;
  action: SyncEventAction;
  detail: string;
  actor: string;
  request_id: string | null;
}

export const SYNC_EVENT_COLUMNS = 'event_id, sync_id, at, action, detail, actor, request_id';

export const toSyncEvent = (row: SyncEventRow): SyncEvent => ({
  ...row,
  detail: JSON.parse(row.detail) as Record<string, unknown>,
});
