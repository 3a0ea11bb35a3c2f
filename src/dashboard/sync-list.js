// The syncs table: rows, the status filter and "Load more".

import { actionButtons } from './actions.js';
import { api, PAGE_SIZE, query, SYNCS } from './api.js';
import { $, badge, counts, el, formatTime, relative, schedule, showEmpty } from './dom.js';
import { ask } from './events.js';
import { loaded, showLoadError } from './notice.js';
import { state } from './state.js';

function syncRow(sync) {
  const job = sync.last_job;
  return el(
    'tr',
    {
      className: sync.sync_id === state.selectedId ? 'clickable selected' : 'clickable',
      onclick: () => ask('selectSync', sync.sync_id),
    },
    el('td', { className: 'num' }, sync.sync_id),
    el(
      'td',
      {},
      el(
        'button',
        {
          type: 'button',
          className: 'link',
          onclick: (event) => {
            event.stopPropagation();
            ask('selectSync', sync.sync_id);
          },
        },
        sync.friendly_name ?? '(unnamed)',
      ),
    ),
    el('td', { className: 'url', title: sync.url }, sync.url),
    el('td', {}, badge(sync.status)),
    el('td', {}, schedule(sync)),
    el(
      'td',
      { className: 'nowrap', title: formatTime(sync.next_run_at) },
      relative(sync.next_run_at),
      sync.next_run_at_stale
        ? el('div', { className: 'warn small-text', title: 'may be outdated: Temporal did not confirm it, or it has passed' }, 'stale')
        : null,
    ),
    el(
      'td',
      {},
      job
        ? [
            badge(job.status),
            ' ',
            el('span', { className: 'muted small-text', title: formatTime(job.started_at) }, relative(job.started_at)),
            el('div', { className: 'muted small-text' }, counts(job.records)),
          ]
        : el('span', { className: 'muted' }, 'none'),
    ),
    el('td', { className: 'num' }, sync.totals.records),
    el('td', {}, el('div', { className: 'actions' }, actionButtons(sync))),
  );
}

/** Reloads the list from the first page through as many pages as the user has opened. */
export async function loadSyncs() {
  const generation = ++state.listGeneration;
  const rows = [];
  let cursor = null;
  try {
    for (let page = 0; page < state.pages; page += 1) {
      const result = await api('GET', `${SYNCS}${query({ status: state.status, limit: PAGE_SIZE, cursor })}`);
      rows.push(...result.data);
      cursor = result.next_cursor;
      if (!cursor) break;
    }
  } catch (error) {
    if (generation !== state.listGeneration) return;
    showLoadError(`Could not load syncs: ${error.message}`);
    return;
  }
  if (generation !== state.listGeneration) return;
  loaded();
  $('syncs-body').replaceChildren(...rows.map(syncRow));
  showEmpty('syncs', rows.length === 0);
  $('syncs-empty').textContent = state.status ? `No ${state.status} syncs.` : 'No syncs yet: create one with "New sync".';
  if (rows.length === 0 && !state.status && !state.offeredForm) {
    state.offeredForm = true;
    ask('openCreate');
  }
  $('load-more').hidden = !cursor;
  $('refresh-state').textContent = `updated ${new Date().toLocaleTimeString()}`;
}

export function filterByStatus(status) {
  state.status = status;
  state.pages = 1;
  void loadSyncs();
}

export function loadMore() {
  state.pages += 1;
  void loadSyncs();
}
