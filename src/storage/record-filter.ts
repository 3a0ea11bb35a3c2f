import type { RecordFilter } from '../contracts/api.js';

/** Which stored records a records listing filter returns, whatever engine stores them. */
export interface RecordFilterRule {
  /** Soft-deleted records (the `deleted` filter) rather than live ones. */
  deleted: boolean;
  /** Only records changed since they were created (`updated_at > created_at`). */
  changedSinceCreated: boolean;
  /** The time column `modified_after` compares: a change of the kind the filter lists. */
  modifiedColumn: 'modified_at' | 'created_at' | 'updated_at' | 'deleted_at';
}

const MODIFIED_COLUMN = { all: 'modified_at', added: 'created_at', updated: 'updated_at', deleted: 'deleted_at' } as const;

/** The listing filter rule: no filter and `added` list live records, `updated` the changed ones, `deleted` the soft-deleted. */
export function recordFilterRule(filter: RecordFilter | undefined): RecordFilterRule {
  return { deleted: filter === 'deleted', changedSinceCreated: filter === 'updated', modifiedColumn: MODIFIED_COLUMN[filter ?? 'all'] };
}
