import { syncIdArgument } from '../arguments.js';
import type { Command } from '../command.js';
import { ExitCode } from '../exit-codes.js';
import { printSync } from '../sync-output.js';

export const getCommand: Command = {
  name: 'get',
  summary: 'show one sync: its definition, schedule, last job and record count',
  positionals: ['id'],
  options: {},
  async run({ client, io, args, json }) {
    printSync(io, json, await client.get(syncIdArgument(args[0]!)));
    return ExitCode.Ok;
  },
};
