import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Page, SyncedRecord } from '../../src/contracts/sync.js';
import { createSyncSchema, toSyncDefinition } from '../../src/contracts/sync-definition.js';
import type { Storage } from '../../src/storage/storage.js';
import { type ApiWithoutTemporal, startApiWithoutTemporal } from '../helpers/api-without-temporal.js';

/** Small, so a few 4 KB records fill a page. */
const MAX_RESPONSE_BYTES = 10_000;

let api: ApiWithoutTemporal;
let storage: Storage;
let baseUrl: string;

beforeAll(async () => {
  api = await startApiWithoutTemporal({ timeoutMs: 1_000, maxResponseBytes: MAX_RESPONSE_BYTES });
  ({ storage, baseUrl } = api);
});

afterAll(() => api.stop());

async function page(syncId: number, cursor: string | null): Promise<{ bytes: number; body: Page<SyncedRecord> }> {
  const response = await fetch(`${baseUrl}/v1/syncs/${syncId}/records?limit=100${cursor ? `&cursor=${cursor}` : ''}`);
  expect(response.status).toBe(200);
  const text = await response.text();
  return { bytes: Buffer.byteLength(text), body: JSON.parse(text) as Page<SyncedRecord> };
}

it('pages records by bytes as well as by count, a record larger than the cap alone on its page', async () => {
  const { definition } = toSyncDefinition(createSyncSchema.parse({ url: 'http://127.0.0.1:9/items', unique_key: 'id' }));
  const { sync_id } = await storage.createSync(definition, 'active', null);
  const job = await storage.startJob({ syncId: sync_id, workflowId: 'w', runId: 'r' });
  if (job === null) throw new Error('expected a job');
  const sizes = { a: 4000, b: 4000, c: 4000, huge: 25_000, d: 4000 };
  await storage.upsertRecords(
    sync_id,
    job.job_id,
    Object.entries(sizes).map(([key, size]) => ({ key, json: JSON.stringify({ id: key, text: 'x'.repeat(size) }) })),
  );

  const pages: string[][] = [];
  let cursor: string | null = null;
  do {
    const { bytes, body } = await page(sync_id, cursor);
    pages.push(body.data.map((record) => record.key));
    if (body.data.length > 1) expect(bytes).toBeLessThanOrEqual(MAX_RESPONSE_BYTES + 1000);
    cursor = body.next_cursor;
  } while (cursor !== null);
  expect(pages).toEqual([['a', 'b'], ['c'], ['huge'], ['d']]);
});
