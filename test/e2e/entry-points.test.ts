import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
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

  it("`npm start` with TLS or an API key set starts no dev server in place of the operator's, and says how it tried to connect", async () => {
    const address = `127.0.0.1:${await freePort()}`;
    const { code, stderr } = await run('scripts/start.ts', { TEMPORAL_ADDRESS: address, TEMPORAL_API_KEY: 'not-to-be-printed' });
    expect(code).toBe(1);
    expect(stderr).toContain(
      `syncd: could not start: Error: could not connect to Temporal at ${address} (TLS trusting the system's CAs; API key from TEMPORAL_API_KEY)`,
    );
    expect(stderr).not.toContain('not-to-be-printed');
    expect(stderr).not.toMatch(/unhandled/i);
  });
});
