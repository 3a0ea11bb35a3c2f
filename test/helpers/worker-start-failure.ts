import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { buildSystem } from '../../app/build-system.js';
import { loadConfig } from '../../src/config/config.js';
import { TEST_OVERRIDES } from './test-overrides.js';
import { rejectionOf } from './thrown-by.js';

const root = path.resolve(import.meta.dirname, '..', '..');

/** What starting a worker-only syncd against the Temporal at `address`, configured with `env`, throws. */
export async function workerStartFailure(address: string, env: Record<string, string>): Promise<Error> {
  const dir = await mkdtemp(path.join(tmpdir(), 'syncd-start-'));
  try {
    const config = loadConfig(root, {
      TEMPORAL_ADDRESS: address,
      SYNCD_DB_PATH: path.join(dir, 'syncd.db'),
      SYNCD_WORKER_METRICS_PORT: '0',
      ...env,
    });
    return (await rejectionOf(buildSystem(config, { ...TEST_OVERRIDES, api: false, orphanSweep: false }))) as Error;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** The messages of an error and its causes, outermost first. */
export function causeMessages(error: unknown): string {
  const found: string[] = [];
  for (let cause = error; cause instanceof Error; cause = cause.cause) found.push(cause.message);
  return found.join(' <- ');
}
