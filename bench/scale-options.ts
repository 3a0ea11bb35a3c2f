// What `npm run bench:scale` can be told through its environment, for a quick run or a bigger one.
import { z } from 'zod';

const count = (fallback: number) => z.coerce.number().int().min(1).default(fallback);

const schema = z.object({
  /** Syncs created and measured against: half paused. */
  SCALE_SYNCS: z.coerce.number().int().min(40).default(10_000),
  /** Syncs at a 1-minute frequency whose scheduled jobs are counted over the window (0: no window). */
  SCALE_MINUTE_SYNCS: z.coerce.number().int().min(0).default(1_000),
  SCALE_WINDOW_MINUTES: count(5),
  /** Creation requests in flight at once. */
  SCALE_CONCURRENCY: count(16),
  SCALE_CONTROL_ROUNDS: count(100),
  SCALE_DETAIL_SAMPLES: count(200),
  /** Walks over every page of the list, cursor to cursor. */
  SCALE_LIST_WALKS: count(2),
});

export type ScaleOptions = {
  syncs: number;
  minuteSyncs: number;
  windowMinutes: number;
  concurrency: number;
  controlRounds: number;
  detailSamples: number;
  listWalks: number;
};

export function scaleOptions(env: NodeJS.ProcessEnv = process.env): ScaleOptions {
  const parsed = schema.safeParse(env);
  if (!parsed.success) {
    throw new Error(`bench:scale settings: ${parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('; ')}`);
  }
  const vars = parsed.data;
  return {
    syncs: vars.SCALE_SYNCS,
    minuteSyncs: vars.SCALE_MINUTE_SYNCS,
    windowMinutes: vars.SCALE_WINDOW_MINUTES,
    concurrency: vars.SCALE_CONCURRENCY,
    controlRounds: vars.SCALE_CONTROL_ROUNDS,
    detailSamples: vars.SCALE_DETAIL_SAMPLES,
    listWalks: vars.SCALE_LIST_WALKS,
  };
}
