import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { bundleWorkflowCode } from '@temporalio/worker';
import { workflowInterceptorModules, workflowsPath } from '../../app/sync-worker.js';
import { loadConfig } from '../../src/config/config.js';
import { resolveTemporalCli } from '../../src/temporal/cli-path.js';
import { type DevServer, type DevServerOptions, startDevServer } from '../../src/temporal/dev-server.js';
import { freePort } from './free-port.js';

const root = path.resolve(import.meta.dirname, '..', '..');
const silentLogger = { log() {}, info() {}, warn() {}, error() {}, debug() {}, trace() {} };

export interface TemporalTestEnv {
  address: string;
  /** The dev server's process id. */
  serverPid: number;
  cliPath: string;
  workflowBundlePath: string;
  stop(): Promise<void>;
}

function devServerLogLevel(testLogLevel: string | undefined): string {
  const level = testLogLevel?.toLowerCase();
  if (level === undefined) return 'never';
  return level === 'trace' ? 'debug' : level;
}

/** An in-memory, headless dev server on a free port, with the search attributes of temporal.yaml unless `options` says others. */
export async function startTestDevServer(
  options: Partial<Pick<DevServerOptions, 'dynamicConfig' | 'searchAttributes'>> = {},
): Promise<DevServer> {
  const config = loadConfig(root);
  return startDevServer({
    cliPath: resolveTemporalCli(root, config.devServer.cliPath),
    port: await freePort(),
    uiPort: null,
    dbFile: null,
    namespace: config.temporal.namespace,
    // What the dev server says about the failures tests provoke (updates timed out, a worker's task
    // queue gone) is noise; SYNCD_TEST_LOG_LEVEL turns it back on with the test logger's.
    logLevel: devServerLogLevel(process.env.SYNCD_TEST_LOG_LEVEL),
    searchAttributes: config.devServer.searchAttributes,
    ...options,
  });
}

/** A test dev server and the workflows bundled once into a temp file: what the suite, the history recorder and the benches run on. */
export async function startTemporalTestEnv(): Promise<TemporalTestEnv> {
  const config = loadConfig(root);
  const dir = await mkdtemp(path.join(tmpdir(), 'syncd-temporal-'));
  const [server, bundle] = await Promise.allSettled([
    startTestDevServer(),
    bundleWorkflowCode({ workflowsPath, workflowInterceptorModules, logger: silentLogger }),
  ]);
  const stop = async () => {
    if (server.status === 'fulfilled') await server.value.stop();
    await rm(dir, { recursive: true, force: true });
  };
  if (server.status === 'rejected' || bundle.status === 'rejected') {
    await stop();
    throw server.status === 'rejected' ? server.reason : (bundle as PromiseRejectedResult).reason;
  }
  const workflowBundlePath = path.join(dir, 'workflow-bundle.js');
  await writeFile(workflowBundlePath, bundle.value.code);
  return {
    address: server.value.address,
    serverPid: server.value.pid,
    cliPath: resolveTemporalCli(root, config.devServer.cliPath),
    workflowBundlePath,
    stop,
  };
}
