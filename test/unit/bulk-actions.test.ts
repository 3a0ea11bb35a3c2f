import { describe, expect, it } from 'vitest';
import { actOnMany, type BulkDeps } from '../../src/api/bulk-actions.js';
import { matchesMetadata } from '../../src/api/bulk-selection.js';
import { ConflictError, NotFoundError, ValidationError } from '../../src/api/errors.js';
import { toSyncView } from '../../src/api/sync-view.js';
import { validate } from '../../src/api/validate.js';
import { bulkActionSchema } from '../../src/contracts/api.js';
import { ErrorCode } from '../../src/contracts/errors.js';
import type { SyncAction, SyncStatus } from '../../src/contracts/sync.js';
import { createSyncSchema, type Sync, toSyncDefinition } from '../../src/contracts/sync-definition.js';
import type { StoredSync } from '../../src/storage/storage.js';
import { TestLogger } from '../helpers/test-logger.js';

const STATUS_AFTER: Record<SyncAction, SyncStatus | undefined> = {
  pause: 'paused',
  resume: 'active',
  cancel: 'cancelled',
  trigger: undefined,
};

/** Syncs in memory, acted on as SyncService.act would, counting the actions in flight. */
class FakeSyncs {
  readonly rows = new Map<number, StoredSync>();
  readonly acted: number[] = [];
  inFlight = 0;
  mostInFlight = 0;
  /** Thrown by `act` for these syncs instead of acting. */
  readonly failures = new Map<number, unknown>();
  /** Thrown by `getSync` for these syncs. */
  readonly unreadable = new Set<number>();

  add(syncId: number, status: SyncStatus, metadata: Record<string, unknown> = {}): void {
    const { definition } = toSyncDefinition(createSyncSchema.parse({ url: 'http://example.test/items', unique_key: 'id', metadata }));
    const at = '2024-05-01T10:00:00.000Z';
    this.rows.set(syncId, {
      sync_id: syncId,
      definition,
      status,
      next_run_at: null,
      record_count: 0,
      health: { consecutive_failures: 0, last_success_at: null, last_error: null },
      paused_reason: null,
      created_at: at,
      updated_at: at,
    });
  }

  deps(limits: BulkDeps['limits'], logger = new TestLogger('ERROR')): BulkDeps {
    return {
      service: { act: (syncId, action) => this.act(syncId, action) },
      origin: { actor: 'key-1', request_id: null },
      storage: {
        listSyncs: async ({ status, limit, after }) =>
          [...this.rows.values()]
            .filter((row) => (status === undefined || row.status === status) && row.sync_id > (after ?? 0))
            .sort((a, b) => a.sync_id - b.sync_id)
            .slice(0, limit),
        getSync: async (syncId) => {
          if (this.unreadable.has(syncId)) throw new Error('Connection terminated unexpectedly');
          return this.rows.get(syncId) ?? null;
        },
      },
      limits,
      logger,
    };
  }

  private async act(syncId: number, action: SyncAction): Promise<Sync> {
    this.inFlight += 1;
    this.mostInFlight = Math.max(this.mostInFlight, this.inFlight);
    try {
      // Other lanes get their turn before this action ends.
      for (let turn = 0; turn < 3; turn += 1) await Promise.resolve();
      this.acted.push(syncId);
      if (this.failures.has(syncId)) throw this.failures.get(syncId);
      const row = this.rows.get(syncId);
      if (!row) throw new NotFoundError(`sync ${syncId} does not exist`);
      if (row.status === 'cancelled' && action !== 'cancel')
        throw new ConflictError(ErrorCode.SyncCancelled, `sync ${syncId} is cancelled`);
      row.status = STATUS_AFTER[action] ?? row.status;
      return toSyncView(row, { nextRun: { at: null, unconfirmed: false }, lastJob: null, defaultPauseAfter: 5 });
    } finally {
      this.inFlight -= 1;
    }
  }
}

const LIMITS = { bulkConcurrency: 4, bulkMaxSyncs: 100 };

function fieldsOf(run: () => unknown): string[] {
  try {
    run();
  } catch (error) {
    if (error instanceof ValidationError) return (error.details ?? []).map((detail) => detail.field);
    throw error;
  }
  throw new Error('expected a ValidationError');
}

async function rejectedFields(promise: Promise<unknown>): Promise<string[]> {
  const error = await promise.catch((caught: unknown) => caught);
  expect(error).toBeInstanceOf(ValidationError);
  return ((error as ValidationError).details ?? []).map((detail) => detail.field);
}

describe('matchesMetadata', () => {
  it('matches when each wanted field holds the same JSON value, whatever the key order inside it', () => {
    const metadata = { tenant: 'acme', plan: { tier: 'pro', seats: 5 }, tags: ['a', 'b'], extra: true };
    expect(matchesMetadata(metadata, { tenant: 'acme' })).toBe(true);
    expect(matchesMetadata(metadata, { plan: { seats: 5, tier: 'pro' }, tags: ['a', 'b'] })).toBe(true);
    expect(matchesMetadata(metadata, {})).toBe(true);
  });

  it('does not match a different value, type, array order, part of an object, or a field the sync lacks', () => {
    const metadata = { tenant: 'acme', count: 1, plan: { tier: 'pro', seats: 5 }, tags: ['a', 'b'], none: null };
    expect(matchesMetadata(metadata, { tenant: 'other' })).toBe(false);
    expect(matchesMetadata(metadata, { count: '1' })).toBe(false);
    expect(matchesMetadata(metadata, { tags: ['b', 'a'] })).toBe(false);
    expect(matchesMetadata(metadata, { plan: { tier: 'pro' } })).toBe(false);
    expect(matchesMetadata(metadata, { missing: null })).toBe(false);
    expect(matchesMetadata(metadata, { none: null })).toBe(true);
    expect(matchesMetadata(metadata, { tenant: 'acme', count: 2 })).toBe(false);
  });

  it('reads only the metadata’s own fields', () => {
    expect(matchesMetadata({}, { constructor: {} })).toBe(false);
    expect(matchesMetadata({}, { toString: 'x' })).toBe(false);
  });
});

describe('the bulk action body', () => {
  it.each([
    [{ action: 'pause', sync_ids: [1], filter: { status: 'active' } }, 'sync_ids'],
    [{ action: 'pause', sync_ids: [] }, 'sync_ids'],
    [{ action: 'pause', sync_ids: [0] }, 'sync_ids.0'],
    [{ action: 'pause', sync_ids: '1,2' }, 'sync_ids'],
    [{ action: 'explode', sync_ids: [1] }, 'action'],
    [{ action: 'pause', filter: {} }, 'filter'],
    [{ action: 'pause', filter: { metadata: {} } }, 'filter'],
    [{ action: 'pause', filter: { owner: 'x' } }, 'filter.owner'],
    [{ action: 'pause', filter: { status: 'sleeping' } }, 'filter.status'],
  ])('refuses %j naming %s', (body, field) => {
    expect(fieldsOf(() => validate(bulkActionSchema, body))).toContain(field);
  });
});

describe('actOnMany', () => {
  it('answers per sync in the order named, each id once: applied, refused when cancelled, not found when unknown', async () => {
    const syncs = new FakeSyncs();
    syncs.add(11, 'paused');
    syncs.add(12, 'cancelled');
    syncs.add(13, 'paused');
    const response = await actOnMany(syncs.deps(LIMITS), { action: 'resume', sync_ids: [13, 12, 99, 11, 13] });
    expect(response.results).toEqual([
      { sync_id: 13, status: 'active' },
      { sync_id: 12, status: 'cancelled', error: { code: 'sync_cancelled', message: 'sync 12 is cancelled' } },
      { sync_id: 99, status: null, error: { code: 'not_found', message: 'sync 99 does not exist' } },
      { sync_id: 11, status: 'active' },
    ]);
    expect(syncs.acted.sort()).toEqual([11, 12, 13, 99]);
  });

  it('answers a failure the single form would answer 503 or 500 as that sync’s entry, logged, and goes on', async () => {
    const syncs = new FakeSyncs();
    for (const id of [1, 2, 3]) syncs.add(id, 'active');
    const databaseGone = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' });
    const bug = new TypeError('x is undefined');
    syncs.failures.set(1, databaseGone);
    syncs.failures.set(2, bug);
    syncs.unreadable.add(1);
    const logger = new TestLogger('ERROR');
    const request = { method: 'PUT', path: '/v1/syncs', request_id: 'req-7' };
    const response = await actOnMany(syncs.deps(LIMITS, logger), { action: 'pause', sync_ids: [1, 2, 3] }, request);
    expect(response.results).toEqual([
      { sync_id: 1, status: null, error: { code: 'storage_unavailable', message: 'the database could not be reached; try again later' } },
      { sync_id: 2, status: 'active', error: { code: 'internal_error', message: 'internal error; see the server log' } },
      { sync_id: 3, status: 'paused' },
    ]);
    expect(logger.since(0)).toEqual([
      {
        level: 'WARN',
        message: expect.stringMatching(/^bulk pause, sync 1: answered 503/),
        meta: { ...request, sync_id: 1, error: databaseGone },
      },
      {
        level: 'ERROR',
        message: expect.stringMatching(/^bulk pause, sync 2: unexpected error/),
        meta: { ...request, sync_id: 2, error: bug },
      },
    ]);
  });

  it('acts on at most bulkConcurrency syncs at once, and on every one', async () => {
    const syncs = new FakeSyncs();
    const ids = Array.from({ length: 20 }, (_, index) => index + 1);
    for (const id of ids) syncs.add(id, 'active');
    const response = await actOnMany(syncs.deps({ bulkConcurrency: 3, bulkMaxSyncs: 100 }), { action: 'pause', sync_ids: ids });
    expect(syncs.mostInFlight).toBe(3);
    expect(response.results.map((result) => [result.sync_id, result.status])).toEqual(ids.map((id) => [id, 'paused']));
  });

  it('selects by status and metadata across listing pages, oldest first', async () => {
    const syncs = new FakeSyncs();
    for (let id = 1; id <= 1_200; id += 1) {
      syncs.add(id, id % 2 === 0 ? 'active' : 'paused', { tenant: id % 400 === 0 ? 'acme' : 'other', id });
    }
    const response = await actOnMany(syncs.deps(LIMITS), { action: 'pause', filter: { status: 'active', metadata: { tenant: 'acme' } } });
    expect(response.results).toEqual([400, 800, 1_200].map((id) => ({ sync_id: id, status: 'paused' })));
  });

  it('refuses a filter selecting more than bulkMaxSyncs, and too many ids, before acting on any', async () => {
    const syncs = new FakeSyncs();
    for (let id = 1; id <= 4; id += 1) syncs.add(id, 'active');
    const limits = { bulkConcurrency: 2, bulkMaxSyncs: 3 };
    expect(await rejectedFields(actOnMany(syncs.deps(limits), { action: 'pause', filter: { status: 'active' } }))).toEqual(['filter']);
    expect(await rejectedFields(actOnMany(syncs.deps(limits), { action: 'pause', sync_ids: [1, 2, 3, 4] }))).toEqual(['sync_ids']);
    expect(await rejectedFields(actOnMany(syncs.deps(limits), { action: 'pause' }))).toEqual(['sync_ids']);
    expect(syncs.acted).toEqual([]);
    const exactly = await actOnMany(syncs.deps(limits), { action: 'pause', sync_ids: [1, 2, 3] });
    expect(exactly.results).toHaveLength(3);
  });
});
