// `npm run worker`: a worker alone, with the orphaned-job sweep; also the worker process `npm start` spawns.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildSystem } from '../app/build-system.js';
import { pinoLogger } from '../app/pino-logger.js';
import { runUntilSignalled } from '../app/run-until-signalled.js';
import { READY_MESSAGE } from '../app/supervised-child.js';
import { loadConfig } from '../src/config/config.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
await runUntilSignalled(async () => {
  const config = loadConfig(root);
  const logger = pinoLogger({ level: config.logLevel });
  const system = await buildSystem(config, { api: false, logger });
  const { address, namespace, taskQueue } = config.temporal;
  logger.info(`syncd: worker polling task queue ${taskQueue} of namespace ${namespace} at ${address} (pid ${process.pid})`);
  logger.info(`syncd: worker metrics on http://${config.workerMetrics.host}:${system.workerMetricsPort}/metrics`);
  // Tells `npm start`, when it is the parent, that this worker started.
  process.send?.(READY_MESSAGE);
  return system;
});
