import type { Info } from '@temporalio/activity';
import type { Logger } from '@temporalio/common';
import { MockActivityEnvironment } from '@temporalio/testing';

const silentLogger: Logger = { log() {}, trace() {}, debug() {}, info() {}, warn() {}, error() {} };

/**
 * Runs an activity function in Temporal's MockActivityEnvironment, as a worker would: heartbeats
 * are recorded, the previous attempt's heartbeat details can be given, and it can be cancelled.
 */
export class ActivityRunner {
  readonly heartbeats: unknown[] = [];
  private readonly environment: MockActivityEnvironment;

  constructor(info: Partial<Info> = {}) {
    this.environment = new MockActivityEnvironment(info, { logger: silentLogger });
    this.environment.on('heartbeat', (details: unknown) => this.heartbeats.push(details));
  }

  run<Args extends unknown[], Result>(activity: (...args: Args) => Promise<Result>, ...args: Args): Promise<Result> {
    return this.environment.run(activity, ...args);
  }

  cancel(): void {
    this.environment.cancel('CANCELLED');
  }

  /** The last heartbeat as the next attempt receives it: through JSON, like every Temporal payload. */
  lastHeartbeat(): unknown {
    const last = this.heartbeats.at(-1);
    return last === undefined ? undefined : JSON.parse(JSON.stringify(last));
  }
}
