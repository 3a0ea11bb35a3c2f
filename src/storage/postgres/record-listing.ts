import { recordFilterRule } from '../record-filter.js';
import type { RecordQuery } from '../storage.js';

/** A listed record; `data` is null for a row past the page's bytes, sent only so the page knows more follow. */
export interface ListedRecordRow {
  id: number;
  record_key: string;
  data: string | null;
  created_at: string;
  updated_at: string;
  deleted_at: string | null;
  /** Bytes of key and data, as the page counts them. */
  size: number;
}

/**
 * The records listing (record-filter.ts says which records each filter lists), walking
 * records_live or records_deleted in id order. Reads limit + 1 rows, to know whether more follow,
 * and sums their bytes in the server: rows after the first one past `maxBytes` are not sent at
 * all, and that one without its data (the second row always comes, the first possibly being past
 * `maxBytes` alone).
 */
export function recordListing(syncId: number, query: RecordQuery): { sql: string; values: unknown[] } {
  const rule = recordFilterRule(query.filter);
  const values: unknown[] = [syncId, query.after ?? 0, query.limit + 1, query.maxBytes ?? null];
  const where = ['sync_id = $1', 'id > $2', rule.deleted ? 'deleted_at IS NOT NULL' : 'deleted_at IS NULL'];
  if (rule.changedSinceCreated) where.push('updated_at > created_at');
  if (query.modifiedAfter !== undefined) {
    values.push(new Date(query.modifiedAfter).toISOString());
    where.push(`${rule.modifiedColumn} > $5::timestamptz`);
  }
  const sql = `
    SELECT id, record_key, CASE WHEN n = 1 OR $4::bigint IS NULL OR before + size <= $4 THEN data END AS data,
      created_at, updated_at, deleted_at, size
    FROM (
      SELECT page.*, row_number() OVER (ORDER BY id) AS n, sum(size) OVER (ORDER BY id) - size AS before
      FROM (
        SELECT id, record_key, data, created_at, updated_at, deleted_at, octet_length(record_key) + octet_length(data) AS size
        FROM records WHERE ${where.join(' AND ')} ORDER BY id LIMIT $3
      ) AS page
    ) AS sized
    WHERE n <= 2 OR $4::bigint IS NULL OR before <= $4
    ORDER BY id`;
  return { sql, values };
}
