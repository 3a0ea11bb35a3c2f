// The syncd dashboard: plain DOM against the same-origin REST API.
// Data only ever reaches the page through textContent and attributes, never innerHTML.
//
// This entry point wires the page: its controls, the refresh timer and the links (#new, #sync-N).
// The view modules call one another (a list row opens its details, an action reloads both, creating
// a sync selects it); they do so only from handlers, never while loading, so their import cycles are safe.

import { $ } from './dom.js';
import { provide } from './events.js';
import { form } from './form-fields.js';
import { hideNotice } from './notice.js';
import { state } from './state.js';
import { clearCursor, setCursor } from './sync-cursor.js';
import { changeRecordsFilter, closeDetail, loadDetail, loadJobs, resyncSelected, select } from './sync-detail.js';
import { closeForm, fillTimezones, openCreate, openEdit, showFormMode, submitForm, toggleCreate } from './sync-form.js';
import { filterByStatus, loadMore, loadSyncs } from './sync-list.js';
import { testForm } from './sync-preview.js';
import { moreRecords } from './sync-records.js';

const REFRESH_MS = 5000;

async function refresh() {
  // Skip a tick rather than pile up requests behind a slow API.
  if (state.refreshing || document.hidden) return;
  state.refreshing = true;
  try {
    await Promise.all([loadSyncs(), loadDetail()]);
  } finally {
    state.refreshing = false;
  }
}

$('notice-close').addEventListener('click', hideNotice);
$('status-filter').addEventListener('change', (event) => filterByStatus(event.target.value));
$('load-more').addEventListener('click', loadMore);
$('detail-close').addEventListener('click', closeDetail);
$('create-open').addEventListener('click', toggleCreate);
$('create-close').addEventListener('click', closeForm);
$('more-records').addEventListener('click', () => void moreRecords());
$('records-filter').addEventListener('change', changeRecordsFilter);
$('jobs-status').addEventListener('change', loadJobs);
$('records-after').addEventListener('change', changeRecordsFilter);
$('edit-open').addEventListener('click', openEdit);
$('resync').addEventListener('click', resyncSelected);
$('cursor-set').addEventListener('click', setCursor);
$('cursor-clear').addEventListener('click', clearCursor);
form.addEventListener('change', showFormMode);
form.addEventListener('submit', (event) => void submitForm(event));
$('form-test').addEventListener('click', () => void testForm());

fillTimezones();
showFormMode();
provide('refreshList', loadSyncs);
provide('refreshDetail', loadDetail);
provide('refreshJobs', loadJobs);
provide('selectSync', select);
provide('openCreate', openCreate);

if (location.hash === '#new') openCreate();
const linked = /^#sync-(\d+)$/.exec(location.hash);
if (linked) select(Number(linked[1]), { scroll: false });
void loadSyncs();
setInterval(() => void refresh(), REFRESH_MS);
