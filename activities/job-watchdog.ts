import type { ApplicationFailure } from '@temporalio/common';
import { FailureCode, jobFailure } from './failure-class.js';

/** When a job is given up: no page committed for `stallMs`, or the clock past `deadlineAt`. */
export interface WatchdogLimits {
  stallMs: number;
  /** Epoch milliseconds: the job's start plus max_job_seconds, so a retried attempt keeps the same deadline. */
  deadlineAt: number;
  stallSeconds: number;
  maxJobSeconds: number;
  /** How long a write in flight when the watchdog fires may still finish (default 5 s). */
  writeGraceMs?: number;
}

const DEFAULT_WRITE_GRACE_MS = 5000;

export interface Watchdog {
  /** Aborts with the job_stalled or job_timeout failure, or with the activity's cancellation reason. */
  signal: AbortSignal;
  /** A page was committed: the stall clock starts again. */
  progressed(): void;
  /** `work`, or the watchdog's failure as soon as it fires, even while `work` waits on something stuck. */
  race<T>(work: Promise<T>): Promise<T>;
  /**
   * A page's writes: once the watchdog fires they get the write grace to finish, so a job given up
   * between its record write and its progress write still shows pages and counts that agree; only
   * a write stuck past the grace is given up (it may land later, tagged with the closed job).
   */
  settle<T>(writes: Promise<T>): Promise<T>;
  stop(): void;
}

/**
 * Gives up a job's fetch that makes no progress: a page that trickles in forever (each byte resets
 * no request timer, the request timeout may even be longer) or a write that never returns. Both
 * failures are non-retryable and `transient`: the job fails, the next scheduled job tries again.
 */
export function startWatchdog(limits: WatchdogLimits, cancellation: AbortSignal, now: () => number = Date.now): Watchdog {
  const controller = new AbortController();
  const giveUp = (failure: ApplicationFailure): void => {
    if (!controller.signal.aborted) controller.abort(failure);
  };
  const stalled = (): void =>
    giveUp(
      jobFailure(
        {
          class: 'transient',
          code: FailureCode.JobStalled,
          message: `no page was committed for ${limits.stallSeconds} s (stall_timeout_seconds)`,
        },
        { nonRetryable: true },
      ),
    );
  const timedOut = (): void =>
    giveUp(
      jobFailure(
        {
          class: 'transient',
          code: FailureCode.JobTimeout,
          message: `the job ran longer than ${limits.maxJobSeconds} s (max_job_seconds)`,
        },
        { nonRetryable: true },
      ),
    );
  let stallTimer = setTimeout(stalled, limits.stallMs);
  const deadlineTimer = setTimeout(timedOut, Math.max(0, limits.deadlineAt - now()));
  const onCancel = (): void => {
    if (!controller.signal.aborted) controller.abort(cancellation.reason);
  };
  if (cancellation.aborted) onCancel();
  else cancellation.addEventListener('abort', onCancel, { once: true });

  return {
    signal: controller.signal,
    progressed() {
      clearTimeout(stallTimer);
      stallTimer = setTimeout(stalled, limits.stallMs);
    },
    race<T>(work: Promise<T>): Promise<T> {
      const { signal } = controller;
      let onAbort = (): void => undefined;
      const aborted = new Promise<never>((_, reject) => {
        onAbort = () => reject(signal.reason);
        if (signal.aborted) onAbort();
        else signal.addEventListener('abort', onAbort, { once: true });
      });
      // The work may still settle after losing; its outcome is no longer anyone's news.
      work.catch(() => undefined);
      return Promise.race([work, aborted]).finally(() => signal.removeEventListener('abort', onAbort));
    },
    settle<T>(writes: Promise<T>): Promise<T> {
      const { signal } = controller;
      return new Promise<T>((resolve, reject) => {
        let graceTimer: ReturnType<typeof setTimeout> | undefined;
        const onAbort = (): void => {
          graceTimer = setTimeout(() => reject(signal.reason), limits.writeGraceMs ?? DEFAULT_WRITE_GRACE_MS);
        };
        if (signal.aborted) onAbort();
        else signal.addEventListener('abort', onAbort, { once: true });
        writes.then(resolve, reject).finally(() => {
          clearTimeout(graceTimer);
          signal.removeEventListener('abort', onAbort);
        });
      });
    },
    stop() {
      clearTimeout(stallTimer);
      clearTimeout(deadlineTimer);
      cancellation.removeEventListener('abort', onCancel);
    },
  };
}
