// `npm start`: the whole system on one machine: the Temporal dev server, the REST API and dashboard
// in this process, and a worker in a child process of its own, so parsing a huge page never stalls
// the API. The child is restarted with backoff when it dies, and stops when this process dies.
import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildSystem } from '../app/build-system.js';
import { pinoLogger } from '../app/pino-logger.js';
import { type Running, runUntilSignalled } from '../app/run-until-signalled.js';
import { ShutdownSteps } from '../app/shutdown-steps.js';
import { superviseChild } from '../app/supervised-child.js';
import { loadConfig } from '../src/config/config.js';
import { resolveTemporalCli } from '../src/temporal/cli-path.js';
import { describeTemporalConnection, needsOwnServer } from '../src/temporal/connection-options.js';
import { type DevServer, isTemporalUp, startDevServer } from '../src/temporal/dev-server.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const workerMain = path.join(root, 'worker', 'main.ts');
/** The worker cancels its activities at once on SIGTERM; this is for one that hangs. */
const WORKER_STOP_TIMEOUT_MS = 30_000;

/** worker/main.ts with this process's node and loader (tsx), its environment and its Temporal address. */
function spawnWorker(temporalAddress: string) {
  return spawn(process.execPath, [...process.execArgv, workerMain], {
    cwd: root,
    env: { ...process.env, TEMPORAL_ADDRESS: temporalAddress },
    // The IPC channel closes when this process dies, however it dies: the worker then stops too.
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    // Its own process group: a Ctrl-C reaches only this process, which stops the API first.
    detached: true,
  });
}

async function start(): Promise<Running> {
  const config = loadConfig(root);
  const logger = pinoLogger({ level: config.logLevel });
  // Stopped newest first: API, then worker, then dev server; a failed start undoes what it did.
  const steps = new ShutdownSteps();
  let devServer: DevServer | undefined;
  // With TLS or an API key the server is the operator's: a local dev server could not stand in for it.
  if (needsOwnServer(config.temporal) || (await isTemporalUp(config.temporal.address))) {
    logger.info(`syncd: using the Temporal server at ${describeTemporalConnection(config.temporal)}`);
  } else {
    logger.info(`syncd: starting the Temporal dev server (data in ${path.relative(root, config.devServer.dbFile)})`);
    devServer = await startDevServer({
      cliPath: resolveTemporalCli(root, config.devServer.cliPath),
      port: config.devServer.port,
      uiPort: config.devServer.uiPort,
      dbFile: config.devServer.dbFile,
      namespace: config.temporal.namespace,
      logLevel: config.devServer.logLevel,
      searchAttributes: config.devServer.searchAttributes,
      ownProcessGroup: true,
    });
    steps.push(devServer.stop);
    config.temporal.address = devServer.address;
  }
  // The API before the worker: on a fresh machine it creates the database and the secret files
  // the worker then reads, so two processes never race to generate them.
  const system = await buildSystem(config, { worker: false, logger }).catch(async (error: unknown) => {
    await steps.run();
    throw error;
  });
  logger.info(`syncd: API and dashboard on http://localhost:${system.apiPort} (pid ${process.pid})`);
  if (devServer) logger.info(`syncd: Temporal Web UI on http://localhost:${config.devServer.uiPort}`);
  const worker = superviseChild({
    name: 'worker',
    spawn: () => spawnWorker(config.temporal.address),
    log: logger,
    stopTimeoutMs: WORKER_STOP_TIMEOUT_MS,
  });
  steps.push(() => worker.stop());
  steps.push(() => system.stop());
  // A worker that cannot start would fail on every restart too: the start fails, undoing the rest.
  await worker.ready.catch(async (error: unknown) => {
    await steps.run();
    throw error;
  });
  return { stop: () => steps.run() };
}

await runUntilSignalled(start);
