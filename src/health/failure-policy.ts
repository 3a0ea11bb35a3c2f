/** The streak length at which `sync.failing` warns: half of pause_after, rounded up. */
export const warnAfter = (pauseAfter: number): number => Math.ceil(pauseAfter / 2);

/**
 * What the failure policy does once a job of an active sync has failed, given the streak it made:
 * pause at pause_after, warn once when the streak reaches half of it (not when that is also the
 * pause: pause_after 1 only pauses), nothing otherwise or when the policy is off (null).
 */
export function policyStep(consecutiveFailures: number, pauseAfter: number | null): 'pause' | 'warn' | null {
  if (pauseAfter === null || consecutiveFailures === 0) return null;
  if (consecutiveFailures >= pauseAfter) return 'pause';
  return consecutiveFailures === warnAfter(pauseAfter) ? 'warn' : null;
}

/** The auto-pause's message, shown as paused_reason.message. */
export function autoPauseMessage(consecutiveFailures: number, pauseAfter: number, reason: string | null): string {
  const streak = `${consecutiveFailures} consecutive jobs failed (failure_policy.pause_after ${pauseAfter})`;
  return reason === null ? streak : `${streak}; the last: ${reason}`;
}
