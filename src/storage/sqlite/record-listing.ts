import { RECORD_FILTERS, type RecordFilter } from '../../contracts/api.js';
import { recordFilterRule } from '../record-filter.js';
import type { RecordQuery } from '../storage.js';

// The records listing: one SQL text per filter and per presence of modified_after, so that each is
// prepared once. Each walks records_live or records_deleted in id order, never a temp sort
// (checked by a query-plan test).

export interface RecordListing {
  sql: string;
  params: RecordListingParams;
}

export interface RecordListingParams {
  sync_id: number;
  after: number;
  limit: number;
  modified_after: string | null;
}

/** Every listing shape: no filter or one of RECORD_FILTERS, with or without modified_after. */
export const RECORD_LISTING_SHAPES: readonly { filter: RecordFilter | undefined; modifiedAfter: boolean }[] = [
  undefined,
  ...RECORD_FILTERS,
].flatMap((filter) => [false, true].map((modifiedAfter) => ({ filter, modifiedAfter })));

/** Names a listing shape, to find its prepared statement. */
export function recordListingKey(filter: RecordFilter | undefined, modifiedAfter: boolean): string {
  return `${filter ?? 'all'}:${modifiedAfter ? 'modified' : 'any'}`;
}

export function recordListingSql(filter: RecordFilter | undefined, modifiedAfter: boolean): string {
  const rule = recordFilterRule(filter);
  const where = ['sync_id = @sync_id', 'id > @after'];
  // Matches the partial index records_live or records_deleted exactly, so the index is used.
  where.push(rule.deleted ? 'deleted_at IS NOT NULL' : 'deleted_at IS NULL');
  if (rule.changedSinceCreated) where.push('updated_at > created_at');
  // Unary + keeps the planner off records_by_modified, whose range scan would need a sort by id.
  if (modifiedAfter) where.push(`+${rule.modifiedColumn} > @modified_after`);
  const columns = 'id, record_key, data, created_at, updated_at, deleted_at';
  return `SELECT ${columns} FROM records WHERE ${where.join(' AND ')} ORDER BY id LIMIT @limit`;
}

/** The SQL and parameters of one listing query. */
export function recordListing(syncId: number, query: RecordQuery): RecordListing {
  return {
    sql: recordListingSql(query.filter, query.modifiedAfter !== undefined),
    params: {
      sync_id: syncId,
      after: query.after ?? 0,
      limit: query.limit,
      modified_after: query.modifiedAfter === undefined ? null : new Date(query.modifiedAfter).toISOString(),
    },
  };
}
