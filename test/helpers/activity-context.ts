import { asyncLocalStorage, Context, type Info } from '@temporalio/activity';
import { CancelledFailure, type Logger, noopMetricMeter } from '@temporalio/common';

const silentLogger: Logger = { log() {}, trace() {}, debug() {}, info() {}, warn() {}, error() {} };

/**
 * Runs an activity function in a hand-made activity Context, as a worker would: heartbeats are
 * recorded, the previous attempt's heartbeat details can be given, and it can be cancelled.
 * A stand-in for MockActivityEnvironment, whose package (@temporalio/testing) is not installed;
 * it builds the Context the same way, through @temporalio/activity's public exports.
 */
export class ActivityRunner {
  readonly heartbeats: unknown[] = [];
  private readonly controller = new AbortController();
  private readonly context: Context;

  constructor(info: Partial<Info> = {}) {
    const cancelled = new Promise<never>((_resolve, reject) => {
      this.controller.signal.addEventListener('abort', () => reject(this.controller.signal.reason));
    });
    // Like the worker's: nobody has to await `cancelled`, so its rejection must not count as unhandled.
    cancelled.catch(() => undefined);
    this.context = new Context(
      { ...defaultInfo, ...info },
      cancelled,
      this.controller.signal,
      (details?: unknown) => this.heartbeats.push(details),
      undefined,
      silentLogger,
      noopMetricMeter,
      { details: undefined },
    );
  }

  run<Args extends unknown[], Result>(activity: (...args: Args) => Promise<Result>, ...args: Args): Promise<Result> {
    return asyncLocalStorage.run(this.context, () => activity(...args));
  }

  cancel(reason = 'CANCELLED'): void {
    this.controller.abort(new CancelledFailure(reason));
  }

  /** The last heartbeat as the next attempt receives it: through JSON, like every Temporal payload. */
  lastHeartbeat(): unknown {
    const last = this.heartbeats.at(-1);
    return last === undefined ? undefined : JSON.parse(JSON.stringify(last));
  }
}

const defaultInfo: Info = {
  taskToken: new Uint8Array(),
  base64TaskToken: '',
  activityId: 'test',
  activityType: 'unknown',
  activityNamespace: 'default',
  attempt: 1,
  isLocal: false,
  workflowType: 'test',
  workflowExecution: { workflowId: 'test', runId: 'test-run' },
  workflowNamespace: 'default',
  scheduledTimestampMs: 1,
  scheduleToCloseTimeoutMs: 0,
  startToCloseTimeoutMs: 60_000,
  currentAttemptScheduledTimestampMs: 1,
  heartbeatTimeoutMs: 20_000,
  heartbeatDetails: undefined,
  taskQueue: 'test',
  namespace: 'default',
  inWorkflow: true,
};
