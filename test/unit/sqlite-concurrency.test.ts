import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { createSyncSchema, toSyncDefinition } from '../../src/contracts/sync-definition.js';
import { SecretBox } from '../../src/storage/secret-box.js';
import { SqliteStorage } from '../../src/storage/sqlite/sqlite-storage.js';

const { definition } = toSyncDefinition(createSyncSchema.parse({ url: 'http://example.test/items', unique_key: 'id' }));
const ROUNDS = 15;
let dir: string;

beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'syncd-concurrency-'));
});

afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** Runs test/helpers/storage-writer.ts; resolves with its exit code and what it printed on stderr. */
function writer(env: Record<string, string>): Promise<{ code: number | null; stderr: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'test/helpers/storage-writer.ts'], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise((resolve) => child.on('exit', (code) => resolve({ code, stderr })));
}

it('two processes write records into one database file at once without SQLITE_BUSY', async () => {
  const file = path.join(dir, 'syncd.db');
  const key = randomBytes(32);
  const storage = new SqliteStorage({ file, secretBox: new SecretBox(key) });
  const syncs = [await storage.createSync(definition, 'active', null), await storage.createSync(definition, 'active', null)];
  await storage.close();

  const env = { SYNCD_DB_PATH: file, SYNCD_SECRET_KEY: key.toString('hex'), WRITER_ROUNDS: String(ROUNDS) };
  const results = await Promise.all(syncs.map((sync) => writer({ ...env, WRITER_SYNC_ID: String(sync.sync_id) })));
  expect(results).toEqual([
    { code: 0, stderr: '' },
    { code: 0, stderr: '' },
  ]);

  const reopened = new SqliteStorage({ file, secretBox: new SecretBox(key) });
  try {
    for (const sync of syncs) {
      expect((await reopened.getSync(sync.sync_id))?.record_count).toBe(500);
      expect(await reopened.listJobs(sync.sync_id, { limit: 100 })).toHaveLength(ROUNDS);
    }
  } finally {
    await reopened.close();
  }
}, 60_000);
