// The sync form: opening it to create or to edit the selected sync, and submitting it.

import { api, SYNCS } from './api.js';
import { $, el, syncName } from './dom.js';
import { ask } from './events.js';
import { clearFormErrors, showFormErrors } from './form-errors.js';
import { AUTH_FIELDS, fillForm, form, formBody, keepsSecrets } from './form-fields.js';
import { changedFields } from './form-patch.js';
import { expectJob } from './job-progress.js';
import { showNotice } from './notice.js';
import { state } from './state.js';
import { hidePreview } from './sync-preview.js';

export function openCreate() {
  if (state.editing) resetForm();
  state.editing = null;
  showForm();
}

export function openEdit() {
  const sync = state.selectedSync;
  if (!sync) return;
  resetForm();
  state.editing = sync;
  fillForm(sync);
  showForm();
  $('create').scrollIntoView({ behavior: 'smooth', block: 'start' });
}

/** "New sync": while an edit is open, switches the form to a fresh create; else opens or closes it. */
export function toggleCreate() {
  if ($('create').hidden || state.editing) openCreate();
  else closeForm();
}

function showForm() {
  const sync = state.editing;
  $('create-title').textContent = sync ? `Edit sync ${syncName(sync)}` : 'New sync';
  $('form-submit').textContent = sync ? 'Save changes' : 'Create sync';
  $('paused-option').hidden = Boolean(sync);
  // An edit's form holds no secrets to test with (the API never returns them).
  $('form-test').hidden = Boolean(sync);
  showFormMode();
  $('create').hidden = false;
  form.elements.url.focus({ preventScroll: Boolean(sync) });
}

export function closeForm() {
  $('create').hidden = true;
}

function resetForm() {
  form.reset();
  clearFormErrors();
  hidePreview();
  showFormMode();
}

/** Shows the schedule, paging and auth blocks the form's choices call for. */
export function showFormMode() {
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

export function fillTimezones() {
  // Older browsers lack supportedValuesOf; the field still takes free text.
  const zones = typeof Intl.supportedValuesOf === 'function' ? Intl.supportedValuesOf('timeZone') : [];
  $('timezones').replaceChildren(...['UTC', ...zones].map((zone) => el('option', { value: zone })));
}

// ---------- submitting ----------

async function createSync() {
  const paused = form.elements.paused.checked;
  const sync = await api('POST', SYNCS, { ...formBody(), paused });
  resetForm();
  closeForm();
  showNotice(`Created sync ${syncName(sync)}.`, 'ok');
  await ask('refreshList');
  ask('selectSync', sync.sync_id);
  // An active sync's first job starts at once.
  if (!paused) expectJob();
}

async function saveEdit(sync) {
  const patch = changedFields(sync, formBody());
  const changed = Object.keys(patch);
  const saved = changed.length > 0 ? await api('PATCH', `${SYNCS}/${sync.sync_id}`, patch) : sync;
  state.editing = null;
  resetForm();
  closeForm();
  showNotice(changed.length ? `Saved sync ${syncName(saved)}: ${changed.join(', ')} changed.` : 'Nothing to save: no field changed.', 'ok');
  await Promise.all([ask('refreshList'), state.selectedId === sync.sync_id ? ask('refreshDetail') : null]);
}

export async function submitForm(event) {
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
