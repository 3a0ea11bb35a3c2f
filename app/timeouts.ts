/** How long syncd waits on Temporal and how often it sweeps; tests shorten some through `buildSystem`'s overrides. */
export interface Timeouts {
  /** A change (create, pause, PATCH...) waits this long for Temporal and the worker before the API answers 503. */
  updateMs: number;
  /** GET /v1/syncs/:id waits this long for Temporal's next run before showing the stored one (a describe takes milliseconds). */
  readMs: number;
  /** The API's client gives up connecting to Temporal after this long. */
  connectMs: number;
  /** How often the worker closes job rows whose workflow ended without closing them. */
  orphanSweepMs: number;
}

export const DEFAULT_TIMEOUTS: Timeouts = {
  updateMs: 30_000,
  readMs: 1_000,
  connectMs: 5_000,
  orphanSweepMs: 60_000,
};
