// Zod-free, like sync.ts and job.ts: the SDK builds its Sync and SyncEvent types from here.

export const HEALTH_STATES = ['healthy', 'failing', 'auto_paused'] as const;
export type HealthState = (typeof HEALTH_STATES)[number];

/** How a sync's recent jobs went, kept on its row (updated as each job ends), so listings scan no jobs. */
export interface SyncHealth {
  state: HealthState;
  /** Failed jobs since the last successful one; cancelled jobs neither count nor reset it. */
  consecutive_failures: number;
  last_success_at: string | null;
  /** Why the latest job failed, while it keeps failing; null once a job succeeds. */
  reason: string | null;
}

export const PAUSED_BY = ['user', 'policy'] as const;
export type PausedBy = (typeof PAUSED_BY)[number];

/** Why a paused sync is paused; cleared by resume. */
export interface PausedReason {
  by: PausedBy;
  at: string;
  message: string;
}

/** The control actions the audit trail records. */
export const SYNC_EVENT_ACTIONS = [
  'create',
  'patch',
  'pause',
  'resume',
  'trigger',
  'resync',
  'cancel',
  'state_change',
  'auto_pause',
] as const;
export type SyncEventAction = (typeof SYNC_EVENT_ACTIONS)[number];

/** Who made a change besides an API key's name: no keys configured, Temporal directly, the failure policy. */
export const ANONYMOUS_ACTOR = 'anonymous';
export const OPERATOR_ACTOR = 'operator';
export const POLICY_ACTOR = 'policy';

/** One control action on a sync, as `GET /v1/syncs/:id/events` shows it. */
export interface SyncEvent {
  event_id: number;
  sync_id: number;
  at: string;
  action: SyncEventAction;
  /** A small description of what changed (e.g. the PATCHed field names); never a secret. */
  detail: Record<string, unknown>;
  /** The API key's name, `anonymous`, `operator` (Temporal directly) or `policy` (auto-pause). */
  actor: string;
  /** The API request's X-Request-Id; null for operator and policy changes. */
  request_id: string | null;
}

export const SYNC_WEBHOOK_EVENTS = ['sync.failing', 'sync.auto_paused'] as const;
export type SyncWebhookEvent = (typeof SYNC_WEBHOOK_EVENTS)[number];

/**
 * The webhook body of a sync-level event, signed like `job.finished`: `sync.failing` once a
 * streak of failed jobs reaches half of pause_after (rounded up), `sync.auto_paused` when the
 * failure policy paused the sync.
 */
export interface SyncEventWebhookPayload {
  event: SyncWebhookEvent;
  sync_id: number;
  at: string;
  consecutive_failures: number;
  pause_after: number;
  /** Why the latest job failed. */
  reason: string | null;
}
