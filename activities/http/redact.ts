import { SECRET_MASK } from '../../src/contracts/auth.js';

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * Replaces every occurrence of each non-empty secret in `text` with "***": the secret as is, its
 * `encodeURIComponent` form and its form-encoded (URLSearchParams, space as "+") form.
 * Longest secrets first, in one pass, so a secret that contains another is masked whole and a
 * mask already written is never matched again.
 */
export function redact(text: string, secrets: readonly string[]): string {
  const variants = new Set<string>();
  for (const secret of secrets) {
    if (secret.length === 0) continue;
    variants.add(secret);
    variants.add(encodeURIComponent(secret));
    variants.add(new URLSearchParams([['', secret]]).toString().slice(1));
  }
  variants.delete('');
  if (variants.size === 0 || text.length === 0) return text;
  const pattern = [...variants]
    .sort((a, b) => b.length - a.length)
    .map(escapeRegExp)
    .join('|');
  return text.replace(new RegExp(pattern, 'g'), SECRET_MASK);
}
