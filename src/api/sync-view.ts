import type { Job } from '../contracts/job.js';
import type { Sync } from '../contracts/sync.js';
import type { StoredSync } from '../storage/storage.js';

const SECRET_NAME = /auth|token|secret|password|passwd|api[-_]?key|cookie|session|signature|credential/i;
export const MASK = '***';

function masked<V>(entries: Record<string, V>): Record<string, V | typeof MASK> {
  return Object.fromEntries(Object.entries(entries).map(([name, value]) => [name, SECRET_NAME.test(name) ? MASK : value]));
}

/** A stored sync as the API shows it; headers and query params that look secret are masked. */
export function toSyncView(
  stored: StoredSync,
  live: { nextRunAt: Date | null; lastJob: Job | null; records: number },
): Sync {
  const { schedule: _schedule, headers, query_params, ...definition } = stored.definition;
  return {
    sync_id: stored.sync_id,
    ...definition,
    headers: masked(headers),
    query_params: masked(query_params),
    status: stored.status,
    next_run_at: stored.status === 'active' && live.nextRunAt ? live.nextRunAt.toISOString() : null,
    last_job: live.lastJob,
    totals: { records: live.records },
    created_at: stored.created_at,
    updated_at: stored.updated_at,
  };
}
