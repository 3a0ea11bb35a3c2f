import { syncIdArgument } from '../arguments.js';
import type { Command } from '../command.js';
import { ExitCode } from '../exit-codes.js';
import { printAction } from '../sync-output.js';

export const resumeCommand: Command = {
  name: 'resume',
  summary: 'resume a paused sync: a job starts at once and the schedule runs again',
  positionals: ['id'],
  options: {},
  async run({ client, io, args, json }) {
    printAction(io, json, await client.resume(syncIdArgument(args[0]!)), 'resumed');
    return ExitCode.Ok;
  },
};
