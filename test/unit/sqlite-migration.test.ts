import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { createSyncSchema, toSyncDefinition } from '../../src/contracts/sync-definition.js';
import { SecretBox } from '../../src/storage/secret-box.js';
import { migrations } from '../../src/storage/sqlite/migrations.js';
import { SqliteStorage } from '../../src/storage/sqlite/sqlite-storage.js';

const { definition } = toSyncDefinition(createSyncSchema.parse({ url: 'http://example.test/items', unique_key: 'id' }));
const at = '2024-05-01T10:00:00.000Z';
let dir: string;

beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'syncd-migrate-'));
});

afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** A database as syncd left it before job definitions were stored once: three jobs, each with a copy. */
function databaseAtVersion3(file: string): void {
  const db = new Database(file);
  for (const sql of migrations.slice(0, 3)) db.exec(sql);
  db.pragma('user_version = 3');
  db.prepare(`INSERT INTO syncs (sync_id, definition, status, created_at, updated_at) VALUES (7, ?, 'active', ?, ?)`).run(
    JSON.stringify(definition),
    at,
    at,
  );
  const insertJob = db.prepare(
    `INSERT INTO jobs (sync_id, workflow_id, run_id, status, trigger, started_at, ended_at, definition) VALUES (7, 'w', ?, 'succeeded', 'schedule', ?, ?, ?)`,
  );
  for (const run of ['r1', 'r2', 'r3']) insertJob.run(run, at, at, JSON.stringify(definition));
  const insertRecord = db.prepare(
    `INSERT INTO records (sync_id, record_key, data, content_hash, seen_job_id, job_change, created_at, updated_at, modified_at, deleted_at)
     VALUES (7, ?, '{}', 'h', 3, 'unchanged', ?, ?, ?, ?)`,
  );
  insertRecord.run('a', at, at, at, null);
  insertRecord.run('b', at, at, at, null);
  insertRecord.run('gone', at, at, at, at);
  db.close();
}

it('migrates an existing database: job definitions move to one shared row, record counts are filled in', async () => {
  const file = path.join(dir, 'syncd.db');
  databaseAtVersion3(file);
  const storage = new SqliteStorage({ file, secretBox: new SecretBox(randomBytes(32)) });
  try {
    expect((await storage.getJobPlan(1)).definition).toEqual(definition);
    expect((await storage.getJobPlan(3)).definition).toEqual(definition);
    expect(await storage.getSync(7)).toMatchObject({ record_count: 2, next_run_at: null });
    expect((await storage.listJobs(7, { limit: 10 })).map((job) => job.deletes_skipped)).toEqual([null, null, null]);
  } finally {
    await storage.close();
  }
  const db = new Database(file);
  expect(db.prepare('SELECT count(*) FROM job_definitions').pluck().get()).toBe(1);
  expect(db.prepare(`SELECT count(*) FROM pragma_table_info('jobs') WHERE name = 'definition'`).pluck().get()).toBe(0);
  expect(db.pragma('user_version', { simple: true })).toBe(migrations.length);
  db.close();
});

it('a job failed before failure classes reads back as internal/unclassified, a sync from then gets the job limits by default', async () => {
  const file = path.join(dir, 'syncd.db');
  const db = new Database(file);
  // Every migration before the one that added failure classes, wherever merges put it.
  const version = migrations.findIndex((sql) => sql.includes('error_class'));
  // The earlier migrations' helper, registered as openDatabase does (its value does not matter here).
  db.function('content_hash', { deterministic: true }, (text: unknown) => String(text));
  for (const sql of migrations.slice(0, version)) db.exec(sql);
  db.pragma(`user_version = ${version}`);
  const { stall_timeout_seconds: _stall, max_job_seconds: _max, ...before } = definition;
  db.prepare(`INSERT INTO syncs (sync_id, definition, status, created_at, updated_at) VALUES (7, ?, 'active', ?, ?)`).run(
    JSON.stringify(before),
    at,
    at,
  );
  db.prepare(
    `INSERT INTO jobs (sync_id, workflow_id, run_id, status, trigger, started_at, ended_at, error) VALUES (7, 'w', 'r1', 'failed', 'schedule', ?, ?, 'GET x answered 404')`,
  ).run(at, at);
  db.close();
  const storage = new SqliteStorage({ file, secretBox: new SecretBox(randomBytes(32)) });
  try {
    expect((await storage.getJob(1))?.error).toEqual({ class: 'internal', code: 'unclassified', message: 'GET x answered 404' });
    expect((await storage.getSync(7))?.definition).toMatchObject({ stall_timeout_seconds: 900, max_job_seconds: 21_600 });
  } finally {
    await storage.close();
  }
});
