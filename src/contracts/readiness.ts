/** One check of `GET /readyz`: whether it passed, and why not. */
export interface ReadinessCheck {
  ok: boolean;
  detail?: string;
}

/** The body of `GET /readyz` (200 when `ready`, 503 otherwise). */
export interface Readiness {
  ready: boolean;
  checks: {
    /** The database answers a trivial query. */
    storage: ReadinessCheck;
    /** Temporal's frontend answers. */
    temporal: ReadinessCheck;
    /** A worker polls syncd's task queue, for workflow tasks and for activity tasks. */
    worker: ReadinessCheck;
  };
}
