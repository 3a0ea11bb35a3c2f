import { LATEST_DELIVERY_COLUMNS, LATEST_DELIVERY_JOIN } from '../latest-delivery.js';
import type { JobQuery } from '../storage.js';

/**
 * The jobs listing, newest first, of one sync (walking jobs_by_sync) or of all syncs, where a
 * start-time range can use jobs_by_status_started or jobs_by_started instead of every job.
 */
export function jobListing(query: JobQuery): { sql: string; values: unknown[] } {
  const values: unknown[] = [query.after ?? Number.MAX_SAFE_INTEGER];
  const where = ['jobs.job_id < $1'];
  const add = (condition: (placeholder: string) => string, value: unknown) => {
    values.push(value);
    where.push(condition(`$${values.length}`));
  };
  if (query.syncId !== undefined) add((p) => `jobs.sync_id = ${p}`, query.syncId);
  if (query.status !== undefined) add((p) => `jobs.status = ${p}`, query.status);
  if (query.trigger !== undefined) add((p) => `jobs.trigger = ${p}`, query.trigger);
  // Normalised to UTC: PostgreSQL refuses offsets past ±15:59 that ISO 8601 and the API accept.
  if (query.startedAfter !== undefined) add((p) => `jobs.started_at > ${p}::timestamptz`, new Date(query.startedAfter).toISOString());
  if (query.startedBefore !== undefined) add((p) => `jobs.started_at < ${p}::timestamptz`, new Date(query.startedBefore).toISOString());
  values.push(query.limit);
  const sql = `SELECT jobs.*, ${LATEST_DELIVERY_COLUMNS} FROM jobs ${LATEST_DELIVERY_JOIN}
    WHERE ${where.join(' AND ')} ORDER BY jobs.job_id DESC LIMIT $${values.length}`;
  return { sql, values };
}
