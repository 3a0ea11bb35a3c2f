import { inject } from 'vitest';
import { type Harness, type HarnessOptions, startHarness } from './harness.js';
import { createDatabase } from './postgres-cluster.js';

/**
 * A fresh database on the run's PostgreSQL cluster when SYNCD_TEST_STORAGE=postgres (the switch
 * that runs the end-to-end files on PostgreSQL), else undefined: SQLite.
 */
export async function testDatabaseUrl(): Promise<string | undefined> {
  if (process.env.SYNCD_TEST_STORAGE !== 'postgres') return undefined;
  const url = inject('postgresUrl');
  if (url === undefined) throw new Error('SYNCD_TEST_STORAGE=postgres, but PostgreSQL is not installed');
  return createDatabase(url);
}

/** A harness on the suite's dev server and workflow bundle (see global-setup.ts), on the storage SYNCD_TEST_STORAGE names. */
export async function startTestHarness(options: Omit<HarnessOptions, 'address' | 'workflowBundlePath'> = {}): Promise<Harness> {
  const databaseUrl = options.databaseUrl ?? (await testDatabaseUrl());
  return startHarness({
    ...options,
    ...(databaseUrl === undefined ? {} : { databaseUrl }),
    address: inject('temporalAddress'),
    workflowBundlePath: inject('workflowBundlePath'),
  });
}
