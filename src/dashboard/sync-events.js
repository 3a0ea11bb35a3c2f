// The detail panel's audit trail: the newest control actions on the sync, who made them and the request id.

import { $, el, formatTime, showEmpty } from './dom.js';

/** `{fields: ['url']}` as "fields: url"; never holds a secret (the server records field names only). */
function describeDetail(detail) {
  return Object.entries(detail)
    .map(([name, value]) => `${name}: ${Array.isArray(value) ? value.join(', ') : String(value)}`)
    .join('; ');
}

function eventRow(event) {
  return el(
    'tr',
    {},
    el('td', { title: event.at }, formatTime(event.at)),
    el('td', {}, event.action),
    el('td', {}, event.actor),
    el('td', { className: 'small-text' }, describeDetail(event.detail)),
    el('td', { className: 'muted small-text' }, event.request_id ?? '—'),
  );
}

/** `events`: the sync's newest events, newest first. */
export function showEvents(events) {
  $('events-body').replaceChildren(...events.map(eventRow));
  showEmpty('events', events.length === 0);
}
