/**
 * The wait before a webhook delivery's second attempt; each later wait doubles, up to a minute.
 * Production keeps this; tests set SYNCD_WEBHOOK_RETRY_INITIAL_MS so six attempts take seconds.
 */
export const DEFAULT_WEBHOOK_RETRY_INITIAL_MS = 1_000;

/** The longest wait between two attempts, which the first wait may not exceed. */
export const WEBHOOK_RETRY_MAXIMUM_MS = 60_000;
