import type { Job } from '../../contracts/job.js';
import type { SyncDefinition } from '../../contracts/sync-definition.js';
import { sawEverything, unseenRecords } from '../delete-detection.js';
import { cursorToKeep } from '../incremental-cursor.js';
import type { JobRow } from '../job-row.js';
import { type JobEnd, type JobRetention, StorageNotFoundError } from '../storage.js';
import type { Tables } from './tables.js';

/**
 * Closes a running job inside the caller's transaction; a job already closed is answered
 * unchanged. The job is read again once its sync is locked, so of two closings of one job the
 * second sees the first's result. Counts come from the marks its upserts left on the records; then
 * delete detection, the incremental cursor, the sync's health counters and retention pruning.
 */
export async function closeJob(tables: Tables, jobId: number, end: JobEnd, now: Date, retention: JobRetention | undefined): Promise<Job> {
  const { jobs, definitions, records, syncs, pruner } = tables;
  const unlocked = await jobs.row(jobId);
  if (!unlocked) throw new StorageNotFoundError('job', jobId);
  await syncs.lock(unlocked.sync_id);
  const job = await jobs.row(jobId);
  if (!job) throw new StorageNotFoundError('job', jobId);
  if (job.status !== 'running') return closed(tables, jobId);
  const definition = await definitions.get(job.definition_hash);
  if (!definition) throw new Error(`job ${jobId} has no stored definition`);
  const at = now.toISOString();
  const counts = await records.jobCounts(job.sync_id, jobId);
  const { deleted, deletesSkipped } = await markUnseenDeleted(tables, job, end, definition, at);
  await advanceIncrementalCursor(tables, job, end, definition, at);
  await jobs.close(jobId, end, { ...counts, deleted }, deletesSkipped, at);
  await syncs.recordJobEnd(job.sync_id, end, at);
  if (retention) await pruner.pruneExpiredJobs(retention, job.sync_id, jobId, now);
  return closed(tables, jobId);
}

async function closed(tables: Tables, jobId: number): Promise<Job> {
  const job = await tables.jobs.get(jobId);
  if (!job) throw new StorageNotFoundError('job', jobId);
  return job;
}

/** Delete detection at job end (delete-detection.ts), as the SQLite engine's markUnseenDeleted. */
async function markUnseenDeleted(
  tables: Tables,
  job: JobRow<boolean>,
  end: JobEnd,
  definition: SyncDefinition,
  at: string,
): Promise<{ deleted: number; deletesSkipped: string | null }> {
  const ran = { mode: job.mode, maxTotalReached: job.max_total_reached };
  // Looked up only when it matters, so most jobs skip the query.
  const otherRunning = sawEverything(ran, end) ? await tables.jobs.otherRunning(job.sync_id, job.job_id) : undefined;
  const decision = unseenRecords(ran, end, definition.soft_delete, otherRunning);
  if (decision.action === 'keep') return { deleted: 0, deletesSkipped: decision.reason };
  const { deleted, live } = await tables.records.deleteUnseen(job.sync_id, job.job_id, decision.soft, at);
  await tables.syncs.addRecordCount(job.sync_id, -live);
  return { deleted, deletesSkipped: null };
}

/** Keeps the highest cursor a successful job of an incremental sync saw for the next job, and which job set it when (incremental-cursor.ts). */
async function advanceIncrementalCursor(
  tables: Tables,
  job: JobRow<boolean>,
  end: JobEnd,
  definition: SyncDefinition,
  at: string,
): Promise<void> {
  const stored = (await tables.cursor.get(job.sync_id))?.incremental_cursor ?? null;
  const cursor = cursorToKeep(end, definition, job, stored);
  if (cursor !== null) await tables.cursor.set(job.sync_id, { cursor, at, source: 'job', jobId: job.job_id });
}
