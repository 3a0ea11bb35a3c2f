import type { Command } from '../command.js';
import { ExitCode } from '../exit-codes.js';
import { JOB_FILTER_OPTIONS, jobFilter } from '../job-filter-options.js';
import { printJobs } from '../job-table.js';

export const allJobsCommand: Command = {
  name: 'all-jobs',
  summary: 'list jobs across every sync, newest first, such as what failed in the last hour',
  positionals: [],
  options: JOB_FILTER_OPTIONS,
  details: 'Example: syncd all-jobs --status failed --since 1h',
  async run({ client, io, values, json }) {
    printJobs(io, json, await client.allJobs(jobFilter(values)), true);
    return ExitCode.Ok;
  },
};
