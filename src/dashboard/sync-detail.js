// The detail panel of the selected sync: its facts, jobs and records, and its resync and edit controls.

import { act, actionButtons } from './actions.js';
import { api, PAGE_SIZE, query, SYNCS } from './api.js';
import { $, badge, el, formatTime, relative, schedule, syncName } from './dom.js';
import { stopProgress } from './job-progress.js';
import { CHARTED_JOBS } from './jobs-chart.js';
import { loaded, showLoadError } from './notice.js';
import { state } from './state.js';
import { loadCursor, showCursor } from './sync-cursor.js';
import { showEvents } from './sync-events.js';
import { showJobs } from './sync-jobs.js';
import { recordsQuery, resetRecordsFilter, showRecords } from './sync-records.js';

export function select(syncId, { scroll = true } = {}) {
  if (syncId !== state.selectedId) {
    resetRecordsFilter();
    $('jobs-status').value = '';
  }
  state.selectedId = syncId;
  // A link to the page with this hash opens the same sync.
  history.replaceState(null, '', `#sync-${syncId}`);
  state.recordsExpanded = false;
  for (const row of $('syncs-body').rows) {
    row.classList.toggle('selected', Number(row.cells[0].textContent) === syncId);
  }
  $('detail').hidden = false;
  void loadDetail().then(() => scroll && $('detail').scrollIntoView({ behavior: 'smooth', block: 'nearest' }));
}

function fact(term, value) {
  return [el('dt', {}, term), el('dd', {}, value)];
}

/** `{type: 'offset', limit: 100}` as "offset limit=100"; auth secrets arrive already masked. */
function describe(settings) {
  const rest = Object.entries(settings).filter(([name]) => name !== 'type');
  return [settings.type, ...rest.map(([name, value]) => `${name}=${Array.isArray(value) ? value.join(',') : value}`)].join(' ');
}

function renderSync(sync) {
  state.selectedSync = sync;
  $('detail-title').replaceChildren(`#${sync.sync_id} ${sync.friendly_name ?? '(unnamed)'} `, badge(sync.status));
  // The detail panel has its own resync control, with the clear-records option.
  $('detail-actions').replaceChildren(...actionButtons(sync, { except: ['resync'] }));
  const editable = sync.status !== 'cancelled';
  $('resync-controls').hidden = !editable;
  $('edit-open').hidden = !editable;
  $('detail-facts').replaceChildren(...syncFacts(sync));
}

function lookback(incremental) {
  if (incremental.lookback_seconds !== undefined) return `, minus a lookback of ${incremental.lookback_seconds} s`;
  return incremental.lookback !== undefined ? `, minus a lookback of ${incremental.lookback}` : '';
}

/** The health badge with the failure streak and its reason, when there is one. */
function health(sync) {
  const { state, consecutive_failures: failures, reason, last_success_at: lastSuccess } = sync.health;
  const streak = failures > 0 ? ` ${failures} failed job${failures === 1 ? '' : 's'} in a row` : '';
  const success = lastSuccess ? `; last success ${formatTime(lastSuccess)}` : '';
  return el('span', {}, badge(state), streak + success, reason ? el('div', { className: 'error-text small-text' }, reason) : null);
}

function pausedFacts(sync) {
  const reason = sync.paused_reason;
  if (!reason) return [];
  return fact('Paused', `by ${reason.by} ${formatTime(reason.at)}: ${reason.message}`);
}

function syncFacts(sync) {
  const incremental = sync.incremental;
  const pauseAfter = sync.failure_policy.pause_after;
  return [
    ...fact('Health', health(sync)),
    ...pausedFacts(sync),
    ...fact('Failure policy', pauseAfter === null ? 'never pauses' : `pauses after ${pauseAfter} failed jobs in a row`),
    ...fact('URL', `${sync.method} ${sync.url}`),
    ...fact('Unique key', sync.unique_key),
    ...fact('Response path', sync.response_path ?? '(body)'),
    ...fact('Paging', describe(sync.paging)),
    ...fact('Max records', sync.max_total ?? 'no limit'),
    ...fact('Auth', sync.auth ? describe(sync.auth) : 'none'),
    ...fact(
      'Incremental',
      incremental
        ? `cursor ${incremental.cursor_path}, sent as param ${incremental.param}${lookback(incremental)}`
        : 'off: every job fetches everything',
    ),
    ...fact('Soft delete', sync.soft_delete ? 'on: records the API drops stay, marked deleted' : 'off: records the API drops are removed'),
    ...fact('Request timeout', `${sync.request_timeout_seconds}s`),
    ...fact('Stall timeout', `${sync.stall_timeout_seconds}s without a committed page fails the job`),
    ...fact('Longest job', `${sync.max_job_seconds}s`),
    ...fact('Webhook', sync.webhook_url ?? "the server's default, if any"),
    ...fact('Schedule', schedule(sync)),
    ...fact(
      'Next run',
      `${sync.next_run_at ? `${formatTime(sync.next_run_at)} (${relative(sync.next_run_at)})` : '—'}${sync.next_run_at_stale ? ' (stale: Temporal did not confirm it, or it has passed)' : ''}`,
    ),
    ...fact('Records', sync.totals.records),
    ...fact('Created', formatTime(sync.created_at)),
  ];
}

/** The newest events the detail panel lists. */
const EVENTS_SHOWN = 20;

const jobsPath = (syncId) => `${SYNCS}/${syncId}/jobs${query({ limit: CHARTED_JOBS })}`;

/**
 * The sync's newest jobs (for the chart and the running jobs' progress) and, when the table shows
 * one status only, the newest jobs of that status (for the table).
 */
async function loadJobLists(syncId) {
  const status = $('jobs-status').value;
  const [jobs, listed] = await Promise.all([
    api('GET', jobsPath(syncId)),
    status ? api('GET', `${SYNCS}/${syncId}/jobs${query({ limit: PAGE_SIZE, status })}`) : null,
  ]);
  return { jobs: jobs.data, listed: listed?.data ?? jobs.data, filtered: Boolean(status) };
}

export function changeRecordsFilter() {
  state.recordsExpanded = false;
  void loadDetail();
}

/** Loads the selected sync, its jobs and, unless the user paged further, its first records. */
export async function loadDetail() {
  const syncId = state.selectedId;
  if (syncId === null) return;
  const generation = ++state.detailGeneration;
  const withRecords = !state.recordsExpanded;
  try {
    const [sync, jobs, events, records, cursor] = await Promise.all([
      api('GET', `${SYNCS}/${syncId}`),
      loadJobLists(syncId),
      api('GET', `${SYNCS}/${syncId}/events${query({ limit: EVENTS_SHOWN })}`),
      withRecords ? api('GET', `${SYNCS}/${syncId}/records${recordsQuery()}`) : null,
      loadCursor(syncId),
    ]);
    if (generation !== state.detailGeneration) return;
    loaded();
    renderSync(sync);
    showCursor(sync, cursor);
    showJobs(jobs.jobs, jobs.listed, jobs.filtered);
    showEvents(events.data);
    // "More records" may have landed meanwhile; a first page must not replace what it appended.
    if (records && !state.recordsExpanded) showRecords(records);
  } catch (error) {
    if (generation !== state.detailGeneration) return;
    showLoadError(`Could not load sync #${syncId}: ${error.message}`);
  }
}

/**
 * Reloads the selected sync's jobs only: what a running job's progress polls. It never supersedes
 * a whole load of the detail (so a slow one still lands); it is dropped when one started meanwhile
 * (that one is as fresh) or another sync was selected.
 */
export async function loadJobs() {
  const syncId = state.selectedId;
  if (syncId === null) return;
  const generation = state.detailGeneration;
  try {
    const jobs = await loadJobLists(syncId);
    if (generation !== state.detailGeneration) return;
    loaded();
    showJobs(jobs.jobs, jobs.listed, jobs.filtered);
  } catch (error) {
    if (generation !== state.detailGeneration) return;
    showLoadError(`Could not load the jobs of sync #${syncId}: ${error.message}`);
  }
}

export function resyncSelected() {
  const sync = state.selectedSync;
  if (!sync) return;
  const clearRecords = $('resync-clear').checked;
  if (clearRecords && !confirm(`Delete every record of sync ${syncName(sync)} and fetch them all again?`)) return;
  $('resync-clear').checked = false;
  void act('resync', sync, $('resync'), { clearRecords });
}

export function closeDetail() {
  state.selectedId = null;
  state.selectedSync = null;
  state.detailGeneration += 1;
  history.replaceState(null, '', location.pathname + location.search);
  $('detail').hidden = true;
  stopProgress();
  for (const row of $('syncs-body').rows) row.classList.remove('selected');
}
