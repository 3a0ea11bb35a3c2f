import type { CreateSyncInput } from '../../sdk/types.js';
import { stringOption } from '../arguments.js';
import type { Command } from '../command.js';
import { definitionFileOption, readObjectFile } from '../definition-file.js';
import { ExitCode, UsageError } from '../exit-codes.js';
import { printSync } from '../sync-output.js';

export const createCommand: Command = {
  name: 'create',
  summary: 'create a sync from a YAML or JSON file of its fields; its first job starts at once unless paused',
  positionals: [],
  options: {
    file: definitionFileOption('POST /v1/syncs'),
  },
  details:
    'Example sync.yaml:\n  url: https://api.example.com/items\n  unique_key: id\n  frequency: 1 hour\n  paging: { type: page, param: page }',
  async run({ client, io, values, json }) {
    const file = stringOption(values, 'file');
    if (file === undefined) throw new UsageError('create needs -f <file>');
    // The API validates every field and answers 400 naming each wrong one.
    const sync = await client.create((await readObjectFile(io, file)) as CreateSyncInput);
    printSync(io, json, sync, `created sync ${sync.sync_id}`);
    return ExitCode.Ok;
  },
};
