// How syncs and jobs read in the CLI's text output (`--json` prints the API's JSON instead).
import type { Job } from '../contracts/job.js';
import type { Sync } from '../sdk/types.js';
import { fields } from './table.js';

/** An ISO time to the second, as "2026-12-01 05:04:49Z"; "-" for none. */
export function time(iso: string | null | undefined): string {
  if (!iso) return '-';
  return iso.replace('T', ' ').replace(/\.\d+Z$/, 'Z');
}

export function scheduleOf(sync: Sync): string {
  if (sync.cron !== null) return sync.timezone === null ? `cron ${sync.cron}` : `cron ${sync.cron} (${sync.timezone})`;
  return sync.frequency === null ? '-' : `every ${sync.frequency}`;
}

export function nameOf(sync: Sync): string {
  return sync.friendly_name ?? '-';
}

/**
 * A job's error as one line. Typed `unknown` on purpose: a job's error is a string today and becomes
 * a `{class, code, message}` object with issue 11's failure classes; both read well here.
 */
export function jobError(error: unknown): string {
  if (error === null || error === undefined) return '';
  if (typeof error === 'string') return error;
  if (typeof error === 'object' && 'message' in error && typeof error.message === 'string') {
    const parts = ['class', 'code'].map((key) => (error as Record<string, unknown>)[key]).filter((part) => typeof part === 'string');
    return parts.length === 0 ? error.message : `${parts.join('/')}: ${error.message}`;
  }
  return JSON.stringify(error);
}

export function duration(job: Job): string {
  if (job.ended_at === null) return '-';
  const seconds = (Date.parse(job.ended_at) - Date.parse(job.started_at)) / 1000;
  return seconds < 60 ? `${seconds.toFixed(1)} s` : `${Math.floor(seconds / 60)} min ${Math.round(seconds % 60)} s`;
}

/** "created 3, updated 1, unchanged 0, deleted 0 (4 fetched, 1 page)". */
export function counts(job: Job): string {
  const { created, updated, unchanged, deleted, fetched } = job.records;
  return `created ${created}, updated ${updated}, unchanged ${unchanged}, deleted ${deleted} (${fetched} fetched, ${job.pages} ${job.pages === 1 ? 'page' : 'pages'})`;
}

/** "job 12 succeeded (manual, full) in 1.2 s: created 3, ..." */
export function jobLine(job: Job): string {
  const took = job.status === 'running' ? `running since ${time(job.started_at)}` : `in ${duration(job)}`;
  const error = jobError(job.error);
  return `job ${job.job_id} ${job.status} (${job.trigger}, ${job.mode}) ${took}: ${counts(job)}${error ? `\n  error: ${error}` : ''}`;
}

/** "failing: 2 failed jobs in a row (last success 2026-12-01 05:04:49Z): config http_404: ..." */
function healthText(sync: Sync): string {
  const { state, consecutive_failures: failures, last_success_at: lastSuccess, reason } = sync.health;
  const streak = failures === 0 ? '' : `: ${failures} failed job${failures === 1 ? '' : 's'} in a row`;
  const success = lastSuccess === null ? '' : ` (last success ${time(lastSuccess)})`;
  return `${state}${streak}${success}${reason === null ? '' : `: ${reason}`}`;
}

/** Why a paused sync is paused, when it says: by a user or by the failure policy. */
function pausedLine(sync: Sync): [string, string][] {
  const reason = sync.paused_reason;
  return reason === null ? [] : [['paused', `by ${reason.by} at ${time(reason.at)}: ${reason.message}`]];
}

/** The text view of one sync for `get`, `create` and `edit`. */
export function syncView(sync: Sync): string {
  const job = sync.last_job;
  return fields([
    ['sync', String(sync.sync_id)],
    ['name', nameOf(sync)],
    ['status', sync.status],
    ...pausedLine(sync),
    ['health', healthText(sync)],
    ['url', `${sync.method} ${sync.url}`],
    ['unique key', sync.unique_key],
    ['paging', sync.paging.type],
    ['schedule', scheduleOf(sync)],
    ['next run', `${time(sync.next_run_at)}${sync.next_run_at_stale ? ' (may be outdated)' : ''}`],
    ['incremental', sync.incremental ? `${sync.incremental.cursor_path}, sent as ${sync.incremental.param}` : 'no'],
    ['records', String(sync.totals.records)],
    ['last job', job === null ? '-' : jobLine(job)],
    ['created', time(sync.created_at)],
    ['updated', time(sync.updated_at)],
  ]);
}
