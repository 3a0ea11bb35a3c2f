import { ConfigError } from '../src/config/config.js';

/** What an entry point runs: stopped on SIGINT or SIGTERM, and when its worker ends. */
export interface Running {
  workerRun?: Promise<void> | undefined;
  stop(): Promise<void>;
}

function exitFailing(what: string, error: unknown): void {
  // A configuration error is a readable list of problems already; anything else gets its stack and causes.
  console.error(`syncd: ${what}:`, error instanceof ConfigError ? error.message : error);
  process.exit(1);
}

/**
 * Calls `stop` once the process that spawned this one with an IPC channel (`npm start` its worker)
 * is gone, however it ended: even SIGKILLed, its end of the channel closes. No channel, no watch.
 */
function whenParentGone(stop: () => void): void {
  if (!process.send) return;
  // The channel may have closed during a long start, before anyone listened.
  if (!process.connected) stop();
  else process.once('disconnect', stop);
}

/**
 * Runs an entry point (`npm start`, `npm run worker`, `npm run api`) until SIGINT, SIGTERM or
 * SIGHUP (a closed terminal), or until the parent that spawned it with an IPC channel is gone. A
 * signal during the start stops it once started; a second one leaves at once. A failed start, a worker that fails or a failed stop is logged and exits 1, never left as an
 * unhandled rejection.
 */
export async function runUntilSignalled(start: () => Promise<Running>): Promise<void> {
  let running: Running | undefined;
  let stopRequested = false;
  let stopping = false;
  const stop = (exitCode: number) => {
    if (stopping) return;
    if (!running) {
      // Asked during the start: stop as soon as it is done, so nothing is left half started.
      stopRequested = true;
      return;
    }
    stopping = true;
    running.stop().then(
      () => process.exit(exitCode),
      (error: unknown) => exitFailing('could not stop cleanly', error),
    );
  };
  // Handlers go in before the start, so a signal right after it cannot take the default (kill) path.
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    process.on(signal, () => {
      if (!running && stopRequested) {
        // A second signal while the start still hangs (an unreachable server): leave at once.
        console.error('syncd: interrupted during the start');
        process.exit(1);
      }
      if (!stopping && !stopRequested) console.log('syncd: shutting down');
      stop(0);
    });
  }
  try {
    running = await start();
  } catch (error) {
    exitFailing('could not start', error);
    return;
  }
  if (stopRequested) {
    stop(0);
    return;
  }
  whenParentGone(() => {
    if (!stopping) console.error('syncd: the parent process is gone; shutting down');
    stop(0);
  });
  // Temporal's runtime stops the worker on a signal too; a worker that ends on its own ends the process.
  running.workerRun?.then(
    () => stop(0),
    () => stop(1),
  );
}
