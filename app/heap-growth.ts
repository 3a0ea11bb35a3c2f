import v8 from 'node:v8';

/**
 * Caps how far the process's heap grows past what V8's last full collection kept before it runs
 * the next one (config.ts: DEFAULT_WORKER_HEAP_GROWTH_PERCENT says why a worker needs it). V8 reads
 * the flag at each full collection, so setting it once the process runs takes effect. 0 leaves V8's
 * own growth heuristics.
 */
export function limitHeapGrowth(percent: number): void {
  if (percent > 0) v8.setFlagsFromString(`--heap-growing-percent=${percent}`);
}
