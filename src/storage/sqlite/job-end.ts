import type { Job } from '../../contracts/job.js';
import type { SyncDefinition } from '../../contracts/sync-definition.js';
import { sawEverything, unseenRecords } from '../delete-detection.js';
import { cursorToKeep } from '../incremental-cursor.js';
import type { JobRow } from '../job-row.js';
import { type JobEnd, type JobRetention, StorageNotFoundError } from '../storage.js';
import type { Tables } from './tables.js';

/**
 * Closes a running job inside the caller's write transaction; a job already closed is answered
 * unchanged. Counts come from the marks its upserts left on the records; then delete detection,
 * the incremental cursor, the sync's health counters and retention pruning.
 */
export function closeJob(tables: Tables, jobId: number, end: JobEnd, now: Date, retention: JobRetention | undefined): Job {
  const { jobs, definitions, records, pruner } = tables;
  const job = jobs.row(jobId);
  if (!job) throw new StorageNotFoundError('job', jobId);
  if (job.status !== 'running') return closed(tables, jobId);
  const definition = definitions.get(job.definition_hash);
  if (!definition) throw new Error(`job ${jobId} has no stored definition`);
  const at = now.toISOString();
  const counts = records.jobCounts(job.sync_id, jobId);
  const { deleted, deletesSkipped } = markUnseenDeleted(tables, job, end, definition, at);
  advanceIncrementalCursor(tables, job, end, definition, at);
  jobs.close(jobId, end, { ...counts, deleted }, deletesSkipped, at);
  tables.syncs.recordJobEnd(job.sync_id, end, at);
  if (retention) pruner.pruneExpiredJobs(retention, job.sync_id, jobId, now);
  return closed(tables, jobId);
}

function closed(tables: Tables, jobId: number): Job {
  const job = tables.jobs.get(jobId);
  if (!job) throw new StorageNotFoundError('job', jobId);
  return job;
}

/**
 * Delete detection at job end (delete-detection.ts): a full job that saw everything deletes the
 * records it did not see, unless another job of the sync is running, whose fresh records do not
 * carry this job's mark; then it keeps them and says why in `deletesSkipped`.
 */
export function markUnseenDeleted(
  tables: Tables,
  job: JobRow<number>,
  end: JobEnd,
  definition: SyncDefinition,
  at: string,
): { deleted: number; deletesSkipped: string | null } {
  const ran = { mode: job.mode, maxTotalReached: job.max_total_reached === 1 };
  // Looked up only when it matters, so most jobs skip the query.
  const otherRunning = sawEverything(ran, end) ? tables.jobs.otherRunning(job.sync_id, job.job_id) : undefined;
  const decision = unseenRecords(ran, end, definition.soft_delete, otherRunning);
  if (decision.action === 'keep') return { deleted: 0, deletesSkipped: decision.reason };
  const { deleted, live } = tables.records.deleteUnseen(job.sync_id, job.job_id, decision.soft, at);
  tables.syncs.addRecordCount(job.sync_id, -live);
  return { deleted, deletesSkipped: null };
}

/** Keeps the highest cursor a successful job of an incremental sync saw for the next job, and which job set it when (incremental-cursor.ts). */
export function advanceIncrementalCursor(tables: Tables, job: JobRow<number>, end: JobEnd, definition: SyncDefinition, at: string): void {
  const cursor = cursorToKeep(end, definition, job, tables.cursor.get(job.sync_id)?.incremental_cursor ?? null);
  if (cursor !== null) tables.cursor.set(job.sync_id, { cursor, at, source: 'job', jobId: job.job_id });
}
