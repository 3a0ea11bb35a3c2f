// `npm run api`: the REST API and dashboard alone, for deployments that run API replicas apart
// from workers. Jobs run on workers (`npm run worker`), which also sweep orphaned jobs.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildSystem } from '../app/build-system.js';
import { pinoLogger } from '../app/pino-logger.js';
import { runUntilSignalled } from '../app/run-until-signalled.js';
import { loadConfig } from '../src/config/config.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
await runUntilSignalled(async () => {
  const config = loadConfig(root);
  const logger = pinoLogger({ level: config.logLevel });
  const system = await buildSystem(config, { worker: false, logger });
  logger.info(`syncd: API and dashboard on http://localhost:${system.apiPort} (pid ${process.pid})`);
  return system;
});
