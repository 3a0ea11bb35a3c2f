import type { CursorState } from '../contracts/cursor-state.js';
import { time } from './format.js';
import type { CliIo } from './io.js';
import { fields } from './table.js';

/** A sync's cursor state as the API's JSON, or as key-value lines under an optional headline. */
export function printState(io: CliIo, json: boolean, state: CursorState, headline?: string): void {
  if (json) {
    io.out(JSON.stringify(state, null, 2));
    return;
  }
  const setBy = state.source === 'job' && state.set_by_job_id !== null ? `job ${state.set_by_job_id}` : (state.source ?? '-');
  const view = fields([
    ['sync', String(state.sync_id)],
    ['cursor', state.cursor === null ? '- (the next job is full)' : JSON.stringify(state.cursor)],
    ['set by', setBy],
    ['set at', time(state.set_at)],
  ]);
  io.out(headline === undefined ? view : `${headline}\n${view}`);
}
