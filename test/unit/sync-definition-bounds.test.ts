import { describe, expect, it } from 'vitest';
import { createSyncSchema, DEFINITION_LIMITS, updateSyncSchema } from '../../src/contracts/sync-definition.js';

const base = { url: 'http://example.test/items', unique_key: 'id' };
const entries = (count: number, value: (index: number) => unknown = () => 'v') =>
  Object.fromEntries(Array.from({ length: count }, (_, index) => [`k${index}`, value(index)]));
/** A JSON string value that serializes to exactly `bytes` bytes (two quotes around it). */
const stringOfJsonBytes = (bytes: number) => 'x'.repeat(bytes - 2);

/** Where and why createSyncSchema refuses `fields`, or [] when it accepts them. */
function problems(fields: Record<string, unknown>): { path: string; message: string }[] {
  const result = createSyncSchema.safeParse({ ...base, ...fields });
  return result.success ? [] : result.error.issues.map((issue) => ({ path: issue.path.join('.'), message: issue.message }));
}

describe('the bounds of a sync definition', () => {
  it('are the documented numbers', () => {
    expect(DEFINITION_LIMITS).toEqual({
      maxHeaders: 50,
      maxQueryParams: 100,
      maxNameLength: 256,
      maxValueLength: 8192,
      maxBodyBytes: 262_144,
      maxMetadataKeys: 50,
      maxMetadataBytes: 16_384,
    });
  });

  it('take 50 headers, refuse 51 naming headers', () => {
    expect(problems({ headers: entries(50) })).toEqual([]);
    expect(problems({ headers: entries(51) })).toEqual([{ path: 'headers', message: 'at most 50 headers' }]);
  });

  it('take a header value of 8 KiB, refuse one more character naming the header', () => {
    expect(problems({ headers: { 'X-Big': 'a'.repeat(8192) } })).toEqual([]);
    expect(problems({ headers: { 'X-Big': 'a'.repeat(8193) } })).toEqual([
      { path: 'headers.X-Big', message: 'values must be at most 8192 characters' },
    ]);
  });

  it('refuse a header or query param name over 256 characters', () => {
    const longHeader = `X-${'n'.repeat(255)}`;
    const longParam = 'q'.repeat(257);
    expect(problems({ headers: { [`X-${'n'.repeat(254)}`]: 'v' } })).toEqual([]);
    expect(problems({ headers: { [longHeader]: 'v' } }).map((problem) => problem.path)).toEqual([`headers.${longHeader}`]);
    expect(problems({ query_params: { [longParam]: 'v' } }).map((problem) => problem.path)).toEqual([`query_params.${longParam}`]);
  });

  it('take 100 query params, refuse 101, and bound string values only', () => {
    expect(problems({ query_params: entries(100, (index) => index) })).toEqual([]);
    expect(problems({ query_params: entries(101) })).toEqual([{ path: 'query_params', message: 'at most 100 query params' }]);
    expect(problems({ query_params: { q: 'a'.repeat(8193) } })).toEqual([
      { path: 'query_params.q', message: 'values must be at most 8192 characters' },
    ]);
  });

  it('take a body of 256 KiB as JSON, refuse one byte more naming body', () => {
    expect(problems({ method: 'POST', body: stringOfJsonBytes(262_144) })).toEqual([]);
    expect(problems({ method: 'POST', body: stringOfJsonBytes(262_145) })).toEqual([
      { path: 'body', message: 'must be at most 256 KiB as JSON' },
    ]);
  });

  it('count bytes, not characters, of a body', () => {
    // "é" is two bytes in UTF-8: 131,072 of them are 256 KiB plus the quotes.
    expect(problems({ method: 'POST', body: 'é'.repeat(131_072) })).toEqual([{ path: 'body', message: 'must be at most 256 KiB as JSON' }]);
  });

  it('take 50 metadata keys within 16 KiB, refuse 51 keys or 16 KiB and one byte, naming metadata', () => {
    expect(problems({ metadata: entries(50) })).toEqual([]);
    expect(problems({ metadata: entries(51) })).toEqual([{ path: 'metadata', message: 'at most 50 keys' }]);
    // {"m":"xx…"}: 6 bytes around the string's JSON.
    expect(problems({ metadata: { m: stringOfJsonBytes(16_384 - 6) } })).toEqual([]);
    expect(problems({ metadata: { m: stringOfJsonBytes(16_384 - 5) } })).toEqual([
      { path: 'metadata', message: 'must be at most 16 KiB as JSON' },
    ]);
  });

  it('apply to a PATCH body too', () => {
    const result = updateSyncSchema.safeParse({ headers: entries(51), body: stringOfJsonBytes(262_145), metadata: entries(51) });
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((issue) => issue.path.join('.')).sort()).toEqual(['body', 'headers', 'metadata']);
  });
});
