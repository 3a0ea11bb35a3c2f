// Signing in with an API key: asked for when the API answers 401 (or 403 on a change), kept in
// sessionStorage (gone with the tab) and sent by api.js as a bearer header on every call.

import { $, el } from './dom.js';
import { ask } from './events.js';

const STORAGE_KEY = 'syncd-api-key';

export function apiKey() {
  return sessionStorage.getItem(STORAGE_KEY) ?? '';
}

function signInForm() {
  const existing = $('sign-in');
  if (existing) return existing;
  const form = el(
    'form',
    { id: 'sign-in', className: 'card sign-in' },
    el('p', { id: 'sign-in-text' }),
    el(
      'label',
      { className: 'inline' },
      'API key ',
      el('input', { id: 'sign-in-key', name: 'api_key', type: 'password', autocomplete: 'off', required: true }),
    ),
    el('button', { type: 'submit', className: 'primary', id: 'sign-in-submit' }, 'Sign in'),
  );
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const key = $('sign-in-key').value.trim();
    if (!key) return;
    sessionStorage.setItem(STORAGE_KEY, key);
    $('sign-in-key').value = '';
    form.hidden = true;
    void Promise.all([ask('refreshList'), ask('refreshDetail')]);
  });
  document.querySelector('main').before(form);
  return form;
}

/** Asks for a key after the API refused `sentKey`: 401 (none or unknown) or 403 (read-only key on a change). */
export function requireSignIn(status, sentKey) {
  // A late answer to a request sent with an older key must not drop the key entered since.
  if (status === 401 && sentKey && apiKey() === sentKey) sessionStorage.removeItem(STORAGE_KEY);
  const form = signInForm();
  $('sign-in-text').textContent =
    status === 403
      ? 'This API key may only read. To change syncs, sign in with a read-write key (SYNCD_API_KEYS).'
      : sentKey
        ? 'The API refused this key. Sign in with another one.'
        : 'This syncd requires an API key. Sign in with one of its keys.';
  form.hidden = false;
}
