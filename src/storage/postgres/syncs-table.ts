import type { JobTrigger } from '../../contracts/job.js';
import type { SyncStatus } from '../../contracts/sync.js';
import type { SyncDefinition } from '../../contracts/sync-definition.js';
import type { PendingTrigger } from '../job-label.js';
import type { JobEnd, KeysetPage, StoredSync } from '../storage.js';
import { type JobSource, SYNC_COLUMNS, type SyncRow, toSync } from '../sync-row.js';
import { syncStatusCounts } from '../sync-status-counts.js';
import type { Queryable } from './connection.js';

function only<T>(rows: T[]): T {
  const [row] = rows;
  if (row === undefined) throw new Error('INSERT … RETURNING gave no row');
  return row;
}

/** The syncs table: a sync's definition, status, sealed secrets, pending trigger, cursor and counters. */
export function syncsTable(db: Queryable) {
  return {
    async insert(definition: SyncDefinition, status: SyncStatus, sealed: string | null, at: string): Promise<StoredSync> {
      const { rows } = await db.query<SyncRow>(
        `INSERT INTO syncs (definition, status, sealed_secrets, created_at, updated_at) VALUES ($1, $2, $3, $4, $4) RETURNING ${SYNC_COLUMNS}`,
        [JSON.stringify(definition), status, sealed, at],
      );
      return toSync(only(rows));
    },

    /** Compare-and-set on the definition's text, atomic in one statement; `sealed` undefined keeps the stored secrets. */
    async replaceDefinition(
      syncId: number,
      definition: SyncDefinition,
      sealed: string | null | undefined,
      expected: SyncDefinition,
      at: string,
    ): Promise<StoredSync | null> {
      const { rows } = await db.query<SyncRow>(
        `UPDATE syncs SET definition = $1, updated_at = $2,
           sealed_secrets = CASE WHEN $3::boolean THEN sealed_secrets ELSE $4::text END
         WHERE sync_id = $5 AND definition = $6 RETURNING ${SYNC_COLUMNS}`,
        [JSON.stringify(definition), at, sealed === undefined, sealed ?? null, syncId, JSON.stringify(expected)],
      );
      return rows[0] ? toSync(rows[0]) : null;
    },

    /**
     * Locks the sync's row until the transaction ends; false when there is none. Every write that
     * reads before it writes a sync's jobs or records takes this lock first, so such writes of one
     * sync run one after another, as under SQLite's single writer, and always in the same lock order.
     */
    async lock(syncId: number): Promise<boolean> {
      const { rowCount } = await db.query(`SELECT 1 FROM syncs WHERE sync_id = $1 FOR NO KEY UPDATE`, [syncId]);
      return rowCount === 1;
    },

    /** Deletes the sync; its jobs, records and webhook deliveries go with it (ON DELETE CASCADE). */
    async remove(syncId: number): Promise<void> {
      await db.query(`DELETE FROM syncs WHERE sync_id = $1`, [syncId]);
    },

    async get(syncId: number): Promise<StoredSync | null> {
      const { rows } = await db.query<SyncRow>(`SELECT ${SYNC_COLUMNS} FROM syncs WHERE sync_id = $1`, [syncId]);
      return rows[0] ? toSync(rows[0]) : null;
    },

    async sealedSecrets(syncId: number): Promise<string | null> {
      const { rows } = await db.query<{ sealed_secrets: string | null }>(`SELECT sealed_secrets FROM syncs WHERE sync_id = $1`, [syncId]);
      return rows[0]?.sealed_secrets ?? null;
    },

    async list(filter: { status?: SyncStatus } & KeysetPage): Promise<StoredSync[]> {
      const { rows } = await db.query<SyncRow>(
        `SELECT ${SYNC_COLUMNS} FROM syncs WHERE ($1::text IS NULL OR status = $1) AND sync_id > $2 ORDER BY sync_id LIMIT $3`,
        [filter.status ?? null, filter.after ?? 0, filter.limit],
      );
      return rows.map(toSync);
    },

    async countByStatus(): Promise<Record<SyncStatus, number>> {
      // COUNT is a bigint, which node-postgres hands over as text.
      const { rows } = await db.query<{ status: SyncStatus; count: string }>(`SELECT status, COUNT(*) AS count FROM syncs GROUP BY status`);
      return syncStatusCounts(rows.map((row) => ({ status: row.status, count: Number(row.count) })));
    },

    async setStatus(syncId: number, status: SyncStatus, at: string): Promise<void> {
      await db.query(`UPDATE syncs SET status = $1, updated_at = $2 WHERE sync_id = $3`, [status, at, syncId]);
    },

    async setPendingTrigger(syncId: number, pendingTrigger: PendingTrigger): Promise<void> {
      await db.query(`UPDATE syncs SET pending_trigger = $1, pending_clear_records = $2 WHERE sync_id = $3`, [
        pendingTrigger.trigger,
        pendingTrigger.clearRecords,
        syncId,
      ]);
    },

    /**
     * The pending_trigger handshake, job side: takes the reason the last action left on the sync
     * (null when none did, and the job is a scheduled one) and clears it, so exactly one job claims
     * it. Call inside the transaction that opens the job, holding the sync's lock.
     */
    async claimPendingTrigger(syncId: number): Promise<PendingTrigger | null> {
      const { rows } = await db.query<{ pending_trigger: JobTrigger | null; pending_clear_records: boolean }>(
        `SELECT pending_trigger, pending_clear_records FROM syncs WHERE sync_id = $1`,
        [syncId],
      );
      const row = rows[0];
      if (!row || row.pending_trigger === null) return null;
      await db.query(`UPDATE syncs SET pending_trigger = NULL, pending_clear_records = false WHERE sync_id = $1`, [syncId]);
      return { trigger: row.pending_trigger, clearRecords: row.pending_clear_records };
    },

    async jobSource(syncId: number): Promise<JobSource | null> {
      const { rows } = await db.query<{
        status: SyncStatus;
        definition: string;
        sealed_secrets: string | null;
        incremental_cursor: string | null;
      }>(`SELECT status, definition, sealed_secrets, incremental_cursor FROM syncs WHERE sync_id = $1`, [syncId]);
      const row = rows[0];
      return row
        ? { status: row.status, definition: row.definition, sealedSecrets: row.sealed_secrets, incrementalCursor: row.incremental_cursor }
        : null;
    },

    /** An observation older than the stored one is ignored, so concurrent writers cannot put an outdated time back. */
    async setNextRunAt(syncId: number, nextRunAt: string | null, observedAt: string): Promise<void> {
      await db.query(
        `UPDATE syncs SET next_run_at = $1, next_run_observed_at = $2
         WHERE sync_id = $3 AND (next_run_observed_at IS NULL OR next_run_observed_at <= $2)`,
        [nextRunAt, observedAt, syncId],
      );
    },

    /** Adjusts the sync's live record count, kept on its row so listings read no other table. */
    async addRecordCount(syncId: number, delta: number): Promise<void> {
      if (delta !== 0) await db.query(`UPDATE syncs SET record_count = record_count + $1 WHERE sync_id = $2`, [delta, syncId]);
    },

    async setPausedReason(syncId: number, reason: string | null): Promise<void> {
      await db.query(`UPDATE syncs SET paused_reason = $1 WHERE sync_id = $2`, [reason, syncId]);
    },

    /** The health counters as a job ends (a cancelled job neither counts nor resets). */
    async recordJobEnd(syncId: number, end: JobEnd, at: string): Promise<void> {
      if (end.status === 'succeeded') {
        await db.query(`UPDATE syncs SET consecutive_failures = 0, last_success_at = $1, last_error = NULL WHERE sync_id = $2`, [
          at,
          syncId,
        ]);
      }
      if (end.status === 'failed') {
        await db.query(`UPDATE syncs SET consecutive_failures = consecutive_failures + 1, last_error = $1 WHERE sync_id = $2`, [
          JSON.stringify(end.error),
          syncId,
        ]);
      }
    },

    async zeroRecordCount(syncId: number): Promise<void> {
      await db.query(`UPDATE syncs SET record_count = 0 WHERE sync_id = $1`, [syncId]);
    },
  };
}

export type SyncsTable = ReturnType<typeof syncsTable>;
