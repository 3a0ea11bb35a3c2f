import type { Logger, LogMetadata } from '@temporalio/common';
import type { BulkActionBody } from '../contracts/api.js';
import type { BulkActionResponse, BulkActionResult } from '../contracts/bulk.js';
import type { SyncAction, SyncStatus } from '../contracts/sync.js';
import type { Storage } from '../storage/storage.js';
import type { ChangeOrigin } from '../temporal/change-origin.js';
import { mapBounded } from './bounded-concurrency.js';
import { selectedSyncIds } from './bulk-selection.js';
import { errorAnswer } from './error-answer.js';
import { ValidationError } from './errors.js';
import type { SyncService } from './sync-service.js';

export interface BulkLimits {
  /** Syncs one bulk action acts on at once (SYNCD_BULK_CONCURRENCY). */
  bulkConcurrency: number;
  /** Syncs one bulk action may name or select; more is a 400 (SYNCD_BULK_MAX_SYNCS). */
  bulkMaxSyncs: number;
}

export interface BulkDeps {
  service: Pick<SyncService, 'act'>;
  storage: Pick<Storage, 'listSyncs' | 'getSync'>;
  limits: BulkLimits;
  /** Where the causes of failed syncs' 409, 503 and 500 entries are logged, as the error middleware logs them. */
  logger: Logger;
  /** Who asked, recorded in each sync's audit trail. */
  origin: ChangeOrigin;
}

/** The sync's status, for the entry of a sync the action failed on: null when it does not exist, or cannot be read now. */
async function statusAfterFailure(storage: BulkDeps['storage'], syncId: number): Promise<SyncStatus | null> {
  // The action's own failure is the entry's error (and logged); a second one here would only repeat it.
  return (await storage.getSync(syncId).catch(() => null))?.status ?? null;
}

async function actOnOne(deps: BulkDeps, action: SyncAction, syncId: number, logMeta: LogMetadata): Promise<BulkActionResult> {
  try {
    const sync = await deps.service.act(syncId, action, deps.origin);
    return { sync_id: syncId, status: sync.status };
  } catch (error) {
    const answer = errorAnswer(error);
    if (answer.log)
      deps.logger.log(answer.log.level, `bulk ${action}, sync ${syncId}: ${answer.log.message}`, {
        ...logMeta,
        sync_id: syncId,
        error: answer.log.error,
      });
    const status = await statusAfterFailure(deps.storage, syncId);
    return { sync_id: syncId, status, error: { code: answer.error.code, message: answer.error.message } };
  }
}

/** The syncs a body names (each once, in the order first named) or selects; too many is a 400 before any is acted on. */
async function syncIdsOf(deps: BulkDeps, body: BulkActionBody): Promise<number[]> {
  const { bulkMaxSyncs } = deps.limits;
  if (body.filter) return selectedSyncIds(deps.storage, body.filter, bulkMaxSyncs);
  if (body.sync_ids === undefined) throw new ValidationError([{ field: 'sync_ids', message: 'give either sync_ids or filter' }]);
  if (body.sync_ids.length > bulkMaxSyncs)
    throw new ValidationError([{ field: 'sync_ids', message: `must name at most ${bulkMaxSyncs} syncs` }]);
  return [...new Set(body.sync_ids)];
}

/**
 * Applies one action to many syncs, `bulkConcurrency` at a time, each exactly as the single form
 * would: one sync's failure is its own entry, with the code and message the single form would
 * answer, and never stops the others. `logMeta` (the request) goes with every line logged.
 */
export async function actOnMany(deps: BulkDeps, body: BulkActionBody, logMeta: LogMetadata = {}): Promise<BulkActionResponse> {
  const ids = await syncIdsOf(deps, body);
  const results = await mapBounded(ids, deps.limits.bulkConcurrency, (syncId) => actOnOne(deps, body.action, syncId, logMeta));
  return { results };
}
