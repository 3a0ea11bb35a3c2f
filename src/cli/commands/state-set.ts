import { syncIdArgument } from '../arguments.js';
import type { Command } from '../command.js';
import { ExitCode } from '../exit-codes.js';
import { printState } from '../state-output.js';

/** A JSON number stays a number ("1700000000"), a JSON string its text ('"42"'); anything else is the text as given. */
function cursorValue(text: string): string | number {
  try {
    const value: unknown = JSON.parse(text);
    if (typeof value === 'number' || typeof value === 'string') return value;
  } catch {
    // Not JSON: an ISO time or any other text is the cursor itself.
  }
  return text;
}

export const stateSetCommand: Command = {
  name: 'state set',
  summary: 'set (rewind) the incremental cursor the next job starts from',
  positionals: ['id', 'cursor'],
  options: {},
  details:
    'The cursor is read as a number when it is one, else as text; quote a number in JSON to send it as text.\n' +
    'Refused (exit 4) while a job of the sync runs: pause the sync and wait for its job to end.\n' +
    'Examples:\n  syncd state set 12 2026-11-29T00:00:00Z\n  syncd state set 12 1700000000\n  syncd state set 12 \'"1700000000"\'',
  async run({ client, io, args, json }) {
    const syncId = syncIdArgument(args[0]!);
    printState(io, json, await client.setState(syncId, cursorValue(args[1]!)), `cursor of sync ${syncId} set`);
    return ExitCode.Ok;
  },
};
