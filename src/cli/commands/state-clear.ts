import { syncIdArgument } from '../arguments.js';
import type { Command } from '../command.js';
import { ExitCode } from '../exit-codes.js';
import { printState } from '../state-output.js';

export const stateClearCommand: Command = {
  name: 'state clear',
  summary: 'clear the incremental cursor: the next job fetches everything',
  positionals: ['id'],
  options: {},
  async run({ client, io, args, json }) {
    const syncId = syncIdArgument(args[0]!);
    printState(io, json, await client.clearState(syncId), `cursor of sync ${syncId} cleared`);
    return ExitCode.Ok;
  },
};
