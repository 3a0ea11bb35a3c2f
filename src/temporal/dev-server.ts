import { type ChildProcess, spawn } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { Connection } from '@temporalio/client';

export interface DevServerOptions {
  cliPath: string;
  port: number;
  /** null runs headless (no Web UI). */
  uiPort: number | null;
  /** null keeps everything in memory. */
  dbFile: string | null;
  namespace: string;
  logLevel: string;
  searchAttributes: Record<string, string>;
  /** Server dynamic config, such as a low `limit.historyCount.suggestContinueAsNew` for a test. */
  dynamicConfig?: Record<string, string | number>;
  startTimeoutMs?: number;
  /**
   * Runs the server in a process group of its own, so a Ctrl-C in the terminal reaches only its
   * parent, which stops it last (`npm start`: API, then worker, then this server).
   */
  ownProcessGroup?: boolean;
}

export interface DevServer {
  address: string;
  /** The server process (the CLI runs the whole dev server in it): what benches read its memory from. */
  pid: number;
  stop(): Promise<void>;
}

/** Answers true once a Temporal frontend serves requests at `address`. */
export async function isTemporalUp(address: string): Promise<boolean> {
  const connection = await Connection.connect({ address, connectTimeout: '1s' }).catch(() => null);
  if (!connection) return false;
  try {
    await connection.withDeadline(Date.now() + 2000, () => connection.workflowService.getSystemInfo({}));
    return true;
  } catch {
    return false;
  } finally {
    await connection.close();
  }
}

function stopProcess(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const force = setTimeout(() => child.kill('SIGKILL'), 5000);
    child.once('exit', () => {
      clearTimeout(force);
      resolve();
    });
    child.kill('SIGTERM');
  });
}

/** Runs `temporal server start-dev` as a child process and waits until it serves requests. */
export async function startDevServer(options: DevServerOptions): Promise<DevServer> {
  const address = `127.0.0.1:${options.port}`;
  const args = [
    'server',
    'start-dev',
    '--ip',
    '127.0.0.1',
    '--port',
    String(options.port),
    '--namespace',
    options.namespace,
    '--log-level',
    options.logLevel,
    ...(options.dbFile ? ['--db-filename', options.dbFile] : []),
    ...(options.uiPort === null ? ['--headless'] : ['--ui-port', String(options.uiPort)]),
    ...Object.entries(options.searchAttributes).flatMap(([name, type]) => ['--search-attribute', `${name}=${type}`]),
    ...Object.entries(options.dynamicConfig ?? {}).flatMap(([key, value]) => ['--dynamic-config-value', `${key}=${JSON.stringify(value)}`]),
  ];
  if (options.dbFile) mkdirSync(path.dirname(options.dbFile), { recursive: true });
  const child = spawn(options.cliPath, args, { stdio: ['ignore', 'inherit', 'inherit'], detached: options.ownProcessGroup === true });
  const exited = new Promise<never>((_, reject) => {
    child.once('error', reject);
    child.once('exit', (code, signal) => reject(new Error(`temporal server start-dev exited early (code ${code}, signal ${signal})`)));
  });
  exited.catch(() => undefined);
  const deadline = Date.now() + (options.startTimeoutMs ?? 60_000);
  while (!(await Promise.race([isTemporalUp(address), exited]))) {
    if (Date.now() > deadline) {
      await stopProcess(child);
      throw new Error(`Temporal dev server did not answer at ${address} within ${options.startTimeoutMs ?? 60_000} ms`);
    }
    await sleep(250);
  }
  return { address, pid: child.pid!, stop: () => stopProcess(child) };
}
