import type { SyncStatus } from '../contracts/sync.js';
import type { PausedReason, SyncHealth } from '../contracts/sync-health.js';
import type { StoredHealth } from '../storage/storage.js';
import { failureReason } from './failure-reason.js';

/** A sync's health as the API shows it, from the counters on its row: no job is read. */
export function healthOf(status: SyncStatus, pausedReason: PausedReason | null, stored: StoredHealth): SyncHealth {
  const autoPaused = status === 'paused' && pausedReason?.by === 'policy';
  return {
    state: autoPaused ? 'auto_paused' : stored.consecutive_failures > 0 ? 'failing' : 'healthy',
    consecutive_failures: stored.consecutive_failures,
    last_success_at: stored.last_success_at,
    reason: stored.consecutive_failures > 0 ? failureReason(stored.last_error) : null,
  };
}

/** The pause_after that applies: the sync's own (null: never), else the configured default. */
export function pauseAfterOf(policy: { pause_after: number | null } | undefined, defaultPauseAfter: number | null): number | null {
  return policy === undefined ? defaultPauseAfter : policy.pause_after;
}
