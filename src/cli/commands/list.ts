import { SYNC_STATUSES } from '../../contracts/sync.js';
import { choiceOption, limitOption, stringOption } from '../arguments.js';
import type { Command } from '../command.js';
import { ExitCode } from '../exit-codes.js';
import { nameOf, scheduleOf, time } from '../format.js';
import { PAGE_OPTIONS } from '../page-options.js';
import { printPage } from '../page-output.js';

export const listCommand: Command = {
  name: 'list',
  summary: 'list syncs, oldest first',
  positionals: [],
  options: {
    status: { type: 'string', value: '<status>', description: `only syncs in this status: ${SYNC_STATUSES.join(', ')}` },
    ...PAGE_OPTIONS,
  },
  async run({ client, io, values, json }) {
    const page = await client.list({
      status: choiceOption(values, 'status', SYNC_STATUSES),
      limit: limitOption(values),
      cursor: stringOption(values, 'cursor'),
    });
    printPage(io, json, page, 'no syncs', ['ID', 'NAME', 'STATUS', 'HEALTH', 'SCHEDULE', 'NEXT RUN', 'LAST JOB', 'RECORDS'], (sync) => [
      String(sync.sync_id),
      nameOf(sync),
      sync.status,
      sync.health.state,
      scheduleOf(sync),
      time(sync.next_run_at),
      sync.last_job === null ? '-' : `${sync.last_job.status} ${time(sync.last_job.ended_at ?? sync.last_job.started_at)}`,
      String(sync.totals.records),
    ]);
    return ExitCode.Ok;
  },
};
