// What an edit changed: the PATCH body from the sync as it was and the form's create-shaped body.

import { form } from './form-fields.js';

const EDITABLE = [
  'url',
  'unique_key',
  'friendly_name',
  'response_path',
  'paging',
  'max_total',
  'auth',
  'incremental',
  'soft_delete',
  'request_timeout_seconds',
  'stall_timeout_seconds',
  'max_job_seconds',
  'webhook_url',
];

// What the API assumes for a field left out; PATCH cannot clear these with null.
const DEFAULTS = {
  paging: { type: 'none' },
  soft_delete: false,
  request_timeout_seconds: 30,
  stall_timeout_seconds: 900,
  max_job_seconds: 21_600,
};
const DEFAULT_FREQUENCY = '1 hour';

/** The value with object keys sorted, so two equal settings compare equal as JSON. */
const canonical = (value) => {
  if (Array.isArray(value)) return value.map(canonical);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(
    Object.keys(value)
      .sort()
      .map((key) => [key, canonical(value[key])]),
  );
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
export function changedFields(sync, body) {
  const patch = {};
  for (const field of EDITABLE) {
    const before = sync[field] ?? DEFAULTS[field] ?? null;
    const after = body[field] ?? DEFAULTS[field] ?? null;
    if (!same(before, after)) patch[field] = after;
  }
  return { ...patch, ...scheduleChange(sync, body) };
}
