// The syncd dashboard: plain DOM against the same-origin REST API.
// Data only ever reaches the page through textContent and attributes, never innerHTML.

const SYNCS = '/v1/syncs';
const REFRESH_MS = 5000;
const PAGE_SIZE = 20;

const $ = (id) => document.getElementById(id);

const state = {
  status: '',
  // How many list pages the user has opened, so a refresh shows as many again.
  pages: 1,
  // Bumped by every list load; a load that finds it changed was superseded and draws nothing.
  listGeneration: 0,
  refreshing: false,
  selectedId: null,
  detailGeneration: 0,
  recordsCursor: null,
  recordsExpanded: false,
  refreshError: false,
  // An empty system opens the form once; after that the user decides.
  offeredForm: false,
};

// ---------- API ----------

class ApiError extends Error {
  constructor(status, message, details = []) {
    super(message);
    this.status = status;
    this.details = details;
  }
}

async function api(method, path, body) {
  let response;
  try {
    response = await fetch(path, {
      method,
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch (error) {
    throw new ApiError(0, `cannot reach the syncd API (${error.message})`);
  }
  const payload = await response.json().catch(() => null);
  if (!response.ok) {
    const problem = payload?.error;
    throw new ApiError(response.status, problem?.message ?? `HTTP ${response.status}`, problem?.details ?? []);
  }
  return payload;
}

const query = (params) => {
  const search = new URLSearchParams(Object.entries(params).filter(([, value]) => value !== '' && value != null));
  const text = search.toString();
  return text ? `?${text}` : '';
};

// ---------- DOM helpers ----------

/** el('td', {className: 'num'}, 'text', childNode): strings become text nodes, so data stays inert. */
function el(tag, props = {}, ...children) {
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
function showEmpty(name, empty) {
  $(`${name}-body`).closest('.table-wrap').hidden = empty;
  $(`${name}-empty`).hidden = !empty;
}

const badge = (status) => el('span', { className: `badge badge-${status}` }, status);

function showNotice(message, kind = 'error') {
  $('notice').className = `notice notice-${kind}`;
  $('notice-text').textContent = message;
  $('notice').hidden = false;
  state.refreshError = false;
  clearTimeout(showNotice.timer);
  // Errors stay until dismissed; confirmations need no attention.
  if (kind === 'ok') showNotice.timer = setTimeout(hideNotice, 4000);
}

/** A failed background load: its notice goes away by itself once a load succeeds again. */
function showLoadError(message) {
  showNotice(message);
  state.refreshError = true;
}

function loaded() {
  if (state.refreshError) hideNotice();
}

function hideNotice() {
  $('notice').hidden = true;
  state.refreshError = false;
}

// ---------- formatting ----------

function formatTime(iso) {
  return iso ? new Date(iso).toLocaleString() : '—';
}

function formatSpan(ms) {
  if (Math.abs(ms) < 10_000) return `${(Math.abs(ms) / 1000).toFixed(1)}s`;
  const seconds = Math.round(Math.abs(ms) / 1000);
  if (seconds < 60) return `${seconds}s`;
  if (seconds < 3600) return `${Math.floor(seconds / 60)}m ${seconds % 60}s`;
  if (seconds < 86400) return `${Math.floor(seconds / 3600)}h ${Math.floor((seconds % 3600) / 60)}m`;
  return `${Math.floor(seconds / 86400)}d ${Math.floor((seconds % 86400) / 3600)}h`;
}

function relative(iso) {
  if (!iso) return '—';
  const ms = Date.parse(iso) - Date.now();
  return ms >= 0 ? `in ${formatSpan(ms)}` : `${formatSpan(ms)} ago`;
}

function schedule(sync) {
  return sync.cron ? `cron ${sync.cron} (${sync.timezone ?? 'UTC'})` : `every ${sync.frequency}`;
}

function duration(job) {
  const end = job.ended_at ? Date.parse(job.ended_at) : Date.now();
  const span = formatSpan(end - Date.parse(job.started_at));
  return job.ended_at ? span : `${span} so far`;
}

const counts = (records) =>
  `${records.fetched} fetched: ${records.created} new, ${records.updated} updated, ${records.unchanged} unchanged, ${records.deleted} deleted`;

// ---------- actions ----------

// Trigger and resync work while paused too: they run one job without resuming the schedule.
const ACTIONS_BY_STATUS = {
  active: ['pause', 'trigger', 'resync', 'cancel'],
  paused: ['resume', 'trigger', 'resync', 'cancel'],
  cancelled: [],
};

function actionButtons(sync) {
  return (ACTIONS_BY_STATUS[sync.status] ?? []).map((action) =>
    el('button', {
      type: 'button',
      className: action === 'cancel' ? 'danger small' : 'small',
      onclick: (event) => {
        event.stopPropagation();
        void act(action, sync, event.currentTarget);
      },
    }, action),
  );
}

async function act(action, sync, button) {
  const name = sync.friendly_name ? `"${sync.friendly_name}" (#${sync.sync_id})` : `#${sync.sync_id}`;
  if (action === 'cancel' && !confirm(`Cancel sync ${name}? This is permanent: a cancelled sync can never run again.`)) return;
  button.disabled = true;
  try {
    // Resync (a full job from scratch) has its own route; the rest are the seed's PUT actions.
    if (action === 'resync') await api('POST', `${SYNCS}/${sync.sync_id}/resync`, {});
    else await api('PUT', SYNCS, { action, sync_id: sync.sync_id });
    showNotice(`Sync ${name}: ${action} done.`, 'ok');
  } catch (error) {
    showNotice(`Could not ${action} sync ${name}: ${error.message}`);
  } finally {
    button.disabled = false;
  }
  await Promise.all([loadSyncs(), state.selectedId === sync.sync_id ? loadDetail() : null]);
}

// ---------- sync list ----------

function syncRow(sync) {
  const job = sync.last_job;
  return el('tr', {
    className: sync.sync_id === state.selectedId ? 'clickable selected' : 'clickable',
    onclick: () => select(sync.sync_id),
  },
    el('td', { className: 'num' }, sync.sync_id),
    el('td', {}, el('button', { type: 'button', className: 'link', onclick: (event) => {
      event.stopPropagation();
      select(sync.sync_id);
    } }, sync.friendly_name ?? '(unnamed)')),
    el('td', { className: 'url', title: sync.url }, sync.url),
    el('td', {}, badge(sync.status)),
    el('td', {}, schedule(sync)),
    el('td', { className: 'nowrap', title: formatTime(sync.next_run_at) }, relative(sync.next_run_at)),
    el('td', {}, job
      ? [badge(job.status), ' ', el('span', { className: 'muted small-text', title: formatTime(job.started_at) }, relative(job.started_at)),
        el('div', { className: 'muted small-text' }, counts(job.records))]
      : el('span', { className: 'muted' }, 'none')),
    el('td', { className: 'num' }, sync.totals.records),
    el('td', {}, el('div', { className: 'actions' }, actionButtons(sync))),
  );
}

/** Reloads the list from the first page through as many pages as the user has opened. */
async function loadSyncs() {
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
    openForm();
  }
  $('load-more').hidden = !cursor;
  $('refresh-state').textContent = `updated ${new Date().toLocaleTimeString()}`;
}

// ---------- details ----------

function select(syncId, { scroll = true } = {}) {
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

function renderSync(sync) {
  $('detail-title').replaceChildren(`#${sync.sync_id} ${sync.friendly_name ?? '(unnamed)'} `, badge(sync.status));
  $('detail-actions').replaceChildren(...actionButtons(sync));
  const paging = Object.entries(sync.paging).filter(([name]) => name !== 'type').map(([name, value]) => `${name}=${value}`);
  $('detail-facts').replaceChildren(
    ...fact('URL', `${sync.method} ${sync.url}`),
    ...fact('Unique key', sync.unique_key),
    ...fact('Response path', sync.response_path ?? '(body)'),
    ...fact('Paging', [sync.paging.type, ...paging].join(' ')),
    ...fact('Schedule', schedule(sync)),
    ...fact('Next run', sync.next_run_at ? `${formatTime(sync.next_run_at)} (${relative(sync.next_run_at)})` : '—'),
    ...fact('Records', sync.totals.records),
    ...fact('Created', formatTime(sync.created_at)),
  );
}

function jobRow(job) {
  return el('tr', {},
    el('td', { className: 'num' }, job.job_id),
    el('td', {}, badge(job.status)),
    el('td', {}, job.trigger),
    el('td', { title: job.started_at }, formatTime(job.started_at)),
    el('td', {}, duration(job)),
    el('td', { className: 'num' }, job.pages),
    el('td', { className: 'num' }, job.records.fetched),
    el('td', { className: 'num' }, job.records.created),
    el('td', { className: 'num' }, job.records.updated),
    el('td', { className: 'num' }, job.records.unchanged),
    el('td', { className: 'num' }, job.records.deleted ?? '—'),
    el('td', { className: 'error-text' }, job.error ?? ''),
  );
}

function recordRow(record) {
  return el('tr', {},
    el('td', { className: 'key' }, record.key),
    el('td', {}, el('pre', {}, JSON.stringify(record.data, null, 2))),
    el('td', { title: record.updated_at }, formatTime(record.updated_at)),
  );
}

/** Loads the selected sync, its jobs and, unless the user paged further, its first records. */
async function loadDetail() {
  const syncId = state.selectedId;
  if (syncId === null) return;
  const generation = ++state.detailGeneration;
  const withRecords = !state.recordsExpanded;
  try {
    const [sync, jobs, records] = await Promise.all([
      api('GET', `${SYNCS}/${syncId}`),
      api('GET', `${SYNCS}/${syncId}/jobs${query({ limit: PAGE_SIZE })}`),
      withRecords ? api('GET', `${SYNCS}/${syncId}/records${query({ limit: PAGE_SIZE })}`) : null,
    ]);
    if (generation !== state.detailGeneration) return;
    loaded();
    renderSync(sync);
    $('jobs-body').replaceChildren(...jobs.data.map(jobRow));
    showEmpty('jobs', jobs.data.length === 0);
    // "More records" may have landed meanwhile; a first page must not replace what it appended.
    if (records && !state.recordsExpanded) {
      $('records-body').replaceChildren(...records.data.map(recordRow));
      showEmpty('records', records.data.length === 0);
      setRecordsCursor(records.next_cursor);
    }
  } catch (error) {
    if (generation !== state.detailGeneration) return;
    showLoadError(`Could not load sync #${syncId}: ${error.message}`);
  }
}

function setRecordsCursor(cursor) {
  state.recordsCursor = cursor;
  $('more-records').hidden = !cursor;
}

async function moreRecords() {
  const syncId = state.selectedId;
  $('more-records').disabled = true;
  try {
    const page = await api('GET', `${SYNCS}/${syncId}/records${query({ limit: PAGE_SIZE, cursor: state.recordsCursor })}`);
    if (syncId !== state.selectedId) return;
    state.recordsExpanded = true;
    $('records-body').append(...page.data.map(recordRow));
    setRecordsCursor(page.next_cursor);
  } catch (error) {
    showNotice(`Could not load more records: ${error.message}`);
  } finally {
    $('more-records').disabled = false;
  }
}

function closeDetail() {
  state.selectedId = null;
  state.detailGeneration += 1;
  history.replaceState(null, '', location.pathname + location.search);
  $('detail').hidden = true;
  for (const row of $('syncs-body').rows) row.classList.remove('selected');
}

// ---------- create form ----------

const form = $('create-form');

function openForm() {
  $('create').hidden = false;
  form.elements.url.focus();
}

function closeForm() {
  $('create').hidden = true;
}

function showFormMode() {
  const kind = form.elements.schedule_kind.value;
  for (const block of form.querySelectorAll('[data-schedule]')) block.hidden = block.dataset.schedule !== kind;
  const paging = form.elements.paging_type.value;
  for (const block of form.querySelectorAll('[data-paging]')) block.hidden = block.dataset.paging !== paging;
}

/** The POST body from the form; empty optional fields are left out so the API's defaults apply. */
function formBody() {
  const value = (name) => form.elements[name].value.trim();
  const optional = (entries) => Object.fromEntries(entries.filter(([, v]) => v !== ''));
  const body = {
    url: value('url'),
    unique_key: value('unique_key'),
    ...optional([['friendly_name', value('friendly_name')], ['response_path', value('response_path')]]),
    paused: form.elements.paused.checked,
  };
  if (form.elements.schedule_kind.value === 'cron') {
    Object.assign(body, optional([['cron', value('cron')], ['timezone', value('timezone')]]));
  } else {
    Object.assign(body, optional([['frequency', value('frequency')]]));
  }
  const type = value('paging_type');
  if (type === 'offset') {
    const limit = value('limit');
    body.paging = { type, ...optional([['offset_param', value('offset_param')], ['limit_param', value('limit_param')]]), ...(limit ? { limit: Number(limit) } : {}) };
  } else if (type === 'cursor') {
    body.paging = { type, cursor_param: value('cursor_param'), next_cursor_path: value('next_cursor_path') };
  } else {
    body.paging = { type };
  }
  return body;
}

function clearFormErrors() {
  for (const slot of form.querySelectorAll('[data-error-for]')) slot.textContent = '';
  for (const input of form.querySelectorAll('[aria-invalid]')) input.removeAttribute('aria-invalid');
  $('form-errors').replaceChildren();
  $('form-errors').hidden = true;
}

/** Puts each `details` entry next to its field; fields the form has no slot for are listed on top. */
function showFormErrors(details) {
  const unplaced = [];
  for (const { field, message } of details) {
    const slot = [...form.querySelectorAll('[data-error-for]')].find((candidate) => candidate.dataset.errorFor === field);
    if (!slot || slot.closest('[hidden]')) {
      unplaced.push(el('li', {}, `${field}: ${message}`));
      continue;
    }
    slot.textContent = slot.textContent ? `${slot.textContent}; ${message}` : message;
    slot.previousElementSibling?.querySelector('input, select')?.setAttribute('aria-invalid', 'true');
  }
  $('form-errors').replaceChildren(...unplaced);
  $('form-errors').hidden = unplaced.length === 0;
}

async function submitForm(event) {
  event.preventDefault();
  clearFormErrors();
  const submit = form.querySelector('button[type=submit]');
  submit.disabled = true;
  try {
    const sync = await api('POST', SYNCS, formBody());
    form.reset();
    showFormMode();
    closeForm();
    showNotice(`Created sync #${sync.sync_id}${sync.friendly_name ? ` "${sync.friendly_name}"` : ''}.`, 'ok');
    await loadSyncs();
    select(sync.sync_id);
  } catch (error) {
    showFormErrors(error.details ?? []);
    showNotice(`Could not create the sync: ${error.message}`);
  } finally {
    submit.disabled = false;
  }
}

// ---------- wiring ----------

function fillTimezones() {
  // Older browsers lack supportedValuesOf; the field still takes free text.
  const zones = typeof Intl.supportedValuesOf === 'function' ? Intl.supportedValuesOf('timeZone') : [];
  $('timezones').replaceChildren(...['UTC', ...zones].map((zone) => el('option', { value: zone })));
}

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
$('status-filter').addEventListener('change', (event) => {
  state.status = event.target.value;
  state.pages = 1;
  void loadSyncs();
});
$('load-more').addEventListener('click', () => {
  state.pages += 1;
  void loadSyncs();
});
$('detail-close').addEventListener('click', closeDetail);
$('create-open').addEventListener('click', () => ($('create').hidden ? openForm() : closeForm()));
$('create-close').addEventListener('click', closeForm);
$('more-records').addEventListener('click', () => void moreRecords());
form.addEventListener('change', showFormMode);
form.addEventListener('submit', (event) => void submitForm(event));

fillTimezones();
showFormMode();
if (location.hash === '#new') openForm();
const linked = /^#sync-(\d+)$/.exec(location.hash);
if (linked) select(Number(linked[1]), { scroll: false });
void loadSyncs();
setInterval(() => void refresh(), REFRESH_MS);
