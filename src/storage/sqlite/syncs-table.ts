import type Database from 'better-sqlite3';
import type { JobTrigger } from '../../contracts/job.js';
import type { SyncStatus } from '../../contracts/sync.js';
import type { SyncDefinition } from '../../contracts/sync-definition.js';
import type { PendingTrigger } from '../job-label.js';
import type { JobEnd, KeysetPage, StoredSync } from '../storage.js';
import { type JobSource, SYNC_COLUMNS, type SyncRow, toSync } from '../sync-row.js';
import { type StatusCount, syncStatusCounts } from '../sync-status-counts.js';

/** Walks the syncs' primary key in its ORDER BY order, with or without a status (checked by a query-plan test). */
export const SYNC_LISTING_SQL = `SELECT ${SYNC_COLUMNS} FROM syncs
  WHERE (@status IS NULL OR status = @status) AND sync_id > @after ORDER BY sync_id LIMIT @limit`;

/** The syncs table: a sync's definition, status, sealed secrets, pending trigger, cursor and counters. */
export function syncsTable(db: Database.Database) {
  const insert = db.prepare<[string, SyncStatus, string | null, string, string], SyncRow>(
    `INSERT INTO syncs (definition, status, sealed_secrets, created_at, updated_at) VALUES (?, ?, ?, ?, ?) RETURNING ${SYNC_COLUMNS}`,
  );
  const replaceDefinition = db.prepare<
    { definition: string; expected: string; at: string; keep: number; sealed: string | null; sync_id: number },
    SyncRow
  >(
    `UPDATE syncs SET definition = @definition, updated_at = @at,
       sealed_secrets = CASE WHEN @keep THEN sealed_secrets ELSE @sealed END
     WHERE sync_id = @sync_id AND definition = @expected RETURNING ${SYNC_COLUMNS}`,
  );
  const remove = db.prepare<[number]>(`DELETE FROM syncs WHERE sync_id = ?`);
  const byId = db.prepare<[number], SyncRow>(`SELECT ${SYNC_COLUMNS} FROM syncs WHERE sync_id = ?`);
  const sealedSecrets = db.prepare<[number], { sealed_secrets: string | null }>(`SELECT sealed_secrets FROM syncs WHERE sync_id = ?`);
  const listing = db.prepare<{ status: SyncStatus | null; after: number; limit: number }, SyncRow>(SYNC_LISTING_SQL);
  const setStatus = db.prepare<[SyncStatus, string, number]>(`UPDATE syncs SET status = ?, updated_at = ? WHERE sync_id = ?`);
  const countByStatus = db.prepare<[], StatusCount>(`SELECT status, COUNT(*) AS count FROM syncs GROUP BY status`);
  const setPending = db.prepare<[JobTrigger | null, number, number]>(
    `UPDATE syncs SET pending_trigger = ?, pending_clear_records = ? WHERE sync_id = ?`,
  );
  const pending = db.prepare<[number], { pending_trigger: JobTrigger | null; pending_clear_records: number }>(
    `SELECT pending_trigger, pending_clear_records FROM syncs WHERE sync_id = ?`,
  );
  const jobSource = db.prepare<
    [number],
    { status: SyncStatus; definition: string; sealed_secrets: string | null; incremental_cursor: string | null }
  >(`SELECT status, definition, sealed_secrets, incremental_cursor FROM syncs WHERE sync_id = ?`);
  const setNextRun = db.prepare<{ next_run_at: string | null; observed_at: string; sync_id: number }>(
    `UPDATE syncs SET next_run_at = @next_run_at, next_run_observed_at = @observed_at
     WHERE sync_id = @sync_id AND (next_run_observed_at IS NULL OR next_run_observed_at <= @observed_at)`,
  );
  const addRecordCount = db.prepare<[number, number]>(`UPDATE syncs SET record_count = record_count + ? WHERE sync_id = ?`);
  const setPausedReason = db.prepare<[string | null, number]>(`UPDATE syncs SET paused_reason = ? WHERE sync_id = ?`);
  const jobSucceeded = db.prepare<[string, number]>(
    `UPDATE syncs SET consecutive_failures = 0, last_success_at = ?, last_error = NULL WHERE sync_id = ?`,
  );
  const jobFailed = db.prepare<[string | null, number]>(
    `UPDATE syncs SET consecutive_failures = consecutive_failures + 1, last_error = ? WHERE sync_id = ?`,
  );
  const zeroRecordCount = db.prepare<[number]>(`UPDATE syncs SET record_count = 0 WHERE sync_id = ?`);

  return {
    insert(definition: SyncDefinition, status: SyncStatus, sealed: string | null, at: string): StoredSync {
      const row = insert.get(JSON.stringify(definition), status, sealed, at, at);
      if (!row) throw new Error('INSERT … RETURNING gave no row');
      return toSync(row);
    },

    /** Compare-and-set on the definition's text; `sealed` undefined keeps the stored secrets. */
    replaceDefinition(
      syncId: number,
      definition: SyncDefinition,
      sealed: string | null | undefined,
      expected: SyncDefinition,
      at: string,
    ): StoredSync | null {
      const row = replaceDefinition.get({
        definition: JSON.stringify(definition),
        expected: JSON.stringify(expected),
        at,
        keep: sealed === undefined ? 1 : 0,
        sealed: sealed ?? null,
        sync_id: syncId,
      });
      return row ? toSync(row) : null;
    },

    /** Deletes the sync; its jobs, records and webhook deliveries go with it (ON DELETE CASCADE). */
    remove(syncId: number): void {
      remove.run(syncId);
    },

    get(syncId: number): StoredSync | null {
      const row = byId.get(syncId);
      return row ? toSync(row) : null;
    },

    sealedSecrets(syncId: number): string | null {
      return sealedSecrets.get(syncId)?.sealed_secrets ?? null;
    },

    list(filter: { status?: SyncStatus } & KeysetPage): StoredSync[] {
      return listing.all({ status: filter.status ?? null, after: filter.after ?? 0, limit: filter.limit }).map(toSync);
    },

    setStatus(syncId: number, status: SyncStatus, at: string): void {
      setStatus.run(status, at, syncId);
    },

    countByStatus(): Record<SyncStatus, number> {
      return syncStatusCounts(countByStatus.all());
    },

    setPendingTrigger(syncId: number, pendingTrigger: PendingTrigger): void {
      setPending.run(pendingTrigger.trigger, pendingTrigger.clearRecords ? 1 : 0, syncId);
    },

    /**
     * The pending_trigger handshake, job side: takes the reason the last action left on the sync
     * (null when none did, and the job is a scheduled one) and clears it, so exactly one job claims
     * it. Call inside the write transaction that opens the job.
     */
    claimPendingTrigger(syncId: number): PendingTrigger | null {
      const row = pending.get(syncId);
      if (!row || row.pending_trigger === null) return null;
      setPending.run(null, 0, syncId);
      return { trigger: row.pending_trigger, clearRecords: row.pending_clear_records === 1 };
    },

    jobSource(syncId: number): JobSource | null {
      const row = jobSource.get(syncId);
      return row
        ? { status: row.status, definition: row.definition, sealedSecrets: row.sealed_secrets, incrementalCursor: row.incremental_cursor }
        : null;
    },

    /** An observation older than the stored one is ignored, so concurrent writers cannot put an outdated time back. */
    setNextRunAt(syncId: number, nextRunAt: string | null, observedAt: string): void {
      setNextRun.run({ next_run_at: nextRunAt, observed_at: observedAt, sync_id: syncId });
    },

    /** Adjusts the sync's live record count, kept on its row so listings read no other table. */
    addRecordCount(syncId: number, delta: number): void {
      if (delta !== 0) addRecordCount.run(delta, syncId);
    },

    setPausedReason(syncId: number, reason: string | null): void {
      setPausedReason.run(reason, syncId);
    },

    /** The health counters as a job ends (a cancelled job neither counts nor resets). */
    recordJobEnd(syncId: number, end: JobEnd, at: string): void {
      if (end.status === 'succeeded') jobSucceeded.run(at, syncId);
      if (end.status === 'failed') jobFailed.run(JSON.stringify(end.error), syncId);
    },

    zeroRecordCount(syncId: number): void {
      zeroRecordCount.run(syncId);
    },
  };
}

export type SyncsTable = ReturnType<typeof syncsTable>;
