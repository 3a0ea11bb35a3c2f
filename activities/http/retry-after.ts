const MAX_WAIT_MS = 10 * 60 * 1000;

/** Milliseconds to wait from a Retry-After header (seconds or an HTTP date), capped at 10 minutes. */
export function retryAfterMs(header: string | null, nowMs: number): number | null {
  if (header === null || header.trim() === '') return null;
  const text = header.trim();
  const waitMs = /^\d+$/.test(text) ? Number(text) * 1000 : Date.parse(text) - nowMs;
  if (Number.isNaN(waitMs)) return null;
  return Math.min(MAX_WAIT_MS, Math.max(0, waitMs));
}
