import { Context } from '@temporalio/activity';
import { ApplicationFailure } from '@temporalio/common';
import { ErrorCode } from '../src/contracts/errors.js';
import type { FetchSummary, Job } from '../src/contracts/job.js';
import type { JobEnd, Storage, IncomingRecord } from '../src/storage/storage.js';
import { valueAtPath } from './http/dot-path.js';
import { fetchPage } from './http/fetch-page.js';
import { firstPage, nextPage, type PageRequest } from './http/paging.js';

export interface JobActivityDeps {
  storage: Storage;
  /** How long one page request may take before it counts as a transient failure. */
  requestTimeoutMs: number;
}

const HEARTBEAT_EVERY_MS = 1000;

function keyedRecords(records: unknown[], uniqueKey: string, pageNumber: number): IncomingRecord[] {
  return records.map((data, index) => {
    const key = valueAtPath(data, uniqueKey);
    if (key === undefined || key === null || typeof key === 'object') {
      throw ApplicationFailure.nonRetryable(
        `record ${index} of page ${pageNumber} has no scalar value at unique_key "${uniqueKey}"`,
        ErrorCode.JobResponse,
      );
    }
    return { key: String(key), data };
  });
}

/** Keeps heartbeating while a slow page is awaited, so cancellation reaches the job promptly. */
async function withHeartbeats<T>(work: () => Promise<T>): Promise<T> {
  const context = Context.current();
  context.heartbeat();
  const timer = setInterval(() => context.heartbeat(), HEARTBEAT_EVERY_MS);
  try {
    return await work();
  } catch (error) {
    if (context.cancellationSignal.aborted) throw context.cancellationSignal.reason;
    throw error;
  } finally {
    clearInterval(timer);
  }
}

export function createJobActivities({ storage, requestTimeoutMs }: JobActivityDeps) {
  return {
    /** Opens the job row for this workflow run; null when the sync was cancelled meanwhile. */
    async beginJob(syncId: number): Promise<Pick<Job, 'job_id' | 'trigger'> | null> {
      const run = Context.current().info.workflowExecution;
      if (!run) throw ApplicationFailure.nonRetryable('beginJob runs only inside a job workflow', ErrorCode.JobConfiguration);
      const job = await storage.startJob({ syncId, workflowId: run.workflowId, runId: run.runId });
      return job && { job_id: job.job_id, trigger: job.trigger };
    },

    /**
     * Pages through the external API and upserts each page in one transaction as it arrives.
     * A retry starts over; upserts are idempotent per job, so nothing is duplicated or counted twice.
     */
    async fetchAndStoreRecords(input: { sync_id: number; job_id: number }): Promise<FetchSummary> {
      const sync = await storage.getSync(input.sync_id);
      if (!sync) throw ApplicationFailure.nonRetryable(`sync ${input.sync_id} does not exist`, ErrorCode.JobConfiguration);
      const { definition } = sync;
      const signal = Context.current().cancellationSignal;
      return withHeartbeats(async () => {
        const summary: FetchSummary = { fetched: 0, pages: 0 };
        const seenCursors = new Set<string>();
        await storage.recordJobProgress(input.job_id, summary);
        let request: PageRequest | null = firstPage(definition.paging);
        while (request !== null) {
          if (signal.aborted) throw signal.reason;
          const page = await fetchPage(definition, request, { signal, timeoutMs: requestTimeoutMs });
          const records = keyedRecords(page.records, definition.unique_key, summary.pages + 1);
          await storage.upsertRecords(input.sync_id, input.job_id, records);
          summary.pages += 1;
          summary.fetched += records.length;
          await storage.recordJobProgress(input.job_id, summary);
          request = nextPage(definition.paging, request, page, seenCursors);
        }
        return summary;
      });
    },

    async finishJob(input: { job_id: number } & JobEnd): Promise<void> {
      await storage.finishJob(input.job_id, { status: input.status, error: input.error });
    },
  };
}
