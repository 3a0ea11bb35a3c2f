import type { Logger } from '@temporalio/common';
import { DefaultLogger, Runtime } from '@temporalio/worker';

/** What `npm start` and `npm run worker` log with: Temporal's default format, from INFO up, on stderr. */
export function consoleLogger(): Logger {
  return new DefaultLogger('INFO');
}

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
