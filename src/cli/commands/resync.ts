import { flag, syncIdArgument } from '../arguments.js';
import type { Command } from '../command.js';
import { ExitCode } from '../exit-codes.js';
import { printAction } from '../sync-output.js';

export const resyncCommand: Command = {
  name: 'resync',
  summary: 'run a full job now, from scratch (the incremental cursor is ignored)',
  positionals: ['id'],
  options: {
    'clear-records': { type: 'boolean', description: "empty the sync's records before the job runs" },
  },
  async run({ client, io, args, values, json }) {
    const clear = flag(values, 'clear-records');
    const sync = await client.resync(syncIdArgument(args[0]!), clear ? { clear_records: true } : {});
    printAction(io, json, sync, clear ? 'resync started (records cleared before the job)' : 'resync started');
    return ExitCode.Ok;
  },
};
