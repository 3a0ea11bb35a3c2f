import { flag, syncIdArgument } from '../arguments.js';
import type { Command } from '../command.js';
import { ExitCode, UsageError } from '../exit-codes.js';
import { nameOf } from '../format.js';
import { printAction } from '../sync-output.js';

export const cancelCommand: Command = {
  name: 'cancel',
  summary: 'cancel a sync for good: a running job stops and the schedule is removed (asks first unless --yes)',
  positionals: ['id'],
  options: {
    yes: { type: 'boolean', short: 'y', description: 'do not ask; required when stdin is not a terminal' },
  },
  details: 'A cancelled sync cannot be resumed or triggered again; its records stay readable.',
  async run({ client, io, args, values, json }) {
    const syncId = syncIdArgument(args[0]!);
    if (!flag(values, 'yes')) {
      if (!io.interactive) throw new UsageError('cancel is final: pass --yes to confirm (stdin is not a terminal to ask on)');
      // Read first, so a wrong id fails with 404 before the question, and the question names the sync.
      const sync = await client.get(syncId);
      const answer = await io.ask(`Cancel sync ${syncId} (${nameOf(sync)}, ${sync.url})? It can never run again. [y/N] `);
      if (!/^y(es)?$/i.test(answer.trim())) {
        io.err('not cancelled');
        return ExitCode.Unexpected;
      }
    }
    printAction(io, json, await client.cancel(syncId), 'cancelled');
    return ExitCode.Ok;
  },
};
