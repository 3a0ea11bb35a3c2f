// The sync form's inputs and a sync's settings: reading the form into a create body, and filling it from a sync.

import { $ } from './dom.js';
import { state } from './state.js';

export const form = $('create-form');

// [API field, input name, kind]: kind "number", "list" (space or comma separated) or "secret".
const PAGING_FIELDS = {
  none: [],
  link_header: [],
  offset: [
    ['offset_param', 'offset_param'],
    ['limit_param', 'limit_param'],
    ['limit', 'limit', 'number'],
  ],
  page: [
    ['page_param', 'page_param'],
    ['limit_param', 'page_limit_param'],
    ['limit', 'page_limit', 'number'],
  ],
  cursor: [
    ['cursor_param', 'cursor_param'],
    ['next_cursor_path', 'next_cursor_path'],
  ],
  cursor_from_last_record: [
    ['cursor_param', 'last_cursor_param'],
    ['cursor_field', 'cursor_field'],
  ],
  next_url: [['next_url_path', 'next_url_path']],
};

export const AUTH_FIELDS = {
  bearer: [['token', 'auth_token', 'secret']],
  basic: [
    ['username', 'auth_username'],
    ['password', 'auth_password', 'secret'],
  ],
  api_key: [
    ['name', 'auth_name'],
    ['value', 'auth_value', 'secret'],
    ['in', 'auth_in'],
  ],
  oauth2_client_credentials: [
    ['token_url', 'auth_token_url'],
    ['client_id', 'auth_client_id'],
    ['client_secret', 'auth_client_secret', 'secret'],
    ['scopes', 'auth_scopes', 'list'],
  ],
};

// The API shows stored secrets as this and, sent back on PATCH, keeps them.
const SECRET_MASK = '***';

/** On edit, blank secrets of the stored auth type mean "keep". */
export const keepsSecrets = () => Boolean(state.editing?.auth) && state.editing.auth.type === form.elements.auth_type.value;

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
  const incremental = withoutUndefined({
    cursor_path: inputValue('incremental_cursor_path'),
    param: inputValue('incremental_param'),
    lookback_seconds: inputValue('incremental_lookback_seconds', 'number'),
    lookback: inputValue('incremental_lookback', 'number'),
  });
  // One of the two alone goes to the API, which names the missing one.
  return Object.keys(incremental).length ? incremental : undefined;
}

/** The sync the form describes, in the create body's shape; empty optional inputs are left out. */
export function formBody() {
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
    stall_timeout_seconds: inputValue('stall_timeout_seconds', 'number'),
    max_job_seconds: inputValue('max_job_seconds', 'number'),
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

export function fillForm(sync) {
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
    incremental_lookback_seconds: sync.incremental?.lookback_seconds,
    incremental_lookback: sync.incremental?.lookback,
    request_timeout_seconds: sync.request_timeout_seconds,
    stall_timeout_seconds: sync.stall_timeout_seconds,
    max_job_seconds: sync.max_job_seconds,
    webhook_url: sync.webhook_url,
  });
  form.elements.soft_delete.checked = Boolean(sync.soft_delete);
}
