import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RECORD_FILTERS } from '../../src/contracts/api.js';
import { SecretBox } from '../../src/storage/secret-box.js';
import { jobListing } from '../../src/storage/sqlite/job-listing.js';
import { LATEST_JOBS_SQL } from '../../src/storage/sqlite/jobs-table.js';
import { recordListing } from '../../src/storage/sqlite/record-listing.js';
import { SqliteStorage } from '../../src/storage/sqlite/sqlite-storage.js';
import { SYNC_LISTING_SQL } from '../../src/storage/sqlite/syncs-table.js';

let dir: string;
let db: Database.Database;

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'syncd-plans-'));
  const file = path.join(dir, 'syncd.db');
  await new SqliteStorage({ file, secretBox: new SecretBox(randomBytes(32)) }).close();
  db = new Database(file);
});

afterAll(async () => {
  db.close();
  await rm(dir, { recursive: true, force: true });
});

function plan(sql: string, params: unknown): string {
  const rows = db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(params as never) as { detail: string }[];
  return rows.map((row) => row.detail).join('\n');
}

describe('listing queries walk an index in their ORDER BY order', () => {
  const filters = [undefined, ...RECORD_FILTERS];
  for (const filter of filters) {
    for (const modifiedAfter of [undefined, '2024-01-01T00:00:00Z']) {
      it(`records, filter ${filter ?? 'none'}, ${modifiedAfter ? 'with' : 'without'} modified_after`, () => {
        const { sql, params } = recordListing(1, { limit: 21, after: 5, filter, modifiedAfter });
        const detail = plan(sql, params);
        expect(detail).not.toContain('TEMP B-TREE');
        expect(detail).toMatch(filter === 'deleted' ? /USING INDEX records_deleted/ : /USING INDEX records_live/);
      });
    }
  }

  it('jobs of a sync, newest first, each with its newest webhook delivery by index', () => {
    for (const filter of [{}, { status: 'failed' as const, trigger: 'manual' as const, startedAfter: '2026-01-01T00:00:00Z' }]) {
      const { sql, params } = jobListing({ syncId: 1, after: 100, limit: 21, ...filter });
      const detail = plan(sql, params);
      expect(detail).not.toContain('TEMP B-TREE');
      expect(detail).toContain('jobs_by_sync');
      expect(detail).toContain('webhook_deliveries_by_job');
    }
  });

  it('jobs of all syncs in a start-time range read that range of an index, with or without a status', () => {
    const range = { limit: 21, startedAfter: '2026-01-01T00:00:00+02:00' };
    expect(plan(jobListing({ ...range, status: 'failed' }).sql, jobListing({ ...range, status: 'failed' }).params)).toMatch(
      /SEARCH jobs USING INDEX jobs_by_status_started \(status=\? AND started_at>\?\)/,
    );
    expect(plan(jobListing(range).sql, jobListing(range).params)).toMatch(/SEARCH jobs USING INDEX jobs_by_started \(started_at>\?\)/);
  });

  it('latest job of each sync, with its newest webhook delivery by index', () => {
    const detail = plan(LATEST_JOBS_SQL, ['[1,2,3]']);
    expect(detail).not.toContain('TEMP B-TREE');
    expect(detail).toContain('jobs_by_sync');
    expect(detail).toContain('webhook_deliveries_by_job');
  });

  it('syncs, with and without a status', () => {
    for (const status of [null, 'active']) expect(plan(SYNC_LISTING_SQL, { status, after: 0, limit: 21 })).not.toContain('TEMP B-TREE');
  });
});
