// The detail panel's records table: its filter, its first page and "More records".

import { api, PAGE_SIZE, query, SYNCS } from './api.js';
import { $, el, formatTime, showEmpty } from './dom.js';
import { showNotice } from './notice.js';
import { state } from './state.js';

function recordRow(record) {
  return el(
    'tr',
    {},
    el('td', { className: 'key' }, record.key),
    el('td', {}, el('pre', {}, JSON.stringify(record.data, null, 2))),
    el(
      'td',
      { title: record.updated_at },
      formatTime(record.updated_at),
      record.deleted_at
        ? el('div', { className: 'error-text small-text', title: record.deleted_at }, `deleted ${formatTime(record.deleted_at)}`)
        : null,
    ),
  );
}

// ---------- records filter ----------

export function recordsQuery(cursor) {
  const after = $('records-after').value;
  return query({
    limit: PAGE_SIZE,
    cursor,
    filter: $('records-filter').value,
    modified_after: after ? new Date(after).toISOString() : '',
  });
}

export function resetRecordsFilter() {
  $('records-filter').value = '';
  $('records-after').value = '';
}

function recordsFiltered() {
  return $('records-filter').value !== '' || $('records-after').value !== '';
}

// ---------- pages ----------

export function showRecords(page) {
  $('records-body').replaceChildren(...page.data.map(recordRow));
  showEmpty('records', page.data.length === 0);
  $('records-empty').textContent = recordsFiltered() ? 'No records match.' : 'No records yet.';
  setRecordsCursor(page.next_cursor);
}

function setRecordsCursor(cursor) {
  state.recordsCursor = cursor;
  $('more-records').hidden = !cursor;
}

export async function moreRecords() {
  const syncId = state.selectedId;
  const filter = recordsQuery();
  $('more-records').disabled = true;
  try {
    const page = await api('GET', `${SYNCS}/${syncId}/records${recordsQuery(state.recordsCursor)}`);
    // A page of another sync or an older filter would mix into what is shown.
    if (syncId !== state.selectedId || filter !== recordsQuery()) return;
    state.recordsExpanded = true;
    $('records-body').append(...page.data.map(recordRow));
    setRecordsCursor(page.next_cursor);
  } catch (error) {
    showNotice(`Could not load more records: ${error.message}`);
  } finally {
    $('more-records').disabled = false;
  }
}
