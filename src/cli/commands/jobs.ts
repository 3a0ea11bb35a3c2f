import { syncIdArgument } from '../arguments.js';
import type { Command } from '../command.js';
import { ExitCode } from '../exit-codes.js';
import { JOB_FILTER_OPTIONS, jobFilter } from '../job-filter-options.js';
import { printJobs } from '../job-table.js';

export const jobsCommand: Command = {
  name: 'jobs',
  summary: "list a sync's jobs, newest first, optionally filtered",
  positionals: ['id'],
  options: JOB_FILTER_OPTIONS,
  details: 'Example: syncd jobs 12 --status failed --since 1h',
  async run({ client, io, args, values, json }) {
    printJobs(io, json, await client.jobs(syncIdArgument(args[0]!), jobFilter(values)), false);
    return ExitCode.Ok;
  },
};
