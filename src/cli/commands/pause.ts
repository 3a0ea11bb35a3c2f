import { syncIdArgument } from '../arguments.js';
import type { Command } from '../command.js';
import { ExitCode } from '../exit-codes.js';
import { printAction } from '../sync-output.js';

export const pauseCommand: Command = {
  name: 'pause',
  summary: 'stop scheduled jobs of a sync; a running job finishes',
  positionals: ['id'],
  options: {},
  async run({ client, io, args, json }) {
    printAction(io, json, await client.pause(syncIdArgument(args[0]!)), 'paused');
    return ExitCode.Ok;
  },
};
