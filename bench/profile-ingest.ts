// `npx tsx bench/profile-ingest.ts`: where an ingest job's time goes, stage by stage, in one
// process and without Temporal: fetching pages from the fake API, keying, the content hash, and
// SqliteStorage.upsertRecords on pages of 1,000 (fresh inserts, then an unchanged re-run), next to
// variants of the same work, so the cost of each product choice shows in records per second.
import { createHash, randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { createSyncSchema, toSyncDefinition } from '../src/contracts/sync-definition.js';
import { canonicalJson, contentHash } from '../src/storage/canonical-json.js';
import { SecretBox } from '../src/storage/secret-box.js';
import { SqliteStorage } from '../src/storage/sqlite-storage.js';
import type { IncomingRecord } from '../src/storage/storage.js';
import { FakeApi, type FakeRecord } from '../test/helpers/fake-api.js';
import { averageJsonBytes, benchRecords } from './records.js';

const COUNT = Number(process.env.BENCH_RECORDS ?? 200_000);
const PAGE = 1000;

const fmt = (value: number, digits = 0) => value.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
const results: [string, number][] = [];

async function stage(label: string, work: () => unknown): Promise<number> {
  const started = performance.now();
  await work();
  const seconds = (performance.now() - started) / 1000;
  results.push([label, seconds]);
  console.log(`${label.padEnd(66)} ${fmt(seconds, 2).padStart(6)} s  ${fmt(COUNT / seconds).padStart(9)} rec/s  ${fmt((seconds * 1e6) / COUNT, 1).padStart(6)} µs/rec`);
  return seconds;
}

function pages<T>(items: readonly T[]): T[][] {
  const out: T[][] = [];
  for (let offset = 0; offset < items.length; offset += PAGE) out.push(items.slice(offset, offset + PAGE));
  return out;
}

/**
 * canonicalJson's exact output (checked below on every record) without its per-object arrays:
 * sorted Object.keys and string concatenation instead of entries/filter/sort/map/join.
 */
function fastCanonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) {
    let out = '[';
    for (let index = 0; index < value.length; index += 1) out += (index === 0 ? '' : ',') + fastCanonicalJson(value[index]);
    return `${out}]`;
  }
  const object = value as Record<string, unknown>;
  const keys = Object.keys(object).sort();
  let out = '{';
  let first = true;
  for (const key of keys) {
    const item = object[key];
    if (item === undefined) continue;
    out += (first ? '' : ',') + JSON.stringify(key) + ':' + fastCanonicalJson(item);
    first = false;
  }
  return `${out}}`;
}

const dir = await mkdtemp(path.join(tmpdir(), 'syncd-profile-'));
const fakeApi = await new FakeApi().start();
try {
  const all = benchRecords(COUNT);
  console.log(`${fmt(COUNT)} records, ~${averageJsonBytes(all)} bytes of JSON each, pages of ${PAGE}\n`);
  const dbFile = path.join(dir, 'syncd.db');
  const storage = new SqliteStorage({ file: dbFile, secretBox: new SecretBox(randomBytes(32)) });
  const { definition } = toSyncDefinition(
    createSyncSchema.parse({ url: fakeApi.url('/offset'), unique_key: 'id', paging: { type: 'offset', limit: PAGE }, paused: true }),
  );
  const newJob = async () => {
    const sync = await storage.createSync(definition, 'paused', null);
    const job = (await storage.startJob({ syncId: sync.sync_id, workflowId: `profile-${sync.sync_id}`, runId: `run-${randomBytes(6).toString('hex')}` }))!;
    return { syncId: sync.sync_id, jobId: job.job_id };
  };

  // 1. The wire: what the fake API serves and the worker parses.
  fakeApi.records = all;
  const parsedPages: unknown[][] = [];
  await stage('fetch 1,000-record pages from the fake API (serve+fetch+parse)', async () => {
    for (let offset = 0; offset < COUNT; offset += PAGE) {
      const response = await fetch(fakeApi.url(`/offset?offset=${offset}&limit=${PAGE}`), { headers: { accept: 'application/json' } });
      parsedPages.push(JSON.parse(await response.text()) as unknown[]);
    }
  });
  fakeApi.records = [];
  const pageTexts = pages(all).map((page) => JSON.stringify(page));
  await stage('  of which JSON.stringify of the pages (fake API side)', () => pages(all).forEach((page) => JSON.stringify(page)));
  await stage('  of which JSON.parse of the pages (worker side)', () => pageTexts.forEach((text) => JSON.parse(text)));

  // 2. Per-record CPU work inside upsertRecords, without the database.
  const keyed: IncomingRecord[][] = parsedPages.map((page) => page.map((data) => ({ key: String((data as FakeRecord).id), data })));
  await stage('contentHash (canonicalJson + sha256) of every record', () => keyed.forEach((page) => page.forEach((record) => contentHash(record.data))));
  await stage('  of which canonicalJson alone', () => keyed.forEach((page) => page.forEach((record) => canonicalJson(record.data))));
  await stage('  variant: same hash, faster canonicalJson (identical output)', () =>
    keyed.forEach((page) => page.forEach((record) => createHash('sha256').update(fastCanonicalJson(record.data)).digest('base64url'))),
  );
  await stage('  variant: sha256 of JSON.stringify (no key sorting)', () =>
    keyed.forEach((page) => page.forEach((record) => createHash('sha256').update(JSON.stringify(record.data)).digest('base64url'))),
  );
  await stage('JSON.stringify of every record (the data column)', () => keyed.forEach((page) => page.forEach((record) => JSON.stringify(record.data))));

  // 3. The product's upsert, pages of 1,000: a new sync (all created), then again (all unchanged).
  const fresh = await newJob();
  await stage('SqliteStorage.upsertRecords, new records (all created)', async () => {
    for (const page of keyed) await storage.upsertRecords(fresh.syncId, fresh.jobId, page);
  });
  const rerun = (await storage.startJob({ syncId: fresh.syncId, workflowId: 'profile-rerun', runId: 'run-rerun' }))!;
  await stage('SqliteStorage.upsertRecords, same records again (all unchanged)', async () => {
    for (const page of keyed) await storage.upsertRecords(fresh.syncId, rerun.job_id, page);
  });
  await stage('storage.recordJobProgress once a page (the activity does it)', async () => {
    for (let page = 1; page <= keyed.length; page += 1) await storage.recordJobProgress(rerun.job_id, { fetched: page * PAGE, pages: page });
  });

  // 4. The same database work by hand, to split SELECT from INSERT and try alternatives.
  const db = new Database(dbFile);
  db.pragma('synchronous = NORMAL');
  db.pragma('busy_timeout = 5000');
  db.pragma('foreign_keys = ON');
  const find = db.prepare(`SELECT content_hash, seen_job_id, deleted_at FROM records WHERE sync_id = ? AND record_key = ?`);
  const insertSql = `INSERT INTO records (sync_id, record_key, data, content_hash, seen_job_id, job_change, created_at, updated_at, modified_at)
     VALUES (@sync_id, @key, @data, @hash, @job_id, 'created', @at, @at, @at)`;
  const insertNamed = db.prepare(insertSql);
  const insertPositional = db.prepare(
    `INSERT INTO records (sync_id, record_key, data, content_hash, seen_job_id, job_change, created_at, updated_at, modified_at)
     VALUES (?, ?, ?, ?, ?, 'created', ?, ?, ?)`,
  );
  const upsertOnConflict = db.prepare(
    `INSERT INTO records (sync_id, record_key, data, content_hash, seen_job_id, job_change, created_at, updated_at, modified_at)
     VALUES (@sync_id, @key, @data, @hash, @job_id, 'created', @at, @at, @at)
     ON CONFLICT (sync_id, record_key) DO UPDATE SET
       seen_job_id = excluded.seen_job_id,
       job_change = CASE
         WHEN records.content_hash = excluded.content_hash AND records.deleted_at IS NULL THEN
           CASE WHEN records.seen_job_id = excluded.seen_job_id THEN records.job_change ELSE 'unchanged' END
         WHEN records.seen_job_id = excluded.seen_job_id AND records.job_change = 'created' THEN 'created'
         ELSE 'updated' END,
       data = CASE WHEN records.content_hash = excluded.content_hash AND records.deleted_at IS NULL THEN records.data ELSE excluded.data END,
       updated_at = CASE WHEN records.content_hash = excluded.content_hash AND records.deleted_at IS NULL THEN records.updated_at ELSE excluded.updated_at END,
       modified_at = CASE WHEN records.content_hash = excluded.content_hash AND records.deleted_at IS NULL THEN records.modified_at ELSE excluded.modified_at END,
       deleted_at = CASE WHEN records.content_hash = excluded.content_hash AND records.deleted_at IS NULL THEN records.deleted_at ELSE NULL END,
       content_hash = excluded.content_hash`,
  );
  const hashes = keyed.map((page) => page.map((record) => contentHash(record.data)));
  const datas = keyed.map((page) => page.map((record) => JSON.stringify(record.data)));
  const byHand = async (label: string, row: (syncId: number, jobId: number, record: IncomingRecord, hash: string, data: string, at: string) => void) => {
    const { syncId, jobId } = await newJob();
    const batch = db.transaction((index: number) => {
      const at = new Date().toISOString();
      const page = keyed[index]!;
      for (let i = 0; i < page.length; i += 1) row(syncId, jobId, page[i]!, hashes[index]![i]!, datas[index]![i]!, at);
    });
    await stage(label, () => keyed.forEach((_, index) => batch(index)));
  };
  await byHand('DB only (hash, JSON precomputed): SELECT + named INSERT, as today', (sync_id, job_id, record, hash, data, at) => {
    find.get(sync_id, record.key);
    insertNamed.run({ sync_id, key: record.key, data, hash, job_id, at });
  });
  await byHand('DB only: named INSERT, no SELECT', (sync_id, job_id, record, hash, data, at) => {
    insertNamed.run({ sync_id, key: record.key, data, hash, job_id, at });
  });
  await byHand('DB only: positional INSERT, no SELECT', (sync_id, job_id, record, hash, data, at) => {
    insertPositional.run(sync_id, record.key, data, hash, job_id, at, at, at);
  });
  await byHand('DB only: single INSERT ... ON CONFLICT DO UPDATE (no SELECT)', (sync_id, job_id, record, hash, data, at) => {
    upsertOnConflict.run({ sync_id, key: record.key, data, hash, job_id, at });
  });

  // 5. The whole upsert (hash + JSON + SELECT + write) with alternatives to today's choices, each
  //    over a new sync (all created) and then again over the same records (all unchanged).
  for (const page of keyed) {
    for (const record of page) {
      if (fastCanonicalJson(record.data) !== canonicalJson(record.data)) throw new Error(`fastCanonicalJson differs on record ${record.key}`);
    }
  }
  const touch = db.prepare(`UPDATE records SET seen_job_id = @job_id, job_change = 'unchanged' WHERE sync_id = @sync_id AND record_key = @key`);
  const fastHash = (data: unknown) => createHash('sha256').update(fastCanonicalJson(data)).digest('base64url');
  const plainHash = (text: string) => createHash('sha256').update(text).digest('base64url');
  type Upsert = (syncId: number, jobId: number, record: IncomingRecord, at: string) => void;
  // Today's logic (SELECT, then INSERT or touch), with the hash and data column made by `prepare`.
  const selectThenWrite =
    (prepare: (data: unknown) => { hash: string; data: () => string }): Upsert =>
    (sync_id, job_id, record, at) => {
      const { hash, data } = prepare(record.data);
      const existing = find.get(sync_id, record.key) as { content_hash: string; seen_job_id: number; deleted_at: string | null } | undefined;
      if (existing && existing.content_hash === hash && existing.deleted_at === null) {
        if (existing.seen_job_id !== job_id) touch.run({ sync_id, key: record.key, job_id });
        return;
      }
      if (existing) throw new Error('changed records are not part of this profile');
      insertNamed.run({ sync_id, key: record.key, data: data(), hash, job_id, at });
    };
  const variant = async (label: string, upsert: Upsert) => {
    const { syncId, jobId } = await newJob();
    const again = (await storage.startJob({ syncId, workflowId: `again-${syncId}`, runId: `again-${syncId}` }))!;
    for (const [run, job] of [['created', jobId], ['unchanged', again.job_id]] as const) {
      const batch = db.transaction((page: IncomingRecord[]) => {
        const at = new Date().toISOString();
        for (const record of page) upsert(syncId, job, record, at);
      });
      await stage(`${label}, ${run}`, () => keyed.forEach((page) => batch(page)));
    }
  };
  console.log('');
  await variant('A today: canonicalJson hash, SELECT, INSERT', selectThenWrite((data) => ({ hash: contentHash(data), data: () => JSON.stringify(data) })));
  await variant('B same hashes, faster canonicalJson, SELECT, INSERT', selectThenWrite((data) => ({ hash: fastHash(data), data: () => JSON.stringify(data) })));
  await variant('C sha256 of JSON.stringify reused as data, SELECT, INSERT', selectThenWrite((data) => {
    const text = JSON.stringify(data);
    return { hash: plainHash(text), data: () => text };
  }));
  await variant('D as C, one INSERT ... ON CONFLICT, no SELECT', (sync_id, job_id, record, at) => {
    const data = JSON.stringify(record.data);
    upsertOnConflict.run({ sync_id, key: record.key, data, hash: plainHash(data), job_id, at });
  });
  await variant('E faster canonicalJson, one INSERT ... ON CONFLICT', (sync_id, job_id, record, at) => {
    upsertOnConflict.run({ sync_id, key: record.key, data: JSON.stringify(record.data), hash: fastHash(record.data), job_id, at });
  });
  db.close();
  await storage.close();
} finally {
  await fakeApi.stop();
  await rm(dir, { recursive: true, force: true });
}
