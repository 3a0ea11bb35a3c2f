import type { UpdateSyncInput } from '../../sdk/types.js';
import { fieldAssignment, stringOption, stringsOption, syncIdArgument } from '../arguments.js';
import type { Command } from '../command.js';
import { readObjectFile } from '../definition-file.js';
import { ExitCode, UsageError } from '../exit-codes.js';
import { printSync } from '../sync-output.js';

export const editCommand: Command = {
  name: 'edit',
  summary: "change a sync's fields in place (PATCH): from a file, --set, or both",
  positionals: ['id'],
  options: {
    file: { type: 'string', short: 'f', value: '<file>', description: 'the fields to change, .json or .yaml (- for stdin)' },
    set: {
      type: 'string',
      multiple: true,
      value: '<field=value>',
      description:
        'change one top-level field; the value is read as JSON when it parses (null clears a field), else as text; repeatable, applied after -f',
    },
  },
  details:
    'Examples:\n  syncd edit 12 --set frequency="30 minutes" --set max_total=500\n  syncd edit 12 --set webhook_url=null\n  syncd edit 12 -f patch.json',
  async run({ client, io, args, values, json }) {
    const syncId = syncIdArgument(args[0]!);
    const file = stringOption(values, 'file');
    const sets = stringsOption(values, 'set');
    if (file === undefined && sets.length === 0) throw new UsageError('edit needs -f <file> or --set field=value');
    const changes = {
      ...(file === undefined ? {} : await readObjectFile(io, file)),
      ...Object.fromEntries(sets.map((set) => fieldAssignment(set, 'set'))),
    };
    const sync = await client.update(syncId, changes as UpdateSyncInput);
    printSync(io, json, sync, `updated sync ${sync.sync_id}`);
    return ExitCode.Ok;
  },
};
