import { limitOption, stringOption, syncIdArgument } from '../arguments.js';
import type { Command } from '../command.js';
import { ExitCode } from '../exit-codes.js';
import { duration, jobError, time } from '../format.js';
import { PAGE_OPTIONS } from '../page-options.js';
import { printPage } from '../page-output.js';
import { truncate } from '../table.js';

export const jobsCommand: Command = {
  name: 'jobs',
  summary: "list a sync's jobs, newest first",
  positionals: ['id'],
  options: { ...PAGE_OPTIONS },
  async run({ client, io, args, values, json }) {
    const page = await client.jobs(syncIdArgument(args[0]!), { limit: limitOption(values), cursor: stringOption(values, 'cursor') });
    const header = [
      'JOB',
      'STATUS',
      'TRIGGER',
      'MODE',
      'STARTED',
      'TOOK',
      'FETCHED',
      'CREATED',
      'UPDATED',
      'UNCHANGED',
      'DELETED',
      'ERROR',
    ];
    printPage(io, json, page, 'no jobs', header, (job) => [
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
    return ExitCode.Ok;
  },
};
