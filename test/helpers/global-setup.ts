import type {} from 'vitest';
import type { TestProject } from 'vitest/node';
import { findPostgresBin, startPostgresCluster } from './postgres-cluster.js';
import { startTemporalTestEnv } from './temporal-env.js';

declare module 'vitest' {
  export interface ProvidedContext {
    temporalAddress: string;
    temporalCliPath: string;
    workflowBundlePath: string;
    /** The private PostgreSQL cluster's maintenance database; undefined when PostgreSQL is not installed (never on CI). */
    postgresUrl: string | undefined;
  }
}

/**
 * One in-memory Temporal dev server on a free port, one workflow bundle and one private PostgreSQL
 * cluster for the whole run. Without PostgreSQL installed its tests are skipped, except on CI,
 * where that fails the run.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const bin = findPostgresBin();
  if (bin === undefined && process.env.CI) throw new Error('PostgreSQL (initdb, pg_ctl) is not installed; CI runs every PostgreSQL test');
  const postgres = bin === undefined ? undefined : await startPostgresCluster(bin);
  const env = await startTemporalTestEnv().catch(async (error: unknown) => {
    await postgres?.stop();
    throw error;
  });
  project.provide('temporalAddress', env.address);
  project.provide('temporalCliPath', env.cliPath);
  project.provide('workflowBundlePath', env.workflowBundlePath);
  project.provide('postgresUrl', postgres?.url);
  return async () => {
    await env.stop();
    await postgres?.stop();
  };
}
