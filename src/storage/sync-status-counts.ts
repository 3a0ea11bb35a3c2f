import { SYNC_STATUSES, type SyncStatus } from '../contracts/sync.js';

/** One row of a `GROUP BY status` count over the syncs table. */
export interface StatusCount {
  status: SyncStatus;
  count: number;
}

/** Every status with its count, zero for those no row names: a gauge must say 0, not drop the series. */
export function syncStatusCounts(rows: readonly StatusCount[]): Record<SyncStatus, number> {
  const counts = Object.fromEntries(SYNC_STATUSES.map((status) => [status, 0])) as Record<SyncStatus, number>;
  for (const row of rows) counts[row.status] = row.count;
  return counts;
}
