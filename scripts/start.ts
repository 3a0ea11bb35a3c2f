// `npm start`: the whole system on one machine: Temporal dev server, worker, REST API, dashboard.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildSystem } from '../app/build-system.js';
import { type Running, runUntilSignalled } from '../app/run-until-signalled.js';
import { loadConfig } from '../src/config/config.js';
import { resolveTemporalCli } from '../src/temporal/cli-path.js';
import { describeTemporalConnection, needsOwnServer } from '../src/temporal/connection-options.js';
import { type DevServer, isTemporalUp, startDevServer } from '../src/temporal/dev-server.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

async function start(): Promise<Running> {
  const config = loadConfig(root);
  let devServer: DevServer | undefined;
  // With TLS or an API key the server is the operator's: a local dev server could not stand in for it.
  if (needsOwnServer(config.temporal) || (await isTemporalUp(config.temporal.address))) {
    console.log(`syncd: using the Temporal server at ${describeTemporalConnection(config.temporal)}`);
  } else {
    console.log(`syncd: starting the Temporal dev server (data in ${path.relative(root, config.devServer.dbFile)})`);
    devServer = await startDevServer({
      cliPath: resolveTemporalCli(root, config.devServer.cliPath),
      port: config.devServer.port,
      uiPort: config.devServer.uiPort,
      dbFile: config.devServer.dbFile,
      namespace: config.temporal.namespace,
      logLevel: config.devServer.logLevel,
      searchAttributes: config.devServer.searchAttributes,
    });
    config.temporal.address = devServer.address;
  }
  const system = await buildSystem(config).catch(async (error: unknown) => {
    await devServer?.stop();
    throw error;
  });
  console.log(`syncd: API and dashboard on http://localhost:${system.apiPort}`);
  if (devServer) console.log(`syncd: Temporal Web UI on http://localhost:${config.devServer.uiPort}`);
  return {
    workerRun: system.workerRun,
    async stop() {
      try {
        await system.stop();
      } finally {
        await devServer?.stop();
      }
    },
  };
}

await runUntilSignalled(start);
