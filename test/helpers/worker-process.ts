// A syncd worker in a process of its own, built as `npm run worker` builds it, so tests can SIGKILL
// it and benches can measure it. Configured by the environment of a harness (Harness.workerEnv),
// WORKFLOW_BUNDLE_PATH included. Prints "ready" once polling, and its peak RSS in bytes on SIGTERM.
import path from 'node:path';
import { buildSystem } from '../../app/build-system.js';
import { loadConfig } from '../../src/config/config.js';
import { TEST_OVERRIDES } from './test-overrides.js';

const codePath = process.env.WORKFLOW_BUNDLE_PATH;
if (!codePath) throw new Error('WORKFLOW_BUNDLE_PATH is not set');
const system = await buildSystem(loadConfig(path.resolve(import.meta.dirname, '..', '..')), {
  ...TEST_OVERRIDES,
  api: false,
  workflowBundle: { codePath },
});
console.log('ready');
// Temporal's runtime shuts the worker down on SIGTERM.
await system.workerRun;
console.log(`peak-rss-bytes ${process.resourceUsage().maxRSS * 1024}`);
await system.stop();
