// `npm start`: the whole system on one machine: Temporal dev server, worker, REST API, dashboard.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadConfig } from '../src/config/config.js';
import { runSystem } from '../src/system.js';
import { resolveTemporalCli } from '../src/temporal/cli-path.js';
import { isTemporalUp, startDevServer, type DevServer } from '../src/temporal/dev-server.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const config = loadConfig(root);

let devServer: DevServer | undefined;
if (await isTemporalUp(config.temporal.address)) {
  console.log(`syncd: using the Temporal server already at ${config.temporal.address}`);
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

const system = await runSystem(config, { worker: true, api: true });
console.log(`syncd: API and dashboard on http://localhost:${system.apiPort}`);
if (devServer) console.log(`syncd: Temporal Web UI on http://localhost:${config.devServer.uiPort}`);

let stopping = false;
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    if (stopping) return;
    stopping = true;
    console.log('syncd: shutting down');
    void system
      .stop()
      .then(() => devServer?.stop())
      .then(() => process.exit(0));
  });
}
