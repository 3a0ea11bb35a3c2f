import { syncIdArgument } from '../arguments.js';
import type { Command } from '../command.js';
import { ExitCode } from '../exit-codes.js';
import { printState } from '../state-output.js';

export const stateGetCommand: Command = {
  name: 'state get',
  summary: "show a sync's incremental cursor: its value, who set it and when",
  positionals: ['id'],
  options: {},
  async run({ client, io, args, json }) {
    printState(io, json, await client.getState(syncIdArgument(args[0]!)));
    return ExitCode.Ok;
  },
};
