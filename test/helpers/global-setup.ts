import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { bundleWorkflowCode } from '@temporalio/worker';
import type {} from 'vitest';
import type { TestProject } from 'vitest/node';
import { loadConfig } from '../../src/config/config.js';
import { resolveTemporalCli } from '../../src/temporal/cli-path.js';
import { startDevServer } from '../../src/temporal/dev-server.js';
import { workflowsPath } from '../../worker/create-worker.js';
import { freePort } from './free-port.js';

declare module 'vitest' {
  export interface ProvidedContext {
    temporalAddress: string;
    temporalCliPath: string;
    workflowBundlePath: string;
  }
}

const root = path.resolve(import.meta.dirname, '..', '..');

/** One in-memory Temporal dev server on a free port and one workflow bundle for the whole run. */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const config = loadConfig(root);
  const cliPath = resolveTemporalCli(root, config.devServer.cliPath);
  const [server, bundle] = await Promise.all([
    freePort().then((port) =>
      startDevServer({
        cliPath,
        port,
        uiPort: null,
        dbFile: null,
        namespace: config.temporal.namespace,
        logLevel: 'error',
        searchAttributes: config.devServer.searchAttributes,
      }),
    ),
    bundleWorkflowCode({ workflowsPath, logger: { log() {}, info() {}, warn() {}, error() {}, debug() {}, trace() {} } }),
  ]);
  const dir = await mkdtemp(path.join(tmpdir(), 'syncd-test-'));
  const bundlePath = path.join(dir, 'workflow-bundle.js');
  await writeFile(bundlePath, bundle.code);
  project.provide('temporalAddress', server.address);
  project.provide('temporalCliPath', cliPath);
  project.provide('workflowBundlePath', bundlePath);
  return async () => {
    await server.stop();
    await rm(dir, { recursive: true, force: true });
  };
}
