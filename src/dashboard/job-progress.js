// A running job's live progress in the detail panel: records fetched so far, pages, elapsed time.
// The worker commits the job row after every page, so while a job runs the sync's jobs are polled
// each second instead of with the page's slower refresh, and the elapsed time ticks between polls.
// After an action that starts a job (create, trigger, resume, resync) they are polled the same way
// until the job shows up, so the user sees it start rather than wait for the next refresh.

import { $, badge, el, elapsedMs, formatSpan } from './dom.js';
import { ask } from './events.js';

const PROGRESS_MS = 1000;
// A job starts within a second or two of the action; past this, the page's own refresh will show it.
const EXPECT_MS = 15_000;

let timer = null;
let polling = false;
// The newest job shown, to tell when an expected one has arrived.
let newestShown = null;
let expected = null;
let sawRunning = false;

const plural = (count, word) => `${count} ${word}${count === 1 ? '' : 's'}`;
const elapsedText = (job) => `${formatSpan(elapsedMs(job))} elapsed`;
const fetchedText = (job) => `${plural(job.records.fetched, 'record')} fetched`;

function progressItem(job) {
  return el(
    'li',
    { className: 'progress-item', 'data-job-id': job.job_id, 'data-started-at': job.started_at },
    badge(job.status),
    el('span', { className: 'progress-job' }, `Job #${job.job_id} (${job.trigger}, ${job.mode})`),
    el('span', { className: 'progress-fetched' }, fetchedText(job)),
    el('span', { className: 'progress-pages' }, plural(job.pages, 'page')),
    // Changes every second: kept out of the live region so screen readers hear the counts only.
    el('span', { className: 'progress-elapsed', 'aria-live': 'off' }, elapsedText(job)),
    el('span', { className: 'progress-bar', 'aria-hidden': 'true' }),
  );
}

/** Changes only the texts that changed, so the live region announces new counts and nothing else. */
function setText(node, text) {
  if (node.textContent !== text) node.textContent = text;
}

function updateItem(item, job) {
  setText(item.querySelector('.progress-fetched'), fetchedText(job));
  setText(item.querySelector('.progress-pages'), plural(job.pages, 'page'));
  setText(item.querySelector('.progress-elapsed'), elapsedText(job));
  return item;
}

function tickElapsed() {
  for (const item of $('job-progress-list').children) {
    setText(item.querySelector('.progress-elapsed'), elapsedText({ started_at: item.dataset.startedAt, ended_at: null }));
  }
}

async function poll() {
  if (document.hidden) return;
  tickElapsed();
  // A slow API gets one request at a time, not a queue of them.
  if (polling) return;
  polling = true;
  try {
    await ask('refreshJobs');
  } finally {
    polling = false;
  }
}

function startPolling() {
  timer ??= setInterval(() => void poll(), PROGRESS_MS);
}

export function stopProgress() {
  clearInterval(timer);
  timer = null;
  expected = null;
  sawRunning = false;
  $('job-progress').hidden = true;
}

/** The user just did something that starts a job of the selected sync: poll until it shows. */
export function expectJob() {
  expected = { after: newestShown, until: Date.now() + EXPECT_MS };
  startPolling();
}

function showRunning(runningJobs) {
  const list = $('job-progress-list');
  const shown = new Map([...list.children].map((item) => [item.dataset.jobId, item]));
  const items = runningJobs.map((job) => {
    const item = shown.get(String(job.job_id));
    return item ? updateItem(item, job) : progressItem(job);
  });
  if (items.length !== list.children.length || items.some((item, index) => item !== list.children[index])) list.replaceChildren(...items);
  $('job-progress').hidden = runningJobs.length === 0;
}

/**
 * Shows the selected sync's running jobs (`jobs`: its newest, newest first) and polls while any
 * runs or one is expected; once a job has ended, reloads what it changed.
 */
export function showProgress(jobs) {
  const running = jobs.filter((job) => job.status === 'running');
  showRunning(running);
  const newest = jobs[0]?.job_id ?? null;
  newestShown = newest;
  // A job may start and end between two polls: its arrival is what counts.
  const arrived = expected !== null && newest !== null && newest !== expected.after;
  if (arrived) expected = null;
  if (running.length > 0) {
    sawRunning = true;
    startPolling();
    return;
  }
  if (sawRunning || arrived) {
    sawRunning = false;
    // The finished job changed the records, the sync's totals and the list's last job.
    void ask('refreshDetail');
    void ask('refreshList');
  }
  if (expected !== null && Date.now() < expected.until) return;
  expected = null;
  clearInterval(timer);
  timer = null;
}
