import type { Job } from '../../contracts/job.js';
import { type SyncDefinition, withJobLimits } from '../../contracts/sync-definition.js';
import { labelJob } from '../job-label.js';
import type { Tables } from './tables.js';

/**
 * Opens the job of a workflow run, inside the caller's transaction: the same run gets the same job
 * back; a cancelled or missing sync gets none. Holding the sync's lock first makes two starts of
 * one run (a retried activity) run one after the other, so the second finds the first's job. The
 * job claims the sync's pending trigger (job-label.ts labels it), empties the records first on a
 * resync that asks so, and snapshots the sync's definition and sealed secrets.
 */
export async function openJob(tables: Tables, run: { syncId: number; workflowId: string; runId: string }, at: string): Promise<Job | null> {
  const { syncs, jobs, definitions, records } = tables;
  const locked = await syncs.lock(run.syncId);
  const existing = await jobs.byRun(run.runId);
  if (existing) return existing;
  const sync = locked ? await syncs.jobSource(run.syncId) : null;
  if (!sync || sync.status === 'cancelled') return null;
  const label = labelJob(await syncs.claimPendingTrigger(run.syncId), {
    definition: withJobLimits(JSON.parse(sync.definition) as SyncDefinition),
    incrementalCursor: sync.incrementalCursor,
  });
  if (label.clearRecords) {
    await records.removeAll(run.syncId);
    await syncs.zeroRecordCount(run.syncId);
  }
  const jobId = await jobs.insert({
    sync_id: run.syncId,
    workflow_id: run.workflowId,
    run_id: run.runId,
    trigger: label.trigger,
    mode: label.mode,
    cursor_sent: label.cursorSent,
    definition_hash: await definitions.store(sync.definition),
    sealed_secrets: sync.sealedSecrets,
    started_at: at,
  });
  return jobs.get(jobId);
}
