/** How a job's fetch activity is retried: the worker's configuration, handed to the job workflow. */
export interface FetchTiming {
  heartbeatTimeoutMs: number;
}

/**
 * How long the fetch activity may go without a heartbeat before Temporal retries it elsewhere:
 * how soon a job of a worker that died is taken over. The fetch heartbeats every second.
 * Production keeps this; tests that kill a worker set SYNCD_FETCH_HEARTBEAT_TIMEOUT_MS lower.
 */
export const DEFAULT_FETCH_HEARTBEAT_TIMEOUT_MS = 20_000;
