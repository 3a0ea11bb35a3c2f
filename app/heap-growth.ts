import v8 from 'node:v8';
import { runInNewContext } from 'node:vm';

/**
 * Caps how far the process's heap grows past what V8's last full collection kept before it runs
 * the next one (config.ts: DEFAULT_WORKER_HEAP_GROWTH_PERCENT says why a worker needs it). 0 leaves
 * V8's own growth heuristics.
 */
export function limitHeapGrowth(percent: number): void {
  if (percent <= 0) return;
  v8.setFlagsFromString(`--heap-growing-percent=${percent}`);
  // V8 applies the factor when a full collection sets the next limit; until then the limit set at
  // start-up with its own factor holds, and a 200,000-record job still grew the worker by 84 MB.
  // So one full collection now, through a gc function exposed for this one call.
  v8.setFlagsFromString('--expose-gc');
  const collect = runInNewContext('gc') as () => void;
  v8.setFlagsFromString('--no-expose-gc');
  collect();
}
