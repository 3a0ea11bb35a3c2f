import type { Job } from '../contracts/job.js';
import type { Page } from '../contracts/sync.js';
import { duration, jobError, time } from './format.js';
import type { CliIo } from './io.js';
import { printPage } from './page-output.js';
import { truncate } from './table.js';

const HEADER = ['JOB', 'STATUS', 'TRIGGER', 'MODE', 'STARTED', 'TOOK', 'FETCHED', 'CREATED', 'UPDATED', 'UNCHANGED', 'DELETED', 'ERROR'];

/** A page of jobs as the API's JSON or a table; `withSync` adds the sync id column (jobs across syncs). */
export function printJobs(io: CliIo, json: boolean, page: Page<Job>, withSync: boolean): void {
  const header = withSync ? ['SYNC', ...HEADER] : HEADER;
  printPage(io, json, page, 'no jobs', header, (job) => [
    ...(withSync ? [String(job.sync_id)] : []),
    String(job.job_id),
    job.status,
    job.trigger,
    job.mode,
    time(job.started_at),
    duration(job),
    String(job.records.fetched),
    String(job.records.created),
    String(job.records.updated),
    String(job.records.unchanged),
    String(job.records.deleted),
    truncate(jobError(job.error), 80),
  ]);
}
