import { SECRET_MASK } from '../../src/contracts/auth.js';

/**
 * Forms at least this long are masked wherever they occur: a long secret inside another string is
 * still that secret. Shorter ones only as whole tokens, so that a short secret such as "e" or
 * "401" neither mangles every word it is part of nor shows where it is by doing so.
 */
export const MIN_SUBSTRING_SECRET_LENGTH = 8;

/** Letters, digits and "_": what a short secret must not touch on either side to be a whole token. */
const WORD_CHAR = String.raw`[\p{L}\p{N}_]`;

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function alternatives(forms: readonly string[]): string {
  return [...forms]
    .sort((a, b) => b.length - a.length)
    .map(escapeRegExp)
    .join('|');
}

/**
 * Replaces each non-empty secret in `text` with "***": the secret as is, its `encodeURIComponent`
 * form and its form-encoded (URLSearchParams, space as "+") form. Forms of at least
 * `MIN_SUBSTRING_SECRET_LENGTH` characters are masked wherever they occur, shorter ones as whole
 * tokens only. Longest forms first, in one pass, so a secret that contains another is masked whole
 * and a mask already written is never matched again.
 */
export function redact(text: string, secrets: readonly string[]): string {
  const forms = new Set<string>();
  for (const secret of secrets) {
    if (secret.length === 0) continue;
    forms.add(secret);
    forms.add(encodeURIComponent(secret));
    forms.add(new URLSearchParams([['', secret]]).toString().slice(1));
  }
  forms.delete('');
  if (forms.size === 0 || text.length === 0) return text;
  const long = [...forms].filter((form) => form.length >= MIN_SUBSTRING_SECRET_LENGTH);
  const short = [...forms].filter((form) => form.length < MIN_SUBSTRING_SECRET_LENGTH);
  const patterns = [
    ...(long.length > 0 ? [alternatives(long)] : []),
    ...(short.length > 0 ? [`(?<!${WORD_CHAR})(?:${alternatives(short)})(?!${WORD_CHAR})`] : []),
  ];
  return text.replace(new RegExp(patterns.join('|'), 'gu'), SECRET_MASK);
}
