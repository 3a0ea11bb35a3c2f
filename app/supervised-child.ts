import type { ChildProcess } from 'node:child_process';

/** A child that lived this long was healthy: its death starts the backoff over. */
const HEALTHY_AFTER_MS = 60_000;
const MAX_RESTART_DELAY_MS = 30_000;

/** 1 s, 2 s, 4 s ... up to 30 s after the `failures`th death in a row. */
export function restartDelayMs(failures: number): number {
  return Math.min(1000 * 2 ** Math.max(0, failures - 1), MAX_RESTART_DELAY_MS);
}

export interface SupervisedChildOptions {
  /** What the log calls the child ("worker"). */
  name: string;
  spawn(): ChildProcess;
  /** Where deaths and restarts are said: loudly, as errors. */
  log: { info(message: string): void; error(message: string): void };
  /** After `stop()`'s SIGTERM, how long the child may take before it gets SIGKILL. */
  stopTimeoutMs: number;
  restartDelayMs?: (failures: number) => number;
}

export interface SupervisedChild {
  /** The running child's pid; undefined between a death and its restart. */
  readonly pid: number | undefined;
  /**
   * Resolves when the first child sends `READY_MESSAGE` over its IPC channel; rejects, with no
   * restart, when it dies before that: a child that cannot start (bad configuration, no server)
   * would fail the same way on every restart, so the start fails instead.
   */
  readonly ready: Promise<void>;
  /** No more restarts; SIGTERM to the child, SIGKILL after `stopTimeoutMs`; resolves once it is gone. */
  stop(): Promise<void>;
}

/** What a supervised child sends its parent (`process.send`) once it is up. */
export const READY_MESSAGE = 'ready';

function describeEnd(code: number | null, signal: NodeJS.Signals | null): string {
  return signal ? `was killed by ${signal}` : `exited with code ${code}`;
}

/**
 * Runs a child process and restarts it with backoff whenever it dies before `stop()`: what
 * `npm start` does with its worker, so a crashed worker neither takes the API down nor goes unnoticed.
 */
export function superviseChild(options: SupervisedChildOptions): SupervisedChild {
  const delayFor = options.restartDelayMs ?? restartDelayMs;
  let current: ChildProcess | undefined;
  let startedAt = 0;
  let failures = 0;
  let stopping = false;
  let restartTimer: NodeJS.Timeout | undefined;
  let gone: Promise<void> = Promise.resolve();
  let isReady = false;
  let markReady: () => void = () => undefined;
  let failStart: (error: Error) => void = () => undefined;
  const ready = new Promise<void>((resolve, reject) => {
    markReady = resolve;
    failStart = reject;
  });
  // Whoever starts the child awaits `ready`; a stop before then must not leave a rejection unhandled.
  ready.catch(() => undefined);

  const launch = () => {
    restartTimer = undefined;
    const child = options.spawn();
    current = child;
    startedAt = Date.now();
    let ended = false;
    gone = new Promise<void>((resolve) => {
      const end = (how: string) => {
        if (ended) return;
        ended = true;
        current = undefined;
        resolve();
        if (!isReady) {
          stopping = true;
          failStart(new Error(`the ${options.name} process (pid ${child.pid ?? 'none'}) ${how} before it was ready`));
          return;
        }
        if (stopping) return;
        failures = Date.now() - startedAt >= HEALTHY_AFTER_MS ? 1 : failures + 1;
        const delay = delayFor(failures);
        options.log.error(
          `syncd: the ${options.name} process (pid ${child.pid ?? 'none'}) ${how} unexpectedly; restarting it in ${delay / 1000} s`,
        );
        restartTimer = setTimeout(launch, delay);
      };
      child.once('exit', (code, signal) => end(describeEnd(code, signal)));
      child.on('message', (message) => {
        if (message !== READY_MESSAGE || isReady) return;
        isReady = true;
        markReady();
      });
      // A spawn that failed emits 'error' and may never emit 'exit'.
      child.once('error', (error) => end(`failed (${error.message})`));
    });
    if (child.pid !== undefined) options.log.info(`syncd: ${options.name} process started (pid ${child.pid})`);
  };
  launch();

  return {
    get pid() {
      return current?.pid;
    },
    ready,
    async stop() {
      stopping = true;
      clearTimeout(restartTimer);
      const child = current;
      if (!child) return;
      const force = setTimeout(() => {
        options.log.error(`syncd: the ${options.name} process (pid ${child.pid}) did not stop in time; killing it`);
        child.kill('SIGKILL');
      }, options.stopTimeoutMs);
      child.kill('SIGTERM');
      await gone;
      clearTimeout(force);
      options.log.info(`syncd: ${options.name} process (pid ${child.pid}) stopped`);
    },
  };
}
