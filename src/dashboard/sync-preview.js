// The create form's "Test" button: POST /v1/syncs/preview with what the form holds, and what came back.

import { api, SYNCS } from './api.js';
import { $, el } from './dom.js';
import { clearFormErrors, showFormErrors } from './form-errors.js';
import { formBody } from './form-fields.js';
import { showNotice } from './notice.js';

/** Longest text a record's data shows in the table; the whole record is in its title. */
const SHOWN_CHARS = 300;

const requestText = (request) => {
  const params = Object.entries(request.params)
    .map(([name, value]) => `${name}=${value}`)
    .join(', ');
  return `${request.method} ${request.url}${params ? ` (${params})` : ''}`;
};

const pageItem = (page, index) =>
  el(
    'li',
    {},
    `Page ${index + 1}: ${page.http_status === null ? 'no answer' : `HTTP ${page.http_status}`}, ${page.records} records, ${page.duration_ms} ms: `,
    el('code', {}, requestText(page.request)),
  );

function recordRow(record) {
  const json = JSON.stringify(record.data);
  const shown = json.length > SHOWN_CHARS ? `${json.slice(0, SHOWN_CHARS)}…` : json;
  return el('tr', {}, el('td', { className: 'key' }, record.key), el('td', { title: json }, el('code', {}, shown)));
}

function fetchedParts(result) {
  const more = result.records_truncated ? ' (more were fetched than the answer holds)' : '';
  return [
    el('p', { id: 'preview-summary' }, `${result.records.length} records as they would be stored${more}.`),
    result.records.length === 0
      ? null
      : el(
          'div',
          { className: 'table-wrap' },
          el(
            'table',
            { className: 'preview-records' },
            el('thead', {}, el('tr', {}, el('th', {}, 'Key'), el('th', {}, 'Data'))),
            el('tbody', { id: 'preview-records-body' }, ...result.records.map(recordRow)),
          ),
        ),
    el(
      'p',
      { id: 'preview-next', className: 'small-text' },
      result.next_request ? ['Next page: ', el('code', {}, requestText(result.next_request))] : 'No next page: paging stops here.',
    ),
  ];
}

function showResult(result) {
  const failure = result.ok
    ? []
    : [
        el(
          'p',
          { id: 'preview-error', className: 'error-text' },
          `Failed (${result.error.class}, ${result.error.code}): ${result.error.message}`,
        ),
      ];
  $('preview-result').replaceChildren(
    ...failure,
    el('ul', { className: 'preview-pages small-text' }, ...result.pages.map(pageItem)),
    ...(result.ok ? fetchedParts(result) : []),
  );
  $('preview-result').hidden = false;
}

export function hidePreview() {
  $('preview-result').hidden = true;
  $('preview-result').replaceChildren();
}

/** Fetches the first page of the form's definition; nothing is stored. A refused definition marks its fields as create would. */
export async function testForm() {
  clearFormErrors();
  hidePreview();
  $('form-test').disabled = true;
  try {
    showResult(await api('POST', `${SYNCS}/preview`, formBody()));
  } catch (error) {
    const placed = showFormErrors(error.details ?? []);
    showNotice(`Could not test the sync: ${placed ? 'see the marked fields.' : error.message}`);
  } finally {
    $('form-test').disabled = false;
  }
}
