import { looksSecret, SECRET_MASK } from '../contracts/auth.js';
import type { Job } from '../contracts/job.js';
import type { Sync } from '../contracts/sync-definition.js';
import { healthOf, pauseAfterOf } from '../health/sync-health-view.js';
import type { StoredSync } from '../storage/storage.js';

/** A sync's next run, and whether Temporal was asked for it and did not answer. */
export interface NextRun {
  at: string | null;
  unconfirmed: boolean;
}

function masked<V>(entries: Record<string, V>): Record<string, V | typeof SECRET_MASK> {
  return Object.fromEntries(Object.entries(entries).map(([name, value]) => [name, looksSecret(name) ? SECRET_MASK : value]));
}

/**
 * A stored sync as the API shows it; auth secrets are stored masked, secret-looking headers and
 * params masked here. The next run of an active sync is stale when Temporal could not confirm it
 * or when it has already passed (the worker records a new one as each job starts).
 */
export function toSyncView(
  stored: StoredSync,
  live: { nextRun: NextRun; lastJob: Job | null; defaultPauseAfter: number | null },
  now: Date = new Date(),
): Sync {
  const { schedule: _schedule, headers, query_params, failure_policy, ...definition } = stored.definition;
  const active = stored.status === 'active';
  const nextRunAt = active ? live.nextRun.at : null;
  return {
    sync_id: stored.sync_id,
    ...definition,
    headers: masked(headers),
    query_params: masked(query_params),
    status: stored.status,
    paused_reason: stored.status === 'paused' ? stored.paused_reason : null,
    health: healthOf(stored.status, stored.paused_reason, stored.health),
    failure_policy: { pause_after: pauseAfterOf(failure_policy, live.defaultPauseAfter) },
    next_run_at: nextRunAt,
    next_run_at_stale: active && (live.nextRun.unconfirmed || (nextRunAt !== null && Date.parse(nextRunAt) < now.getTime())),
    last_job: live.lastJob,
    totals: { records: stored.record_count },
    created_at: stored.created_at,
    updated_at: stored.updated_at,
  };
}
