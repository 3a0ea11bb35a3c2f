import { SYNC_ACTIONS, SYNC_STATUSES } from '../../contracts/sync.js';
import type { BulkSelection } from '../../sdk/sync-client.js';
import { choiceOption, fieldAssignment, flag, stringOption, stringsOption, syncIdArgument } from '../arguments.js';
import type { Command, OptionValues } from '../command.js';
import { ExitCode, UsageError } from '../exit-codes.js';
import { table } from '../table.js';

/** `--ids 1,2,3`, or a filter of `--status` and `--metadata`; the API checks the counts and says what is wrong. */
function selectionOf(values: OptionValues): BulkSelection {
  const ids = stringOption(values, 'ids');
  const status = choiceOption(values, 'status', SYNC_STATUSES);
  const metadata = stringsOption(values, 'metadata');
  const filtered = status !== undefined || metadata.length > 0;
  if (ids !== undefined && filtered) throw new UsageError('give --ids, or --status and --metadata, not both');
  if (ids !== undefined) return { sync_ids: ids.split(',').map((id) => syncIdArgument(id.trim())) };
  if (!filtered) throw new UsageError('name the syncs: --ids 1,2,3, or --status and/or --metadata field=value');
  return {
    filter: {
      ...(status === undefined ? {} : { status }),
      ...(metadata.length === 0 ? {} : { metadata: Object.fromEntries(metadata.map((entry) => fieldAssignment(entry, 'metadata'))) }),
    },
  };
}

export const bulkCommand: Command = {
  name: 'bulk',
  summary: 'pause, resume, trigger or cancel many syncs at once, by ids or by status and metadata',
  positionals: ['action'],
  options: {
    ids: { type: 'string', value: '<ids>', description: 'comma-separated sync ids' },
    status: { type: 'string', value: '<status>', description: `select syncs in this status: ${SYNC_STATUSES.join(', ')}` },
    metadata: {
      type: 'string',
      multiple: true,
      value: '<field=value>',
      description: 'select syncs whose metadata has this field with this value (JSON when it parses); repeatable',
    },
    yes: { type: 'boolean', short: 'y', description: 'confirm a bulk cancel, which is final' },
  },
  details:
    'Prints each sync and its status afterwards; exits 4 when the action failed on any of them.\n' +
    'Examples:\n  syncd bulk pause --ids 12,15\n  syncd bulk pause --status active --metadata customer=acme\n  syncd bulk cancel --ids 12 --yes',
  async run({ client, io, args, values, json }) {
    const action = SYNC_ACTIONS.find((known) => known === args[0]);
    if (action === undefined) throw new UsageError(`the action must be one of ${SYNC_ACTIONS.join(', ')}, got "${args[0]}"`);
    const selection = selectionOf(values);
    if (action === 'cancel' && !flag(values, 'yes')) throw new UsageError('a bulk cancel is final: pass --yes to confirm');
    const { results } = await client.actOnMany(action, selection);
    if (json) io.out(JSON.stringify({ results }, null, 2));
    else if (results.length === 0) io.out('no syncs selected');
    else
      io.out(
        table(
          ['SYNC', 'STATUS', 'ERROR'],
          results.map((result) => [
            String(result.sync_id),
            result.status ?? '-',
            result.error ? `${result.error.code}: ${result.error.message}` : '',
          ]),
        ),
      );
    return results.some((result) => result.error !== undefined) ? ExitCode.Conflict : ExitCode.Ok;
  },
};
