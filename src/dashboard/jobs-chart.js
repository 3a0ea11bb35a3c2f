// The detail panel's chart of a sync's last jobs: records created, updated and deleted as stacked
// bars, and each job's duration as a line on its own scale. Inline SVG built with DOM calls: no
// library, no CDN, and nothing the page's Content-Security-Policy refuses (colours come from classes).

import { $, elapsedMs, formatSpan } from './dom.js';

export const CHARTED_JOBS = 30;

const SVG_NS = 'http://www.w3.org/2000/svg';
const WIDTH = 640;
const HEIGHT = 180;
const PLOT = { left: 44, right: 52, top: 12, bottom: 24 };
// Fewer jobs than this keep a bar's width, instead of widening to fill the plot.
const MIN_SLOTS = 10;
const SERIES = ['created', 'updated', 'deleted'];
const SERIES_WORDS = { created: 'new', updated: 'updated', deleted: 'deleted' };

/** svg('rect', {x: 1}, child...): an SVG element; strings become text nodes, so data stays inert. */
function svg(tag, attributes = {}, ...children) {
  const node = document.createElementNS(SVG_NS, tag);
  for (const [name, value] of Object.entries(attributes)) node.setAttribute(name, String(value));
  for (const child of children.flat()) {
    if (child !== null && child !== undefined) node.append(child instanceof Node ? child : String(child));
  }
  return node;
}

const changed = (job) => job.records.created + job.records.updated + job.records.deleted;

function describeJob(job) {
  const counts = SERIES.map((series) => `${job.records[series]} ${SERIES_WORDS[series]}`).join(', ');
  const time = job.ended_at ? formatSpan(elapsedMs(job)) : 'still running';
  return `Job #${job.job_id} (${job.status}): ${counts}; ${time}`;
}

/** One job's stacked bars, its duration point and a tooltip; a group even when nothing changed. */
function jobGroup(job, x, slotWidth, scale) {
  const base = HEIGHT - PLOT.bottom;
  const group = svg(
    'g',
    { class: `chart-job chart-job-${job.status}`, 'data-job-id': job.job_id },
    svg('title', {}, describeJob(job)),
    // The whole column answers the pointer with the tooltip, bars or none.
    svg('rect', { class: 'chart-hit', x: x - slotWidth / 2, y: PLOT.top, width: slotWidth, height: base - PLOT.top }),
  );
  const barWidth = slotWidth * 0.6;
  let top = base;
  for (const series of SERIES) {
    const height = job.records[series] * scale;
    if (height === 0) continue;
    top -= height;
    group.append(
      svg('rect', {
        class: `chart-bar chart-bar-${series}`,
        'data-count': job.records[series],
        x: x - barWidth / 2,
        y: top,
        width: barWidth,
        height,
      }),
    );
  }
  return group;
}

function axisLabel(x, y, anchor, text, className = 'chart-axis-label') {
  return svg('text', { class: className, x, y, 'text-anchor': anchor }, text);
}

/** The duration line through the finished jobs, on the right-hand scale. */
function durationLine(points) {
  if (points.length === 0) return [];
  const path = points.map(([x, y], index) => `${index === 0 ? 'M' : 'L'}${x.toFixed(1)},${y.toFixed(1)}`).join(' ');
  return [
    svg('path', { class: 'chart-duration', d: path }),
    ...points.map(([x, y, job]) => svg('circle', { class: `chart-duration-point chart-point-${job.status}`, cx: x, cy: y, r: 3 })),
  ];
}

function chartSvg(jobs) {
  const plotWidth = WIDTH - PLOT.left - PLOT.right;
  const plotHeight = HEIGHT - PLOT.top - PLOT.bottom;
  const base = HEIGHT - PLOT.bottom;
  const slot = plotWidth / Math.max(jobs.length, MIN_SLOTS);
  // The newest job sits at the right edge, whatever the count.
  const centre = (index) => WIDTH - PLOT.right - slot * (jobs.length - index - 0.5);
  const maxChanged = Math.max(1, ...jobs.map(changed));
  const finished = jobs.filter((job) => job.ended_at);
  const maxDuration = Math.max(1, ...finished.map(elapsedMs));
  const scale = plotHeight / maxChanged;
  const points = jobs.flatMap((job, index) =>
    job.ended_at ? [[centre(index), base - (elapsedMs(job) / maxDuration) * plotHeight, job]] : [],
  );
  const first = jobs[0];
  const last = jobs.at(-1);
  return svg(
    'svg',
    {
      class: 'chart',
      viewBox: `0 0 ${WIDTH} ${HEIGHT}`,
      role: 'img',
      'aria-labelledby': 'jobs-chart-title jobs-chart-desc',
      preserveAspectRatio: 'xMidYMid meet',
    },
    svg('title', { id: 'jobs-chart-title' }, `Last ${jobs.length} job${jobs.length === 1 ? '' : 's'}: records changed and duration`),
    svg('desc', { id: 'jobs-chart-desc' }, jobs.map(describeJob).join('. ')),
    svg('line', { class: 'chart-axis', x1: PLOT.left, y1: base, x2: WIDTH - PLOT.right, y2: base }),
    svg('line', { class: 'chart-grid', x1: PLOT.left, y1: PLOT.top, x2: WIDTH - PLOT.right, y2: PLOT.top }),
    axisLabel(PLOT.left - 6, PLOT.top + 4, 'end', maxChanged),
    axisLabel(PLOT.left - 6, base + 4, 'end', 0),
    axisLabel(
      WIDTH - PLOT.right + 6,
      PLOT.top + 4,
      'start',
      finished.length ? formatSpan(maxDuration) : '',
      'chart-axis-label chart-duration-label',
    ),
    axisLabel(WIDTH - PLOT.right + 6, base + 4, 'start', '0s', 'chart-axis-label chart-duration-label'),
    axisLabel(centre(0), HEIGHT - 6, 'middle', first ? `#${first.job_id}` : ''),
    jobs.length > 1 ? axisLabel(centre(jobs.length - 1), HEIGHT - 6, 'middle', `#${last.job_id}`) : null,
    jobs.map((job, index) => jobGroup(job, centre(index), slot, scale)),
    durationLine(points),
  );
}

/** Draws the chart of the newest `CHARTED_JOBS` of `jobs` (newest first, as the API lists them), oldest on the left. */
export function drawJobsChart(jobs) {
  const charted = jobs.slice(0, CHARTED_JOBS).reverse();
  $('jobs-chart').hidden = charted.length === 0;
  $('jobs-chart-plot').replaceChildren(...(charted.length ? [chartSvg(charted)] : []));
}
