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
  // The selected sync as last loaded: what Edit fills the form from and Resync acts on.
  selectedSync: null,
  detailGeneration: 0,
  recordsCursor: null,
  recordsExpanded: false,
  refreshError: false,
  // An empty system opens the form once; after that the user decides.
  offeredForm: false,
  // The sync the form edits (as it was when opened, to tell what changed), or null when creating.
  editing: null,
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

function actionButtons(sync, { except = [] } = {}) {
  const actions = (ACTIONS_BY_STATUS[sync.status] ?? []).filter((action) => !except.includes(action));
  return actions.map((action) =>
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

const syncName = (sync) => (sync.friendly_name ? `"${sync.friendly_name}" (#${sync.sync_id})` : `#${sync.sync_id}`);

function request(action, sync, options) {
  // Resync (a full job from scratch) has its own route; the rest are the seed's PUT actions.
  if (action === 'resync') return api('POST', `${SYNCS}/${sync.sync_id}/resync`, { clear_records: Boolean(options.clearRecords) });
  return api('PUT', SYNCS, { action, sync_id: sync.sync_id });
}

async function act(action, sync, button, options = {}) {
  const name = syncName(sync);
  if (action === 'cancel' && !confirm(`Cancel sync ${name}? This is permanent: a cancelled sync can never run again.`)) return;
  button.disabled = true;
  try {
    await request(action, sync, options);
    showNotice(`Sync ${name}: ${action} done.`, 'ok');
  } catch (error) {
    showNotice(`Could not ${action} sync ${name}: ${error.message}`);
  } finally {
    button.disabled = false;
  }
  await Promise.all([loadSyncs(), state.selectedId === sync.sync_id ? loadDetail() : null]);
}

function resyncSelected() {
  const sync = state.selectedSync;
  if (!sync) return;
  const clearRecords = $('resync-clear').checked;
  if (clearRecords && !confirm(`Delete every record of sync ${syncName(sync)} and fetch them all again?`)) return;
  $('resync-clear').checked = false;
  void act('resync', sync, $('resync'), { clearRecords });
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
    openCreate();
  }
  $('load-more').hidden = !cursor;
  $('refresh-state').textContent = `updated ${new Date().toLocaleTimeString()}`;
}

// ---------- details ----------

function select(syncId, { scroll = true } = {}) {
  if (syncId !== state.selectedId) resetRecordsFilter();
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

function syncFacts(sync) {
  const incremental = sync.incremental;
  return [
    ...fact('URL', `${sync.method} ${sync.url}`),
    ...fact('Unique key', sync.unique_key),
    ...fact('Response path', sync.response_path ?? '(body)'),
    ...fact('Paging', describe(sync.paging)),
    ...fact('Max records', sync.max_total ?? 'no limit'),
    ...fact('Auth', sync.auth ? describe(sync.auth) : 'none'),
    ...fact('Incremental', incremental ? `cursor ${incremental.cursor_path}, sent as param ${incremental.param}` : 'off: every job fetches everything'),
    ...fact('Soft delete', sync.soft_delete ? 'on: records the API drops stay, marked deleted' : 'off: records the API drops are removed'),
    ...fact('Request timeout', `${sync.request_timeout_seconds}s`),
    ...fact('Webhook', sync.webhook_url ?? "the server's default, if any"),
    ...fact('Schedule', schedule(sync)),
    ...fact('Next run', sync.next_run_at ? `${formatTime(sync.next_run_at)} (${relative(sync.next_run_at)})` : '—'),
    ...fact('Records', sync.totals.records),
    ...fact('Created', formatTime(sync.created_at)),
  ];
}

function webhookCell(delivery) {
  if (!delivery) return el('td', { className: 'muted' }, '—');
  const attempts = `${delivery.attempts} attempt${delivery.attempts === 1 ? '' : 's'}`;
  const code = delivery.last_status_code === null ? '' : `, HTTP ${delivery.last_status_code}`;
  return el('td', { className: 'webhook', title: delivery.url },
    badge(delivery.status),
    el('div', { className: 'muted small-text' }, attempts + code),
    delivery.last_error ? el('div', { className: 'error-text small-text' }, delivery.last_error) : null,
  );
}

function jobRow(job) {
  return el('tr', {},
    el('td', { className: 'num' }, job.job_id),
    el('td', {}, badge(job.status), job.max_total_reached ? el('div', { className: 'warn small-text nowrap' }, 'max_total reached') : null),
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
    el('td', { className: 'error-text' }, job.error ?? ''),
  );
}

function recordRow(record) {
  return el('tr', {},
    el('td', { className: 'key' }, record.key),
    el('td', {}, el('pre', {}, JSON.stringify(record.data, null, 2))),
    el('td', { title: record.updated_at },
      formatTime(record.updated_at),
      record.deleted_at ? el('div', { className: 'error-text small-text', title: record.deleted_at }, `deleted ${formatTime(record.deleted_at)}`) : null),
  );
}

// ---------- records filter ----------

function recordsQuery(cursor) {
  const after = $('records-after').value;
  return query({
    limit: PAGE_SIZE,
    cursor,
    filter: $('records-filter').value,
    modified_after: after ? new Date(after).toISOString() : '',
  });
}

function resetRecordsFilter() {
  $('records-filter').value = '';
  $('records-after').value = '';
}

function recordsFiltered() {
  return $('records-filter').value !== '' || $('records-after').value !== '';
}

function changeRecordsFilter() {
  state.recordsExpanded = false;
  void loadDetail();
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
      withRecords ? api('GET', `${SYNCS}/${syncId}/records${recordsQuery()}`) : null,
    ]);
    if (generation !== state.detailGeneration) return;
    loaded();
    renderSync(sync);
    $('jobs-body').replaceChildren(...jobs.data.map(jobRow));
    showEmpty('jobs', jobs.data.length === 0);
    // "More records" may have landed meanwhile; a first page must not replace what it appended.
    if (records && !state.recordsExpanded) showRecords(records);
  } catch (error) {
    if (generation !== state.detailGeneration) return;
    showLoadError(`Could not load sync #${syncId}: ${error.message}`);
  }
}

function showRecords(page) {
  $('records-body').replaceChildren(...page.data.map(recordRow));
  showEmpty('records', page.data.length === 0);
  $('records-empty').textContent = recordsFiltered() ? 'No records match.' : 'No records yet.';
  setRecordsCursor(page.next_cursor);
}

function setRecordsCursor(cursor) {
  state.recordsCursor = cursor;
  $('more-records').hidden = !cursor;
}

async function moreRecords() {
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

function closeDetail() {
  state.selectedId = null;
  state.selectedSync = null;
  state.detailGeneration += 1;
  history.replaceState(null, '', location.pathname + location.search);
  $('detail').hidden = true;
  for (const row of $('syncs-body').rows) row.classList.remove('selected');
}

// ---------- sync form: create and edit ----------

const form = $('create-form');

// [API field, input name, kind]: kind "number", "list" (space or comma separated) or "secret".
const PAGING_FIELDS = {
  none: [],
  link_header: [],
  offset: [['offset_param', 'offset_param'], ['limit_param', 'limit_param'], ['limit', 'limit', 'number']],
  page: [['page_param', 'page_param'], ['limit_param', 'page_limit_param'], ['limit', 'page_limit', 'number']],
  cursor: [['cursor_param', 'cursor_param'], ['next_cursor_path', 'next_cursor_path']],
  cursor_from_last_record: [['cursor_param', 'last_cursor_param'], ['cursor_field', 'cursor_field']],
  next_url: [['next_url_path', 'next_url_path']],
};

const AUTH_FIELDS = {
  bearer: [['token', 'auth_token', 'secret']],
  basic: [['username', 'auth_username'], ['password', 'auth_password', 'secret']],
  api_key: [['name', 'auth_name'], ['value', 'auth_value', 'secret'], ['in', 'auth_in']],
  oauth2_client_credentials: [
    ['token_url', 'auth_token_url'], ['client_id', 'auth_client_id'],
    ['client_secret', 'auth_client_secret', 'secret'], ['scopes', 'auth_scopes', 'list'],
  ],
};

// The API shows stored secrets as this and, sent back on PATCH, keeps them.
const SECRET_MASK = '***';

function openCreate() {
  if (state.editing) resetForm();
  state.editing = null;
  showForm();
}

function openEdit() {
  const sync = state.selectedSync;
  if (!sync) return;
  resetForm();
  state.editing = sync;
  fillForm(sync);
  showForm();
  $('create').scrollIntoView({ behavior: 'smooth', block: 'start' });
}

function showForm() {
  const sync = state.editing;
  $('create-title').textContent = sync ? `Edit sync ${syncName(sync)}` : 'New sync';
  $('form-submit').textContent = sync ? 'Save changes' : 'Create sync';
  $('paused-option').hidden = Boolean(sync);
  showFormMode();
  $('create').hidden = false;
  form.elements.url.focus({ preventScroll: Boolean(sync) });
}

function closeForm() {
  $('create').hidden = true;
}

function resetForm() {
  form.reset();
  clearFormErrors();
  showFormMode();
}

function showFormMode() {
  const shown = {
    schedule: form.elements.schedule_kind.value,
    paging: form.elements.paging_type.value,
    auth: form.elements.auth_type.value,
  };
  for (const [name, value] of Object.entries(shown)) {
    for (const block of form.querySelectorAll(`[data-${name}]`)) block.hidden = block.dataset[name] !== value;
  }
  showSecretHints();
}

/** On edit, blank secrets of the stored auth type mean "keep"; the form says so. */
function showSecretHints() {
  const keep = keepsSecrets();
  $('secret-hint').hidden = !keep;
  for (const fields of Object.values(AUTH_FIELDS)) {
    for (const [, name, kind] of fields) {
      if (kind === 'secret') form.elements[name].placeholder = keep ? 'leave blank to keep' : '';
    }
  }
}

const keepsSecrets = () => Boolean(state.editing?.auth) && state.editing.auth.type === form.elements.auth_type.value;

// ---------- reading the form ----------

/** An input's value as the API wants it, or undefined when empty (so the API's default applies). */
function inputValue(name, kind) {
  const raw = form.elements[name].value;
  // Secrets are taken as typed: spaces may be part of them.
  const text = kind === 'secret' ? raw : raw.trim();
  if (text === '') return undefined;
  if (kind === 'number') return Number(text);
  if (kind === 'list') return text.split(/[\s,]+/).filter(Boolean);
  return text;
}

function readFields(fields, { keepSecrets = false } = {}) {
  const values = {};
  for (const [field, name, kind] of fields) {
    const value = inputValue(name, kind);
    if (value !== undefined) values[field] = value;
    else if (kind === 'secret' && keepSecrets) values[field] = SECRET_MASK;
  }
  return values;
}

const withoutUndefined = (object) => Object.fromEntries(Object.entries(object).filter(([, value]) => value !== undefined));

function scheduleFields() {
  if (form.elements.schedule_kind.value === 'cron') return { cron: inputValue('cron'), timezone: inputValue('timezone') };
  return { frequency: inputValue('frequency') };
}

function authFields() {
  const type = form.elements.auth_type.value;
  if (type === 'none') return undefined;
  return { type, ...readFields(AUTH_FIELDS[type], { keepSecrets: keepsSecrets() }) };
}

function incrementalFields() {
  const incremental = withoutUndefined({ cursor_path: inputValue('incremental_cursor_path'), param: inputValue('incremental_param') });
  // One of the two alone goes to the API, which names the missing one.
  return Object.keys(incremental).length ? incremental : undefined;
}

/** The sync the form describes, in the create body's shape; empty optional inputs are left out. */
function formBody() {
  const pagingType = form.elements.paging_type.value;
  return withoutUndefined({
    url: inputValue('url'),
    unique_key: inputValue('unique_key'),
    friendly_name: inputValue('friendly_name'),
    response_path: inputValue('response_path'),
    ...scheduleFields(),
    paging: { type: pagingType, ...readFields(PAGING_FIELDS[pagingType]) },
    max_total: inputValue('max_total', 'number'),
    auth: authFields(),
    incremental: incrementalFields(),
    soft_delete: form.elements.soft_delete.checked || undefined,
    request_timeout_seconds: inputValue('request_timeout_seconds', 'number'),
    webhook_url: inputValue('webhook_url'),
  });
}

// ---------- filling the form from a sync ----------

function setInputs(values) {
  for (const [name, value] of Object.entries(values)) {
    if (value !== undefined && value !== null) form.elements[name].value = Array.isArray(value) ? value.join(' ') : String(value);
  }
}

/** Inputs for one paging or auth block; secrets stay blank, the API never returns them. */
function fieldInputs(fields, values) {
  return Object.fromEntries(fields.filter(([, , kind]) => kind !== 'secret').map(([field, name]) => [name, values[field]]));
}

function fillForm(sync) {
  const auth = sync.auth ?? { type: 'none' };
  setInputs({
    url: sync.url,
    unique_key: sync.unique_key,
    friendly_name: sync.friendly_name,
    response_path: sync.response_path,
    schedule_kind: sync.cron ? 'cron' : 'frequency',
    frequency: sync.frequency,
    cron: sync.cron,
    timezone: sync.timezone,
    paging_type: sync.paging.type,
    ...fieldInputs(PAGING_FIELDS[sync.paging.type] ?? [], sync.paging),
    max_total: sync.max_total,
    auth_type: auth.type,
    ...fieldInputs(AUTH_FIELDS[auth.type] ?? [], auth),
    incremental_cursor_path: sync.incremental?.cursor_path,
    incremental_param: sync.incremental?.param,
    request_timeout_seconds: sync.request_timeout_seconds,
    webhook_url: sync.webhook_url,
  });
  form.elements.soft_delete.checked = Boolean(sync.soft_delete);
}

// ---------- what an edit changed ----------

const EDITABLE = [
  'url', 'unique_key', 'friendly_name', 'response_path', 'paging', 'max_total',
  'auth', 'incremental', 'soft_delete', 'request_timeout_seconds', 'webhook_url',
];

// What the API assumes for a field left out; PATCH cannot clear these with null.
const DEFAULTS = { paging: { type: 'none' }, soft_delete: false, request_timeout_seconds: 30 };
const DEFAULT_FREQUENCY = '1 hour';

/** The value with object keys sorted, so two equal settings compare equal as JSON. */
const canonical = (value) => {
  if (Array.isArray(value)) return value.map(canonical);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(Object.keys(value).sort().map((key) => [key, canonical(value[key])]));
};
const same = (a, b) => JSON.stringify(canonical(a)) === JSON.stringify(canonical(b));

function scheduleChange(sync, body) {
  if (form.elements.schedule_kind.value === 'cron') {
    // Cron is always sent with its zone: a zone sent alone would apply to the old schedule.
    const cron = body.cron ?? '';
    const timezone = body.timezone ?? 'UTC';
    return sync.cron === cron && sync.timezone === timezone ? {} : { cron, timezone };
  }
  const frequency = body.frequency ?? DEFAULT_FREQUENCY;
  return sync.frequency === frequency ? {} : { frequency };
}

/** The PATCH body: only the fields whose value differs from the sync's; null clears an optional one. */
function changedFields(sync, body) {
  const patch = {};
  for (const field of EDITABLE) {
    const before = sync[field] ?? DEFAULTS[field] ?? null;
    const after = body[field] ?? DEFAULTS[field] ?? null;
    if (!same(before, after)) patch[field] = after;
  }
  return { ...patch, ...scheduleChange(sync, body) };
}

// ---------- errors and submitting ----------

function clearFormErrors() {
  for (const slot of form.querySelectorAll('[data-error-for]')) slot.textContent = '';
  for (const input of form.querySelectorAll('[aria-invalid]')) input.removeAttribute('aria-invalid');
  $('form-errors').replaceChildren();
  $('form-errors').hidden = true;
}

/** The visible slot for a field such as "auth.scopes.0", else for its nearest parent ("auth.scopes", "auth"). */
function errorSlot(field) {
  const slots = [...form.querySelectorAll('[data-error-for]')].filter((slot) => !slot.closest('[hidden]'));
  for (let path = field; path; path = path.slice(0, Math.max(path.lastIndexOf('.'), 0))) {
    const slot = slots.find((candidate) => candidate.dataset.errorFor === path);
    if (slot) return slot;
  }
  return null;
}

// Zod's wording for a field left out is unclear to someone filling a form.
const readable = (message) => (/received (undefined|null)$/.test(message) ? 'required' : message);

/**
 * Puts each `details` entry next to its field; fields the form has no slot for are listed on top.
 * Says whether every entry found its field.
 */
function showFormErrors(details) {
  const unplaced = [];
  for (const { field, message } of details) {
    const slot = errorSlot(field);
    if (!slot) {
      unplaced.push(el('li', {}, `${field}: ${message}`));
      continue;
    }
    const text = slot.dataset.errorFor === field ? readable(message) : `${field}: ${message}`;
    slot.textContent = slot.textContent ? `${slot.textContent}; ${text}` : text;
    slot.previousElementSibling?.querySelector('input, select')?.setAttribute('aria-invalid', 'true');
  }
  $('form-errors').replaceChildren(...unplaced);
  $('form-errors').hidden = unplaced.length === 0;
  return details.length > 0 && unplaced.length === 0;
}

async function createSync() {
  const sync = await api('POST', SYNCS, { ...formBody(), paused: form.elements.paused.checked });
  resetForm();
  closeForm();
  showNotice(`Created sync ${syncName(sync)}.`, 'ok');
  await loadSyncs();
  select(sync.sync_id);
}

async function saveEdit(sync) {
  const patch = changedFields(sync, formBody());
  const changed = Object.keys(patch);
  const saved = changed.length > 0 ? await api('PATCH', `${SYNCS}/${sync.sync_id}`, patch) : sync;
  state.editing = null;
  resetForm();
  closeForm();
  showNotice(changed.length ? `Saved sync ${syncName(saved)}: ${changed.join(', ')} changed.` : 'Nothing to save: no field changed.', 'ok');
  await Promise.all([loadSyncs(), state.selectedId === sync.sync_id ? loadDetail() : null]);
}

async function submitForm(event) {
  event.preventDefault();
  clearFormErrors();
  const editing = state.editing;
  $('form-submit').disabled = true;
  try {
    await (editing ? saveEdit(editing) : createSync());
  } catch (error) {
    // Once every problem shows next to its input, the notice need not repeat them.
    const placed = showFormErrors(error.details ?? []);
    showNotice(`Could not ${editing ? 'save' : 'create'} the sync: ${placed ? 'see the marked fields.' : error.message}`);
  } finally {
    $('form-submit').disabled = false;
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
// While an edit is open, "New sync" switches the form to a fresh create.
$('create-open').addEventListener('click', () => ($('create').hidden || state.editing ? openCreate() : closeForm()));
$('create-close').addEventListener('click', closeForm);
$('more-records').addEventListener('click', () => void moreRecords());
$('records-filter').addEventListener('change', changeRecordsFilter);
$('records-after').addEventListener('change', changeRecordsFilter);
$('edit-open').addEventListener('click', openEdit);
$('resync').addEventListener('click', resyncSelected);
form.addEventListener('change', showFormMode);
form.addEventListener('submit', (event) => void submitForm(event));

fillTimezones();
showFormMode();
if (location.hash === '#new') openCreate();
const linked = /^#sync-(\d+)$/.exec(location.hash);
if (linked) select(Number(linked[1]), { scroll: false });
void loadSyncs();
setInterval(() => void refresh(), REFRESH_MS);
