import type {} from 'vitest';
import type { TestProject } from 'vitest/node';
import { startTemporalTestEnv } from './temporal-env.js';

declare module 'vitest' {
  export interface ProvidedContext {
    temporalAddress: string;
    temporalCliPath: string;
    workflowBundlePath: string;
  }
}

/** One in-memory Temporal dev server on a free port and one workflow bundle for the whole run. */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const env = await startTemporalTestEnv();
  project.provide('temporalAddress', env.address);
  project.provide('temporalCliPath', env.cliPath);
  project.provide('workflowBundlePath', env.workflowBundlePath);
  return env.stop;
}
