// The detail panel's jobs: the table, the chart of the last jobs and the running jobs' progress.

import { PAGE_SIZE } from './api.js';
import { $, badge, duration, el, formatTime, showEmpty } from './dom.js';
import { showProgress } from './job-progress.js';
import { drawJobsChart } from './jobs-chart.js';

function webhookCell(delivery) {
  if (!delivery) return el('td', { className: 'muted' }, '—');
  const attempts = `${delivery.attempts} attempt${delivery.attempts === 1 ? '' : 's'}`;
  const code = delivery.last_status_code === null ? '' : `, HTTP ${delivery.last_status_code}`;
  return el(
    'td',
    { className: 'webhook', title: delivery.url },
    badge(delivery.status),
    el('div', { className: 'muted small-text' }, attempts + code),
    delivery.last_error ? el('div', { className: 'error-text small-text' }, delivery.last_error) : null,
  );
}

/** A failed job's error: its class (whose move it is) and code first, then what happened. */
function errorCell(error) {
  if (!error) return el('td', {});
  const status = error.http_status === undefined ? '' : ` · HTTP ${error.http_status}`;
  return el(
    'td',
    { className: 'error-text' },
    el(
      'div',
      { className: 'nowrap' },
      el('span', { className: `failure-class failure-${error.class}` }, error.class),
      ` ${error.code}${status}`,
    ),
    el('div', { className: 'small-text' }, error.message),
  );
}

function jobRow(job) {
  return el(
    'tr',
    {},
    el('td', { className: 'num' }, job.job_id),
    el(
      'td',
      {},
      badge(job.status),
      job.max_total_reached ? el('div', { className: 'warn small-text nowrap' }, 'max_total reached') : null,
      job.deletes_skipped ? el('div', { className: 'warn small-text', title: job.deletes_skipped }, 'deletes skipped') : null,
    ),
    el('td', {}, job.trigger),
    el('td', {}, job.mode),
    el('td', { title: job.started_at }, formatTime(job.started_at)),
    el('td', {}, duration(job)),
    el('td', { className: 'num' }, job.pages),
    el('td', { className: 'num' }, job.records.fetched),
    el('td', { className: 'num' }, job.records.created),
    el('td', { className: 'num' }, job.records.updated),
    el('td', { className: 'num' }, job.records.unchanged),
    el('td', { className: 'num' }, job.records.deleted),
    webhookCell(job.webhook),
    errorCell(job.error),
  );
}

/**
 * `jobs`: the sync's newest jobs, newest first, which the chart draws; the table lists a page of
 * `listed` (those of the status filter when `filtered`, else `jobs`).
 */
export function showJobs(jobs, listed = jobs, filtered = false) {
  $('jobs-body').replaceChildren(...listed.slice(0, PAGE_SIZE).map(jobRow));
  $('jobs-empty').textContent = filtered ? 'No jobs with this status.' : 'No jobs yet.';
  showEmpty('jobs', listed.length === 0);
  drawJobsChart(jobs);
  showProgress(jobs);
}
