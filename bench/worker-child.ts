// Runs test/helpers/worker-process.ts as a child process: waits for "ready", and on stop sends
// SIGTERM and reads back the "peak-rss-bytes N" line the worker prints as it shuts down.
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';

export interface WorkerChild {
  pid: number;
  /** SIGTERM, wait for a clean shutdown, and return the worker's peak RSS in bytes. */
  stop(): Promise<number>;
  /** SIGKILL when still running (cleanup after a failure). */
  kill(): void;
}

function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what}: no answer within ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

export async function startWorkerChild(
  root: string,
  env: Record<string, string>,
  label: string,
  nodeArgs: string[] = [],
  script = 'test/helpers/worker-process.ts',
): Promise<WorkerChild> {
  const child = spawn(process.execPath, ['--import', 'tsx', ...nodeArgs, script], {
    cwd: root,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let peakRss: number | null = null;
  let resolveReady: () => void = () => undefined;
  const ready = new Promise<void>((resolve) => (resolveReady = resolve));
  // 'close' comes after stdout has ended, so every line (peak-rss-bytes included) has been read.
  const closed = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('close', (code, signal) => resolve({ code, signal })),
  );
  createInterface({ input: child.stdout! }).on('line', (line) => {
    const text = line.trim();
    const peak = /^peak-rss-bytes (\d+)$/.exec(text);
    if (text === 'ready') resolveReady();
    else if (peak) peakRss = Number(peak[1]);
    else if (text) console.log(`[worker ${label}] ${text}`);
  });
  const exitedEarly = closed.then(({ code, signal }) => {
    throw new Error(`worker ${label} exited before it was ready (code ${code}, signal ${signal})`);
  });
  exitedEarly.catch(() => undefined);
  await withTimeout(Promise.race([ready, exitedEarly]), 120_000, `worker ${label} start`);

  const alive = () => child.exitCode === null && child.signalCode === null;
  return {
    pid: child.pid!,
    async stop() {
      if (alive()) child.kill('SIGTERM');
      const { code, signal } = await withTimeout(closed, 60_000, `worker ${label} shutdown`);
      if (peakRss === null) throw new Error(`worker ${label} printed no peak-rss-bytes (code ${code}, signal ${signal})`);
      return peakRss;
    },
    kill() {
      if (alive()) child.kill('SIGKILL');
    },
  };
}
