// Latency samples and the figures the control and scale benches print.

export interface Summary {
  n: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
}

/** Nearest-rank percentile of ascending samples. */
function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}

export function summarise(samples: number[]): Summary {
  const sorted = [...samples].sort((a, b) => a - b);
  return {
    n: sorted.length,
    p50: percentile(sorted, 50),
    p95: percentile(sorted, 95),
    p99: percentile(sorted, 99),
    max: sorted.at(-1) ?? Number.NaN,
  };
}

/** Runs `call` and answers how long it took in milliseconds. */
export async function timed(call: () => Promise<unknown>): Promise<number> {
  const startedAt = performance.now();
  await call();
  return performance.now() - startedAt;
}

export const ms = (value: number) => `${value.toFixed(1)} ms`;
export const ratio = (value: number) => `${value.toFixed(2)}x`;

/** Where a timed call's sample goes; round numbers let warm-up rounds be left out. */
export interface LatencyRecorder<Op extends string> {
  record<T>(op: Op, round: number, call: () => Promise<T>): Promise<T>;
}

/** Samples per call, leaving out the warm-up rounds. */
export class LatencySamples<Op extends string> implements LatencyRecorder<Op> {
  private readonly samples = new Map<Op, number[]>();

  constructor(private readonly warmUpRounds: number) {}

  async record<T>(op: Op, round: number, call: () => Promise<T>): Promise<T> {
    const startedAt = performance.now();
    const result = await call();
    const elapsed = performance.now() - startedAt;
    if (round >= this.warmUpRounds) {
      const list = this.samples.get(op);
      if (list) list.push(elapsed);
      else this.samples.set(op, [elapsed]);
    }
    return result;
  }

  of(op: Op): Summary {
    return summarise(this.samples.get(op) ?? []);
  }
}
