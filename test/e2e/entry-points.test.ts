import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { freePort } from '../helpers/free-port.js';

const root = path.resolve(import.meta.dirname, '..', '..');
let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'syncd-entry-'));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

/** Runs an entry point as its npm script does, with `env` over a clean syncd environment. */
function run(script: string, env: Record<string, string>): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve) => {
    const child = execFile(process.execPath, ['--import', 'tsx', script], {
      cwd: root,
      env: { PATH: process.env.PATH, SYNCD_DB_PATH: path.join(dir, 'syncd.db'), ...env },
      timeout: 60_000,
    });
    let stderr = '';
    child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.once('close', (code) => resolve({ code, stderr }));
  });
}

describe('the entry points', () => {
  it('`npm run worker` with no Temporal at its address says so and exits 1', async () => {
    const address = `127.0.0.1:${await freePort()}`;
    const { code, stderr } = await run('worker/main.ts', { TEMPORAL_ADDRESS: address });
    expect(code).toBe(1);
    expect(stderr).toContain(`syncd: could not start: Error: could not connect to Temporal at ${address}`);
    expect(stderr).toContain('[cause]');
    expect(stderr).not.toMatch(/unhandled/i);
  });

  it('`npm start` with an invalid configuration lists the problem and exits 1, starting nothing', async () => {
    const { code, stderr } = await run('scripts/start.ts', { SYNCD_API_PORT: 'not-a-port' });
    expect(code).toBe(1);
    expect(stderr).toContain('syncd: could not start: invalid configuration:\n  - environment: SYNCD_API_PORT:');
    expect(stderr).not.toMatch(/unhandled|\n\s+at /i);
  });

  it.each([
    ['`npm run worker`', 'worker/main.ts'],
    ['`npm start`', 'scripts/start.ts'],
  ])('%s with a DATABASE_URL nothing answers at names it, password masked, and exits 1', async (_name, script) => {
    const url = `postgres://syncd:pg-s3cret@127.0.0.1:${await freePort()}/syncd`;
    const { code, stderr } = await run(script, { DATABASE_URL: url, TEMPORAL_ADDRESS: inject('temporalAddress') });
    expect(code).toBe(1);
    expect(stderr).toContain(
      `syncd: could not start: Error: could not open the PostgreSQL database at DATABASE_URL=${url.replace('pg-s3cret', '***')}`,
    );
    expect(stderr).toContain('ECONNREFUSED');
    expect(stderr).not.toContain('pg-s3cret');
    expect(stderr).not.toMatch(/unhandled/i);
  });
});
