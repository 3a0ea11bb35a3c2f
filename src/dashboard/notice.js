// The notice bar: confirmations that fade, errors that stay until dismissed or, for background loads, until one succeeds.

import { $ } from './dom.js';
import { state } from './state.js';

export function showNotice(message, kind = 'error') {
  $('notice').className = `notice notice-${kind}`;
  $('notice-text').textContent = message;
  $('notice').hidden = false;
  state.refreshError = false;
  clearTimeout(showNotice.timer);
  // Errors stay until dismissed; confirmations need no attention.
  if (kind === 'ok') showNotice.timer = setTimeout(hideNotice, 4000);
}

/** A failed background load: its notice goes away by itself once a load succeeds again. */
export function showLoadError(message) {
  showNotice(message);
  state.refreshError = true;
}

export function loaded() {
  if (state.refreshError) hideNotice();
}

export function hideNotice() {
  $('notice').hidden = true;
  state.refreshError = false;
}
