import type { Sync } from '../sdk/types.js';
import { syncView } from './format.js';
import type { CliIo } from './io.js';

/** A sync as the API's JSON, or as the text view under an optional first line. */
export function printSync(io: CliIo, json: boolean, sync: Sync, headline?: string): void {
  if (json) {
    io.out(JSON.stringify(sync, null, 2));
    return;
  }
  io.out(headline === undefined ? syncView(sync) : `${headline}\n${syncView(sync)}`);
}

/** A sync as the API's JSON, or one line saying what an action did. */
export function printAction(io: CliIo, json: boolean, sync: Sync, done: string): void {
  io.out(json ? JSON.stringify(sync, null, 2) : `sync ${sync.sync_id} ${done}: status ${sync.status}, next run ${sync.next_run_at ?? '-'}`);
}
