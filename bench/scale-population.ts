// The syncs the scale bench creates through the API, a bounded number of requests at a time.
import { setTimeout as sleep } from 'node:timers/promises';
import { mapBounded } from '../src/api/bounded-concurrency.js';
import type { Harness } from '../test/helpers/harness.js';

export interface SyncPlan {
  frequency: string;
  paused: boolean;
}

/** The paused half: every frequency from 1 minute up. */
const PAUSED_FREQUENCIES = ['1 minute', '5 minutes', '15 minutes', '1 hour', '6 hours', '1 day'];
/**
 * The active half: 1 hour up, so none of them fires again while the bench runs (each runs the job
 * its creation starts) and the jobs counted over the window are the 1-minute set's alone.
 */
const ACTIVE_FREQUENCIES = ['1 hour', '6 hours', '1 day', '1 week'];

/** Half paused, half active, alternating, each half cycling through its frequencies. */
export function populationPlan(count: number): SyncPlan[] {
  return Array.from({ length: count }, (_, index) => {
    const paused = index % 2 === 1;
    const frequencies = paused ? PAUSED_FREQUENCIES : ACTIVE_FREQUENCIES;
    return { paused, frequency: frequencies[Math.floor(index / 2) % frequencies.length]! };
  });
}

export interface Created {
  plan: SyncPlan;
  syncId: number;
}

export interface Creation {
  created: Created[];
  /** What the API answered for the creations that failed (the bench goes on without them). */
  failures: string[];
  seconds: number;
}

/**
 * POST /v1/syncs for each plan, at most `concurrency` at once. With `spreadMs`, creation k starts
 * no earlier than k * spreadMs / count after the first, so intervals (phased at creation) spread
 * over that span instead of firing together.
 */
export async function createSyncs(
  h: Harness,
  plans: SyncPlan[],
  options: { concurrency: number; spreadMs?: number; label: string },
): Promise<Creation> {
  const failures: string[] = [];
  const startedAt = performance.now();
  let done = 0;
  const results = await mapBounded(plans, options.concurrency, async (plan, index) => {
    if (options.spreadMs !== undefined) {
      const due = startedAt + (index * options.spreadMs) / plans.length;
      const wait = due - performance.now();
      if (wait > 0) await sleep(wait);
    }
    const response = await h
      .api('POST', '/v1/syncs', {
        url: h.fakeApi.url('/items'),
        unique_key: 'id',
        friendly_name: `${options.label} ${index}`,
        frequency: plan.frequency,
        paused: plan.paused,
      })
      .catch((error: unknown) => ({ status: 0, body: { error: String(error) } }));
    done += 1;
    if (done % 1000 === 0) {
      console.log(`  ${done} / ${plans.length} (${(done / ((performance.now() - startedAt) / 1000)).toFixed(1)} syncs/s)`);
    }
    if (response.status === 201) return { plan, syncId: response.body.sync_id as number };
    failures.push(`${response.status} ${JSON.stringify(response.body)}`);
    return null;
  });
  return {
    created: results.filter((result): result is Created => result !== null),
    failures,
    seconds: (performance.now() - startedAt) / 1000,
  };
}
