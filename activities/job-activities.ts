import { Context } from '@temporalio/activity';
import type { Client } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import { joinAuth } from '../src/contracts/auth.js';
import { lookbackCursor } from '../src/contracts/cursor-lookback.js';
import { ErrorCode } from '../src/contracts/errors.js';
import type { FetchTiming } from '../src/contracts/fetch-timing.js';
import type { FetchSummary, Job } from '../src/contracts/job.js';
import type { JobError } from '../src/contracts/job-error.js';
import type { WorkerMetrics } from '../src/metrics/metrics.js';
import { isHigherCursor } from '../src/storage/incremental-cursor.js';
import { UNCLASSIFIED } from '../src/storage/job-error-columns.js';
import type { IncomingRecord, JobEnd, JobPlan, Storage } from '../src/storage/storage.js';
import { asJobError, FailureCode, jobFailure } from './failure-class.js';
import { createAuthenticator } from './http/authenticator.js';
import { valueAtPath } from './http/dot-path.js';
import { fetchPage } from './http/fetch-page.js';
import type { FetchLimits } from './http/limits.js';
import type { OAuthTokenCache } from './http/oauth-token-cache.js';
import type { OutboundHttp } from './http/outbound-http.js';
import { nextPage, type PageRequest, type ReceivedPage, rejectRepeatedPage } from './http/paging.js';
import { inspectRecords } from './http/record-limits.js';
import { redact } from './http/redact.js';
import { type Checkpoint, resumeFrom, withoutSecrets } from './job-checkpoint.js';
import { startWatchdog } from './job-watchdog.js';
import { advanceNextRunAt } from './next-run.js';

export interface JobActivityDeps {
  storage: Storage;
  /** Reads the schedule's next run after each job starts and ends. */
  client: Client;
  /** OAuth tokens shared by the jobs of this worker, each until it expires. */
  tokenCache: OAuthTokenCache;
  /** Bounds on what a job reads: page bytes, record bytes and nesting. */
  fetchLimits: FetchLimits;
  /** The fetch's heartbeat timeout and retry wait, handed to the job workflow: a workflow cannot read the worker's configuration. */
  fetchTiming: FetchTiming;
  /** The worker's outbound client, which applies the network policy to every connection. */
  http: OutboundHttp;
  /** Counts jobs, pages, records and requests; recorded here, in activities, never in workflow code. */
  metrics: WorkerMetrics;
}

const HEARTBEAT_EVERY_MS = 1000;

/** The job a workflow run opened, and how long its fetch may go without a heartbeat. */
export type BegunJob = Pick<Job, 'job_id' | 'trigger' | 'mode'> & {
  /** Absent from histories recorded before the timeout was configurable. */
  fetch_heartbeat_timeout_ms?: number;
  /** Absent from histories recorded before the retry wait was configurable. */
  fetch_retry_initial_ms?: number;
};

export function keyedRecords(records: unknown[], texts: readonly string[], uniqueKey: string, pageNumber: number): IncomingRecord[] {
  return records.map((data, index) => {
    const key = valueAtPath(data, uniqueKey);
    if (key === undefined || key === null || typeof key === 'object') {
      const message = `record ${index} of page ${pageNumber} has no scalar value at unique_key "${uniqueKey}"`;
      throw jobFailure({ class: 'config', code: FailureCode.MissingUniqueKey, message }, { nonRetryable: true });
    }
    return { key: String(key), json: texts[index]! };
  });
}

/** A checked page: its records as storage takes them and the checkpoint once they are stored. */
interface StoredPage {
  records: IncomingRecord[];
  after: Checkpoint;
}

/** The highest cursor of the records and `current`, in the order isHigherCursor defines; taken from records, never a clock. */
function higherCursor(current: string | number | null, records: unknown[], cursorPath: string): string | number | null {
  let highest = current;
  for (const record of records) {
    const value = valueAtPath(record, cursorPath);
    if (typeof value !== 'string' && typeof value !== 'number') continue;
    if (highest === null || isHigherCursor(value, highest)) highest = value;
  }
  return highest;
}

/**
 * The incremental param an incremental job sends: the saved cursor, minus the sync's lookback
 * window. A saved cursor the window cannot be taken from (a number for lookback_seconds, say) fails
 * the job as a configuration error, not retried: the user fixes the cursor or the definition.
 */
function incrementalParams(plan: JobPlan): Record<string, string | number> {
  const { incremental } = plan.definition;
  if (!incremental || plan.mode !== 'incremental') return {};
  const sent = lookbackCursor(plan.cursor, incremental);
  if ('problem' in sent) {
    throw ApplicationFailure.nonRetryable(
      `the saved incremental cursor ${sent.problem}: set one with PUT /v1/syncs/:id/state, or clear it with DELETE for a full job`,
      ErrorCode.JobConfiguration,
    );
  }
  return { [incremental.param]: sent.cursor };
}

/** The same failure with every secret taken out of its message, as it goes to Temporal and the job. */
function redacted(error: unknown, secrets: readonly string[]): unknown {
  if (!(error instanceof Error) || secrets.length === 0) return error;
  const message = redact(error.message, secrets);
  if (message === error.message) return error;
  if (error instanceof ApplicationFailure) {
    // The JobError a failure carries has the same message, and goes to the job and its webhook.
    const carried = asJobError(error.details?.[0]);
    return ApplicationFailure.create({
      message,
      type: error.type ?? undefined,
      nonRetryable: error.nonRetryable ?? undefined,
      nextRetryDelay: error.nextRetryDelay ?? undefined,
      ...(carried ? { details: [{ ...carried, message: redact(carried.message, secrets) }] } : {}),
    });
  }
  return new Error(message);
}

/**
 * What finishJob is given. A string error comes from a job workflow whose task ran on a release
 * before failure classes (a rolling upgrade), and is stored like the jobs failed then.
 */
type FinishInput = Omit<JobEnd, 'error'> & { error: JobError | string | null };

/** Heartbeats the latest checkpoint every second, so cancellation reaches the job promptly. */
async function withHeartbeats<T>(checkpoint: () => Checkpoint, work: () => Promise<T>): Promise<T> {
  const context = Context.current();
  context.heartbeat(checkpoint());
  const timer = setInterval(() => context.heartbeat(checkpoint()), HEARTBEAT_EVERY_MS);
  try {
    return await work();
  } catch (error) {
    if (context.cancellationSignal.aborted) throw context.cancellationSignal.reason;
    throw error;
  } finally {
    clearInterval(timer);
  }
}

export function createJobActivities({ storage, client, tokenCache, fetchLimits, fetchTiming, http, metrics }: JobActivityDeps) {
  return {
    /** Opens the job row for this workflow run; null when the sync was cancelled meanwhile. */
    async beginJob(syncId: number): Promise<BegunJob | null> {
      const run = Context.current().info.workflowExecution;
      if (!run) throw ApplicationFailure.nonRetryable('beginJob runs only inside a job workflow', ErrorCode.JobConfiguration);
      const job = await storage.startJob({ syncId, workflowId: run.workflowId, runId: run.runId });
      // A retry after a lost completion would count the job again: the counter is at least once.
      if (job) metrics.jobStarted(job.trigger);
      await advanceNextRunAt(client, storage, syncId);
      return (
        job && {
          job_id: job.job_id,
          trigger: job.trigger,
          mode: job.mode,
          fetch_heartbeat_timeout_ms: fetchTiming.heartbeatTimeoutMs,
          fetch_retry_initial_ms: fetchTiming.retryInitialMs,
        }
      );
    },

    /**
     * Pages through the external API and upserts each page in one transaction as it arrives, then
     * checkpoints. A retry resumes after the last checkpoint; upserts are idempotent per job, so a
     * page stored again after a crash is neither duplicated nor counted twice.
     */
    async fetchAndStoreRecords(input: { sync_id: number; job_id: number }): Promise<FetchSummary> {
      if (Context.current().info.attempt > 1) metrics.retried('page');
      const plan = await storage.getJobPlan(input.job_id);
      const { definition, secrets } = plan;
      const auth = definition.auth && secrets ? joinAuth(definition.auth, secrets) : null;
      const timeoutMs = definition.request_timeout_seconds * 1000;
      const authenticator = createAuthenticator(auth, { http, timeoutMs, tokenCache, metrics });
      const extraParams = incrementalParams(plan);
      // Each attempt measures the stall from its own start (a crashed worker's attempt is retried
      // only after its heartbeats time out); the job's deadline counts from the job's start.
      const watchdog = startWatchdog(
        {
          stallMs: definition.stall_timeout_seconds * 1000,
          stallSeconds: definition.stall_timeout_seconds,
          deadlineAt: Date.parse(plan.started_at) + definition.max_job_seconds * 1000,
          maxJobSeconds: definition.max_job_seconds,
        },
        Context.current().cancellationSignal,
      );
      const { signal } = watchdog;
      const resumed = resumeFrom(Context.current().info.heartbeatDetails, definition.paging);
      let checkpoint = resumed.checkpoint;
      const { guards } = resumed;

      return withHeartbeats(
        () => withoutSecrets(checkpoint, authenticator.secretValues()),
        async () => {
          const fetchOptions = { http, signal, timeoutMs, maxPageBytes: fetchLimits.maxPageBytes, authenticator, extraParams, metrics };
          /**
           * Checks a received page and answers its records as storage takes them (key and JSON
           * text) with the checkpoint that follows `from`. Nothing returned refers to the parsed
           * page, so its objects can die while the page's writes are awaited (several round trips
           * on PostgreSQL) rather than survive into V8's old generation.
           */
          const takePage = (page: ReceivedPage, request: PageRequest, from: Checkpoint): StoredPage => {
            const room = definition.max_total === undefined ? Infinity : definition.max_total - from.fetched;
            const kept = page.records.slice(0, room);
            const pageNumber = from.pages + 1;
            const contents = inspectRecords(kept, fetchLimits, pageNumber);
            // A repeated cursor or URL says more than repeated records, so it is checked first.
            const next = nextPage(definition.paging, request, page, guards.cursors);
            if (kept.length > 0) rejectRepeatedPage(guards.pages, contents.fingerprint, pageNumber);
            const records = keyedRecords(kept, contents.texts, definition.unique_key, pageNumber);
            const fetched = from.fetched + records.length;
            const reachedMax = fetched >= (definition.max_total ?? Infinity) && (kept.length < page.records.length || next !== null);
            return {
              records,
              after: {
                next: reachedMax ? null : next,
                fetched,
                pages: pageNumber,
                cursor_max: definition.incremental ? higherCursor(from.cursor_max, kept, definition.incremental.cursor_path) : null,
                max_total_reached: reachedMax,
                repeats: guards.cursors.snapshot(),
                page_repeats: guards.pages.snapshot(),
              },
            };
          };
          const fetchAhead = (request: PageRequest | null): Promise<ReceivedPage> | null => {
            if (request === null) return null;
            const page = fetchPage(definition, request, fetchOptions);
            // Awaited on the next turn; until then a failure must not count as unhandled.
            page.catch(() => undefined);
            return page;
          };
          // The next page downloads while this one is written: requests stay one at a time.
          let upcoming = fetchAhead(checkpoint.next);
          while (checkpoint.next !== null && upcoming !== null) {
            if (signal.aborted) throw signal.reason;
            const { records, after } = takePage(await watchdog.race(upcoming), checkpoint.next, checkpoint);
            metrics.pageFetched();
            upcoming = fetchAhead(after.next);
            await watchdog.settle(
              storage.upsertRecords(input.sync_id, input.job_id, records).then(() => storage.recordJobProgress(input.job_id, after)),
            );
            checkpoint = after;
            watchdog.progressed();
            Context.current().heartbeat(withoutSecrets(checkpoint, authenticator.secretValues()));
          }
          return { fetched: checkpoint.fetched, pages: checkpoint.pages };
        },
      )
        .catch((error: unknown) => {
          throw redacted(error, authenticator.secretValues());
        })
        .finally(() => watchdog.stop());
    },

    async finishJob(input: { job_id: number } & FinishInput): Promise<void> {
      // Read first: a retry finds the job closed already and must not count it twice.
      const wasRunning = (await storage.getJob(input.job_id))?.status === 'running';
      const error = typeof input.error === 'string' ? { ...UNCLASSIFIED, message: input.error } : input.error;
      const job = await storage.finishJob(input.job_id, { status: input.status, error });
      if (wasRunning) metrics.jobFinished(job);
      await advanceNextRunAt(client, storage, job.sync_id);
    },
  };
}
