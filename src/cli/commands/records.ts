import type { RecordFilter } from '../../sdk/types.js';
import { choiceOption, limitOption, stringOption, syncIdArgument } from '../arguments.js';
import type { Command } from '../command.js';
import { ExitCode } from '../exit-codes.js';
import { time } from '../format.js';
import { PAGE_OPTIONS } from '../page-options.js';
import { printPage } from '../page-output.js';
import { truncate } from '../table.js';

const FILTERS: readonly RecordFilter[] = ['added', 'updated', 'deleted'];

export const recordsCommand: Command = {
  name: 'records',
  summary: "list a sync's records in a stable order (live ones unless --filter)",
  positionals: ['id'],
  options: {
    filter: { type: 'string', value: '<filter>', description: `only records ${FILTERS.join(', ')} (with --modified-after)` },
    'modified-after': { type: 'string', value: '<iso time>', description: 'only records changed after this time' },
    ...PAGE_OPTIONS,
  },
  async run({ client, io, args, values, json }) {
    const page = await client.records(syncIdArgument(args[0]!), {
      filter: choiceOption(values, 'filter', FILTERS),
      modified_after: stringOption(values, 'modified-after'),
      limit: limitOption(values),
      cursor: stringOption(values, 'cursor'),
    });
    printPage(io, json, page, 'no records', ['KEY', 'UPDATED', 'DELETED', 'DATA'], (record) => [
      record.key,
      time(record.updated_at),
      time(record.deleted_at),
      truncate(JSON.stringify(record.data), 100),
    ]);
    return ExitCode.Ok;
  },
};
