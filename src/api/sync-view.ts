import { looksSecret, SECRET_MASK } from '../contracts/auth.js';
import type { Job } from '../contracts/job.js';
import type { Sync } from '../contracts/sync.js';
import type { StoredSync } from '../storage/storage.js';

function masked<V>(entries: Record<string, V>): Record<string, V | typeof SECRET_MASK> {
  return Object.fromEntries(Object.entries(entries).map(([name, value]) => [name, looksSecret(name) ? SECRET_MASK : value]));
}

/** A stored sync as the API shows it; auth secrets are stored masked, secret-looking headers and params masked here. */
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
