// The selected sync's incremental cursor: what the next job starts from, who set it when, and the
// controls that set it (a rewind, say) or clear it (the next job is then full).

import { api, SYNCS } from './api.js';
import { $, formatTime, syncName } from './dom.js';
import { ask } from './events.js';
import { showNotice } from './notice.js';
import { state } from './state.js';

const statePath = (syncId) => `${SYNCS}/${syncId}/state`;

export const loadCursor = (syncId) => api('GET', statePath(syncId));

function origin(cursorState) {
  const when = cursorState.set_at ? ` at ${formatTime(cursorState.set_at)}` : '';
  if (cursorState.source === 'api') return `set through the API${when}`;
  const job = cursorState.set_by_job_id === null ? 'a job' : `job #${cursorState.set_by_job_id}`;
  return `the highest value in the records of ${job}${when}`;
}

function lookbackText(incremental) {
  if (incremental?.lookback_seconds !== undefined) return `; jobs send it minus ${incremental.lookback_seconds} s`;
  if (incremental?.lookback !== undefined) return `; jobs send it minus ${incremental.lookback}`;
  return '';
}

function describeCursor(sync, cursorState) {
  if (cursorState.cursor === null) {
    const cleared = cursorState.source === 'api' && cursorState.set_at ? `cleared at ${formatTime(cursorState.set_at)}: ` : '';
    return `none (${cleared}the next job is full and fetches everything)`;
  }
  return `${JSON.stringify(cursorState.cursor)}: ${origin(cursorState)}${lookbackText(sync.incremental)}`;
}

/** Shows the cursor of an incremental sync (or one that still has a cursor); controls only while it can change. */
export function showCursor(sync, cursorState) {
  state.cursorState = cursorState;
  const shown = Boolean(sync.incremental) || cursorState.cursor !== null;
  $('cursor-state').hidden = !shown;
  if (!shown) return;
  $('cursor-shown').textContent = describeCursor(sync, cursorState);
  const changeable = sync.status !== 'cancelled';
  $('cursor-controls').hidden = !changeable;
  $('cursor-set').disabled = !sync.incremental;
  $('cursor-input').placeholder = sync.incremental?.lookback !== undefined ? '1700000000' : '2026-01-31T00:00:00Z';
}

/**
 * What the typed text is as a cursor: a number for a sync whose cursor is numeric (its `lookback`,
 * or a number stored now) when the text is one, else the text itself.
 */
function typedCursor(text, sync) {
  const numeric = sync.incremental?.lookback !== undefined || typeof state.cursorState?.cursor === 'number';
  return numeric && text !== '' && Number.isFinite(Number(text)) ? Number(text) : text;
}

async function change(method, body, button, done) {
  const sync = state.selectedSync;
  if (!sync) return;
  button.disabled = true;
  try {
    await api(method, statePath(sync.sync_id), body);
    showNotice(`Sync ${syncName(sync)}: ${done}.`, 'ok');
    $('cursor-input').value = '';
  } catch (error) {
    showNotice(`Could not change the cursor of sync ${syncName(sync)}: ${error.message}`);
  } finally {
    button.disabled = false;
  }
  await ask('refreshDetail');
}

export function setCursor() {
  const sync = state.selectedSync;
  if (!sync) return;
  const text = $('cursor-input').value.trim();
  void change('PUT', { cursor: typedCursor(text, sync) }, $('cursor-set'), 'cursor set; the next job starts from it');
}

export function clearCursor() {
  const sync = state.selectedSync;
  if (!sync) return;
  if (!confirm(`Clear the cursor of sync ${syncName(sync)}? Its next job fetches everything.`)) return;
  void change('DELETE', undefined, $('cursor-clear'), 'cursor cleared; the next job is full');
}
