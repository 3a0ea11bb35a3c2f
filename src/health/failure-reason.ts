import type { JobEnd } from '../storage/storage.js';

/** Reasons longer than this are cut: the health shows a line, the failed job the whole error. */
const MAX_REASON_LENGTH = 500;

/**
 * The one place a failed job's error becomes the sync's health reason and the auto-pause message
 * (the job error's shape may change; only this function follows it).
 */
export function failureReason(error: JobEnd['error']): string | null {
  if (error === null) return null;
  const reason = `${error.class} ${error.code}: ${error.message}`;
  return reason.length > MAX_REASON_LENGTH ? `${reason.slice(0, MAX_REASON_LENGTH - 1)}…` : reason;
}
