import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { createSyncSchema, toSyncDefinition } from '../src/contracts/sync-definition.js';
import { contentHash } from '../src/storage/canonical-json.js';
import { SecretBox } from '../src/storage/secret-box.js';
import { SqliteStorage } from '../src/storage/sqlite-storage.js';
import type { IncomingRecord } from '../src/storage/storage.js';
import { benchRecords } from './records.js';

const COUNT = 200_000;
const dir = await mkdtemp(path.join(tmpdir(), 'syncd-scratch-'));
const dbFile = path.join(dir, 'syncd.db');
const storage = new SqliteStorage({ file: dbFile, secretBox: new SecretBox(randomBytes(32)) });
const { definition } = toSyncDefinition(createSyncSchema.parse({ url: 'http://x/offset', unique_key: 'id', paging: { type: 'offset', limit: 1000 }, paused: true }));
const all = JSON.parse(JSON.stringify(benchRecords(COUNT))) as { id: number }[];
const keyed: IncomingRecord[][] = [];
for (let o = 0; o < COUNT; o += 1000) keyed.push(all.slice(o, o + 1000).map((data) => ({ key: String(data.id), data })));
const newJob = async () => {
  const sync = await storage.createSync(definition, 'paused', null);
  const job = (await storage.startJob({ syncId: sync.sync_id, workflowId: `w${sync.sync_id}`, runId: `r${sync.sync_id}` }))!;
  return { syncId: sync.sync_id, jobId: job.job_id };
};
const db = new Database(dbFile);
db.pragma('synchronous = NORMAL');
const find = db.prepare(`SELECT content_hash, seen_job_id, deleted_at FROM records WHERE sync_id = ? AND record_key = ?`);
const insert = db.prepare(`INSERT INTO records (sync_id, record_key, data, content_hash, seen_job_id, job_change, created_at, updated_at, modified_at)
         VALUES (@sync_id, @key, @data, @hash, @job_id, 'created', @at, @at, @at)`);
const mode = process.argv[2] ?? 'all';
async function product() {
  const { syncId, jobId } = await newJob();
  const t = performance.now();
  for (const page of keyed) await storage.upsertRecords(syncId, jobId, page);
  console.log('product upsertRecords', ((performance.now() - t) / 1000).toFixed(2), 's');
}
async function hand(label: string, hash: (d: unknown) => string) {
  const { syncId, jobId } = await newJob();
  const batch = db.transaction((page: IncomingRecord[]) => {
    const at = new Date().toISOString();
    for (const r of page) {
      const h = hash(r.data);
      const e = find.get(syncId, r.key);
      if (e) continue;
      insert.run({ sync_id: syncId, key: r.key, data: JSON.stringify(r.data), hash: h, job_id: jobId, at });
    }
  });
  const t = performance.now();
  for (const page of keyed) batch(page);
  console.log(label, ((performance.now() - t) / 1000).toFixed(2), 's');
}
for (let i = 0; i < 2; i++) {
  if (mode !== 'hand') await product();
  if (mode !== 'product') await hand('hand-replica with contentHash', contentHash);
}
if (mode !== 'product') await hand('hand-replica constant hash', () => 'x');
db.close(); await storage.close(); await rm(dir, { recursive: true, force: true });
