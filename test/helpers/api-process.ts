// A syncd API alone in a process of its own, built as `npm run api` builds it with the tests'
// overrides, so tests can run several and SIGKILL one. Configured by the environment of a harness
// (Harness.workerEnv, SYNCD_API_PORT 0 there). Prints "listening <port>" once it serves.
import path from 'node:path';
import { buildSystem } from '../../app/build-system.js';
import { runUntilSignalled } from '../../app/run-until-signalled.js';
import { loadConfig } from '../../src/config/config.js';
import { TEST_OVERRIDES } from './test-overrides.js';

await runUntilSignalled(async () => {
  const system = await buildSystem(loadConfig(path.resolve(import.meta.dirname, '..', '..')), { ...TEST_OVERRIDES, worker: false });
  console.log(`listening ${system.apiPort}`);
  return system;
});
