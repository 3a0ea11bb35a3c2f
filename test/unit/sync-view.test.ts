import { describe, expect, it } from 'vitest';
import { toSyncView } from '../../src/api/sync-view.js';
import { SECRET_MASK as MASK } from '../../src/contracts/auth.js';
import type { Job } from '../../src/contracts/job.js';
import type { SyncStatus } from '../../src/contracts/sync.js';
import { createSyncSchema, toSyncDefinition } from '../../src/contracts/sync-definition.js';
import type { StoredSync } from '../../src/storage/storage.js';

function stored(status: SyncStatus): StoredSync {
  const { definition } = toSyncDefinition(
    createSyncSchema.parse({
      url: 'http://example.test/items',
      unique_key: 'id',
      headers: { Authorization: 'Bearer s3cret', 'X-Api-Key': 'k3y', Accept: 'application/json' },
      query_params: { token: 't0ken', client_secret: 'shh', page_size: 50, include_archived: true },
      friendly_name: 'Items',
    }),
  );
  return {
    sync_id: 12,
    definition,
    status,
    next_run_at: '2024-05-03T10:00:00.000Z',
    record_count: 3,
    health: { consecutive_failures: 0, last_success_at: null, last_error: null },
    paused_reason: null,
    created_at: '2024-05-01T10:00:00.000Z',
    updated_at: '2024-05-02T10:00:00.000Z',
  };
}

const now = new Date('2024-05-03T10:30:00.000Z');
const nextRun = { at: '2024-05-03T11:00:00.000Z', unconfirmed: false };
const lastJob: Job = {
  job_id: 4,
  sync_id: 12,
  status: 'succeeded',
  trigger: 'schedule',
  mode: 'full',
  started_at: '2024-05-02T10:00:00.000Z',
  ended_at: '2024-05-02T10:00:05.000Z',
  records: { created: 1, updated: 0, unchanged: 2, deleted: 0, fetched: 3 },
  pages: 1,
  max_total_reached: false,
  deletes_skipped: null,
  error: null,
  webhook: null,
  workflow_id: 'sync-12-job-x',
  run_id: 'run-4',
};

describe('toSyncView', () => {
  it('masks secret-looking header names and keeps the others', () => {
    const view = toSyncView(stored('active'), { nextRun, lastJob, defaultPauseAfter: 5 }, now);
    expect(view.headers).toEqual({ Authorization: MASK, 'X-Api-Key': MASK, Accept: 'application/json' });
    expect(MASK).toBe('***');
  });

  it('masks secret-looking query param names and keeps the others', () => {
    const view = toSyncView(stored('active'), { nextRun, lastJob, defaultPauseAfter: 5 }, now);
    expect(view.query_params).toEqual({ token: '***', client_secret: '***', page_size: 50, include_archived: true });
  });

  it('does not leak a secret value anywhere in the view', () => {
    const text = JSON.stringify(toSyncView(stored('active'), { nextRun, lastJob, defaultPauseAfter: 5 }, now));
    for (const secret of ['s3cret', 'k3y', 't0ken', 'shh']) expect(text).not.toContain(secret);
  });

  it('leaves the stored definition unmasked', () => {
    const sync = stored('active');
    toSyncView(sync, { nextRun, lastJob, defaultPauseAfter: 5 }, now);
    expect(sync.definition.headers.Authorization).toBe('Bearer s3cret');
  });

  it('shows the next run of an active sync, not stale while it lies ahead', () => {
    expect(toSyncView(stored('active'), { nextRun, lastJob, defaultPauseAfter: 5 }, now)).toMatchObject({
      next_run_at: '2024-05-03T11:00:00.000Z',
      next_run_at_stale: false,
    });
    expect(toSyncView(stored('active'), { nextRun: { at: null, unconfirmed: false }, lastJob, defaultPauseAfter: 5 }, now)).toMatchObject({
      next_run_at: null,
      next_run_at_stale: false,
    });
  });

  it('marks the next run stale when Temporal did not confirm it', () => {
    const view = toSyncView(stored('active'), { nextRun: { ...nextRun, unconfirmed: true }, lastJob, defaultPauseAfter: 5 }, now);
    expect(view).toMatchObject({ next_run_at: '2024-05-03T11:00:00.000Z', next_run_at_stale: true });
  });

  it('marks the next run stale once it has passed', () => {
    const passed = { at: '2024-05-03T10:29:59.000Z', unconfirmed: false };
    expect(toSyncView(stored('active'), { nextRun: passed, lastJob, defaultPauseAfter: 5 }, now).next_run_at_stale).toBe(true);
  });

  it('shows no next run, never stale, unless the sync is active', () => {
    const unconfirmed = { ...nextRun, unconfirmed: true };
    expect(toSyncView(stored('paused'), { nextRun: unconfirmed, lastJob, defaultPauseAfter: 5 }, now)).toMatchObject({
      next_run_at: null,
      next_run_at_stale: false,
    });
    expect(toSyncView(stored('cancelled'), { nextRun: unconfirmed, lastJob, defaultPauseAfter: 5 }, now)).toMatchObject({
      next_run_at: null,
      next_run_at_stale: false,
    });
  });

  it('carries identity, state, last job and totals, without the internal schedule', () => {
    const view = toSyncView(stored('paused'), { nextRun, lastJob, defaultPauseAfter: 5 }, now);
    expect(view).toMatchObject({
      sync_id: 12,
      status: 'paused',
      url: 'http://example.test/items',
      friendly_name: 'Items',
      frequency: '1 hour',
      last_job: lastJob,
      totals: { records: 3 },
      created_at: '2024-05-01T10:00:00.000Z',
      updated_at: '2024-05-02T10:00:00.000Z',
    });
    expect(view).not.toHaveProperty('schedule');
  });
});
