import { execFile } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterEach, beforeEach, expect, it } from 'vitest';

const root = path.resolve(import.meta.dirname, '..', '..');
let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'syncd-secrets-'));
});
afterEach(() => rm(dir, { recursive: true, force: true }));

it('processes starting together on a fresh machine all get the same generated secrets, and leave only the two files', async () => {
  // Each process starts in well under 5 s, then waits for this moment.
  const env = { PATH: process.env.PATH, SYNCD_DB_PATH: path.join(dir, 'data', 'syncd.db'), START_AT: String(Date.now() + 5_000) };
  const run = () => promisify(execFile)(process.execPath, ['--import', 'tsx', 'test/helpers/print-secrets.ts'], { cwd: root, env });
  const outputs = await Promise.all(Array.from({ length: 4 }, run));
  const secrets = outputs.map(({ stdout }) => JSON.parse(stdout) as { key: string; webhookSecret: string });
  expect(secrets[0]!.key).toMatch(/^[0-9a-f]{64}$/);
  expect(secrets[0]!.webhookSecret.length).toBeGreaterThanOrEqual(16);
  for (const other of secrets.slice(1)) expect(other).toEqual(secrets[0]);
  const files = readdirSync(path.join(dir, 'data')).sort();
  expect(files).toEqual(['secret.key', 'webhook-secret']);
  for (const file of files) expect(statSync(path.join(dir, 'data', file)).mode & 0o777).toBe(0o600);
});
