// Zod-free, like job.ts: the SDK, the webhook payload, the metrics and the workflows share it.

/**
 * Whose move a failure is: `config` the user's (fix the sync: a 4xx other than 408/429, a bad
 * response_path, a missing unique key, refused auth, a blocked address), `transient` nobody's
 * (network, timeout, 5xx, 429 after retries: the next job may succeed), `internal` ours (a bug).
 */
export const FAILURE_CLASSES = ['config', 'transient', 'internal'] as const;
export type FailureClass = (typeof FAILURE_CLASSES)[number];

/** Why a job failed, as the job, its webhook and the metrics show it. */
export interface JobError {
  class: FailureClass;
  /** A stable machine-readable code, e.g. `http_404`, `job_stalled`, `missing_unique_key`. */
  code: string;
  /** What happened, secrets redacted. */
  message: string;
  /** The external API's HTTP status, when an answer caused the failure. */
  http_status?: number;
}
