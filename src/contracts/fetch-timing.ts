/** How a job's fetch activity is retried: the worker's configuration, handed to the job workflow. */
export interface FetchTiming {
  heartbeatTimeoutMs: number;
  /** The wait before a failed fetch's second attempt; each later wait doubles, up to a minute. */
  retryInitialMs: number;
}

/**
 * How long the fetch activity may go without a heartbeat before Temporal retries it elsewhere:
 * how soon a job of a worker that died is taken over. The fetch heartbeats every second.
 * Production keeps this; tests that kill a worker set SYNCD_FETCH_HEARTBEAT_TIMEOUT_MS lower.
 */
export const DEFAULT_FETCH_HEARTBEAT_TIMEOUT_MS = 20_000;

/** Production's first retry wait; tests of failing APIs set SYNCD_FETCH_RETRY_INITIAL_MS lower. */
export const DEFAULT_FETCH_RETRY_INITIAL_MS = 1_000;

/** The longest wait between two fetch attempts, which the first wait may not exceed. */
export const FETCH_RETRY_MAXIMUM_MS = 60_000;
