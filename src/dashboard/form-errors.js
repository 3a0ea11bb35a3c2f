// The API's validation errors shown on the sync form: next to their fields, else listed on top.

import { $, el } from './dom.js';
import { form } from './form-fields.js';

export function clearFormErrors() {
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
export function showFormErrors(details) {
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
