import { createHash } from 'node:crypto';

/** JSON with object keys sorted, so that key order alone never counts as a change. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, item]) => item !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([key, item]) => `${JSON.stringify(key)}:${canonicalJson(item)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

/** Whether two JSON values hold the same content, whatever their key order. */
export function sameContent(a: unknown, b: unknown): boolean {
  return canonicalJson(a) === canonicalJson(b);
}

/**
 * The hash of a record's stored JSON text. Hashing the text we store anyway (rather than a
 * canonical form) keeps the hot path to one serialisation per record; a hash mismatch is then
 * confirmed with `sameContent`, so key order alone still never counts as an update.
 */
export function textHash(json: string): string {
  return createHash('sha256').update(json).digest('base64url');
}
