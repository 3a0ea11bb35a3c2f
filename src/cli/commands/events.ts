import type { SyncEvent } from '../../contracts/sync-health.js';
import { limitOption, stringOption, syncIdArgument } from '../arguments.js';
import type { Command } from '../command.js';
import { ExitCode } from '../exit-codes.js';
import { time } from '../format.js';
import { PAGE_OPTIONS } from '../page-options.js';
import { printPage } from '../page-output.js';
import { truncate } from '../table.js';

function detailText(event: SyncEvent): string {
  return Object.keys(event.detail).length === 0 ? '' : truncate(JSON.stringify(event.detail), 80);
}

export const eventsCommand: Command = {
  name: 'events',
  summary: "list a sync's audit trail, newest first: what changed, when, by whom, in which request",
  positionals: ['id'],
  options: { ...PAGE_OPTIONS },
  async run({ client, io, args, values, json }) {
    const page = await client.events(syncIdArgument(args[0]!), { limit: limitOption(values), cursor: stringOption(values, 'cursor') });
    printPage(io, json, page, 'no events', ['EVENT', 'AT', 'ACTION', 'ACTOR', 'REQUEST', 'DETAIL'], (event) => [
      String(event.event_id),
      time(event.at),
      event.action,
      event.actor,
      event.request_id ?? '-',
      detailText(event),
    ]);
    return ExitCode.Ok;
  },
};
