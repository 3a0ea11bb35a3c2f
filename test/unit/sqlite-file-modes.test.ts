import { randomBytes } from 'node:crypto';
import { chmodSync, statSync, writeFileSync } from 'node:fs';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/config.js';
import { resolveSecrets } from '../../src/config/secrets.js';
import { createSyncSchema, toSyncDefinition } from '../../src/contracts/sync-definition.js';
import { SecretBox } from '../../src/storage/secret-box.js';
import { SqliteStorage } from '../../src/storage/sqlite/sqlite-storage.js';

const { definition } = toSyncDefinition(createSyncSchema.parse({ url: 'http://example.test/items', unique_key: 'id' }));
const modeOf = (file: string) => statSync(file).mode & 0o777;
let dir: string;

beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'syncd-modes-'));
});

afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

it('creates the data folder 0700 and the database with its -wal and -shm files 0600', async () => {
  const file = path.join(dir, 'data', 'syncd.db');
  const storage = new SqliteStorage({ file, secretBox: new SecretBox(randomBytes(32)) });
  try {
    await storage.createSync(definition, 'active', null);
    expect(modeOf(path.dirname(file))).toBe(0o700);
    for (const created of [file, `${file}-wal`, `${file}-shm`]) expect([created, modeOf(created)]).toEqual([created, 0o600]);
  } finally {
    await storage.close();
  }
});

it('tightens a database file an older syncd left world-readable', async () => {
  await mkdir(path.join(dir, 'data'));
  const file = path.join(dir, 'data', 'syncd.db');
  writeFileSync(file, '');
  chmodSync(file, 0o644);
  const storage = new SqliteStorage({ file, secretBox: new SecretBox(randomBytes(32)) });
  await storage.close();
  expect(modeOf(file)).toBe(0o600);
});

it('creates the data folder 0700 when the generated key files come first', () => {
  const rootDir = fileURLToPath(new URL('../..', import.meta.url));
  const config = loadConfig(rootDir, { SYNCD_DB_PATH: path.join(dir, 'fresh', 'syncd.db') });
  resolveSecrets(config);
  expect(modeOf(path.join(dir, 'fresh'))).toBe(0o700);
  expect(modeOf(config.secrets.keyFile)).toBe(0o600);
});
