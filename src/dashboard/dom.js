// DOM helpers and the text formats the dashboard shows.
// Data only ever reaches the page through textContent and attributes, never innerHTML.

export const $ = (id) => document.getElementById(id);

/** el('td', {className: 'num'}, 'text', childNode): strings become text nodes, so data stays inert. */
export function el(tag, props = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(props)) {
    if (value === undefined || value === null) continue;
    if (name in node) node[name] = value;
    else node.setAttribute(name, value);
  }
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === false) continue;
    node.append(child instanceof Node ? child : String(child));
  }
  return node;
}

/** Swaps a table for its "nothing here" line. */
export function showEmpty(name, empty) {
  $(`${name}-body`).closest('.table-wrap').hidden = empty;
  $(`${name}-empty`).hidden = !empty;
}

export const badge = (status) => el('span', { className: `badge badge-${status}` }, status);

// ---------- formatting ----------

export function formatTime(iso) {
  return iso ? new Date(iso).toLocaleString() : '—';
}

/** A span of milliseconds as "4.2s", "3m 12s", "2h 5m" or "1d 3h". */
export function formatSpan(ms) {
  if (Math.abs(ms) < 10_000) return `${(Math.abs(ms) / 1000).toFixed(1)}s`;
  const seconds = Math.round(Math.abs(ms) / 1000);
  if (seconds < 60) return `${seconds}s`;
  if (seconds < 3600) return `${Math.floor(seconds / 60)}m ${seconds % 60}s`;
  if (seconds < 86400) return `${Math.floor(seconds / 3600)}h ${Math.floor((seconds % 3600) / 60)}m`;
  return `${Math.floor(seconds / 86400)}d ${Math.floor((seconds % 86400) / 3600)}h`;
}

export function relative(iso) {
  if (!iso) return '—';
  const ms = Date.parse(iso) - Date.now();
  return ms >= 0 ? `in ${formatSpan(ms)}` : `${formatSpan(ms)} ago`;
}

export function schedule(sync) {
  return sync.cron ? `cron ${sync.cron} (${sync.timezone ?? 'UTC'})` : `every ${sync.frequency}`;
}

/** How long the job ran, or has run so far: ms. */
export const elapsedMs = (job) => (job.ended_at ? Date.parse(job.ended_at) : Date.now()) - Date.parse(job.started_at);

export function duration(job) {
  const span = formatSpan(elapsedMs(job));
  return job.ended_at ? span : `${span} so far`;
}

export const counts = (records) =>
  `${records.fetched} fetched: ${records.created} new, ${records.updated} updated, ${records.unchanged} unchanged, ${records.deleted} deleted`;

export const syncName = (sync) => (sync.friendly_name ? `"${sync.friendly_name}" (#${sync.sync_id})` : `#${sync.sync_id}`);
