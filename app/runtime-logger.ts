import type { Logger } from '@temporalio/common';
import { Runtime } from '@temporalio/worker';

/**
 * Makes `logger` the logger of Temporal's runtime, native core included (forwarded), so the
 * worker's logs go where syncd's own go and tests can silence or capture them. The runtime is one
 * per process and must get its logger before any worker or native connection exists; it remembers
 * the options when it shuts down with its last connection and restarts with them.
 */
export function installRuntimeLogger(logger: Logger): void {
  if (Runtime.defaultOptions.logger === logger) return;
  if (Runtime._instance) {
    throw new Error("Temporal's runtime already runs with another logger; build every system of a process with the same one");
  }
  Runtime.install({ logger, telemetryOptions: { logging: { filter: { core: 'WARN', other: 'ERROR' }, forward: {} } } });
}
