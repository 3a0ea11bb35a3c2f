import type { BulkFilter } from '../contracts/api.js';
import { sameContent } from '../storage/canonical-json.js';
import type { Storage } from '../storage/storage.js';
import { ValidationError } from './errors.js';

/** Syncs read from storage at once while a filter is applied. */
const LISTING_PAGE = 500;

/** A sync's metadata matches when it holds each wanted field with the same JSON value (key order aside). */
export function matchesMetadata(metadata: Record<string, unknown>, wanted: Record<string, unknown>): boolean {
  return Object.entries(wanted).every(([field, value]) => Object.hasOwn(metadata, field) && sameContent(metadata[field], value));
}

/**
 * The ids of the syncs `filter` selects, oldest first. Selecting more than `maxSyncs` is a 400
 * before anything is acted on, so a bulk action never stops halfway through its syncs.
 */
export async function selectedSyncIds(storage: Pick<Storage, 'listSyncs'>, filter: BulkFilter, maxSyncs: number): Promise<number[]> {
  const ids: number[] = [];
  for (let after: number | undefined; ; ) {
    const page = await storage.listSyncs({ status: filter.status, limit: LISTING_PAGE, after });
    for (const sync of page) {
      if (filter.metadata && !matchesMetadata(sync.definition.metadata, filter.metadata)) continue;
      ids.push(sync.sync_id);
      if (ids.length > maxSyncs) {
        throw new ValidationError([
          { field: 'filter', message: `selects more than ${maxSyncs} syncs; narrow it, or act on them in batches through sync_ids` },
        ]);
      }
    }
    const last = page.at(-1);
    if (page.length < LISTING_PAGE || last === undefined) return ids;
    after = last.sync_id;
  }
}
