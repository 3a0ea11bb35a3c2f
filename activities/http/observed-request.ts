import { type ExternalRequestKind, secondsSince, type WorkerMetrics } from '../../src/metrics/metrics.js';

/**
 * Sends one outbound request through `send` and counts its outcome: the status `statusOf` reads
 * from the answer, or `error` when `send` throws (no answer: network, timeout, cancellation),
 * timed to the answer's headers. Body reads stay outside, so a slow body does not count as latency.
 */
export async function observeRequest<T>(
  metrics: WorkerMetrics,
  kind: ExternalRequestKind,
  send: () => Promise<T>,
  statusOf: (answer: T) => number,
): Promise<T> {
  const startedAt = performance.now();
  let answer: T;
  try {
    answer = await send();
  } catch (error) {
    metrics.externalRequest(kind, 'error', secondsSince(startedAt));
    throw error;
  }
  metrics.externalRequest(kind, statusOf(answer), secondsSince(startedAt));
  return answer;
}
