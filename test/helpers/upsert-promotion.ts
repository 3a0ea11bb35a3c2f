// Stores pages of records through SqliteStorage the way a job does, for a test that reads V8's
// --trace-gc-nvp output: between the "measure start" and "measure end" lines it prints, the only
// allocations are those of storage.upsertRecords. Needs --expose-gc. Env: PROMOTION_DB_PATH,
// PROMOTION_PAGES. Three jobs over the same keys: inserts, then updates, then unchanged records.
import { randomBytes } from 'node:crypto';
import { createSyncSchema, toSyncDefinition } from '../../src/contracts/sync-definition.js';
import { SecretBox } from '../../src/storage/secret-box.js';
import { SqliteStorage } from '../../src/storage/sqlite/sqlite-storage.js';
import type { IncomingRecord } from '../../src/storage/storage.js';

const PAGE_SIZE = 1000;
const file = process.env.PROMOTION_DB_PATH;
const pageCount = Number(process.env.PROMOTION_PAGES);
const collect = (globalThis as { gc?: () => void }).gc;
if (!file || !Number.isSafeInteger(pageCount) || !collect) throw new Error('needs PROMOTION_DB_PATH, PROMOTION_PAGES and --expose-gc');

const storage = new SqliteStorage({ file, secretBox: new SecretBox(randomBytes(32)) });
const { definition } = toSyncDefinition(createSyncSchema.parse({ url: 'http://example.test/items', unique_key: 'id' }));
const { sync_id } = await storage.createSync(definition, 'active', null);

/** Every page of one job, made before measuring so that only storage allocates meanwhile. */
function pagesOf(version: number): IncomingRecord[][] {
  return Array.from({ length: pageCount }, (_, page) =>
    Array.from({ length: PAGE_SIZE }, (_, index) => {
      const data = { id: page * PAGE_SIZE + index, name: `record ${index}`, version };
      return { key: String(data.id), json: JSON.stringify(data) };
    }),
  );
}

for (const [run, version] of [1, 2, 2].entries()) {
  const job = await storage.startJob({ syncId: sync_id, workflowId: 'promotion', runId: `run-${run}` });
  if (job === null) throw new Error('no job');
  const pages = pagesOf(version);
  collect();
  console.log('measure start');
  for (const page of pages) await storage.upsertRecords(sync_id, job.job_id, page);
  console.log('measure end');
  await storage.finishJob(job.job_id, { status: 'succeeded', error: null });
}
await storage.close();
