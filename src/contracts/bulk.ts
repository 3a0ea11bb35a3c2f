// Zod-free, like sync.ts, so the SDK shares it: what a bulk action answers. Its body's schema is
// bulkActionSchema in api.ts.
import type { ErrorCode } from './errors.js';
import type { SyncStatus } from './sync.js';

/** One sync's outcome: its status afterwards (null when it does not exist) and, when the action failed, why. */
export interface BulkActionResult {
  sync_id: number;
  status: SyncStatus | null;
  /** The code and message the single form would have answered for this sync. */
  error?: { code: ErrorCode; message: string };
}

/** Answer of `PUT /v1/syncs` with `sync_ids` (in the order named) or `filter` (oldest sync first). */
export interface BulkActionResponse {
  results: BulkActionResult[];
}
