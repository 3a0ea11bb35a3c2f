import { describe, expect, it } from 'vitest';
import { canonicalJson, contentHash } from '../../src/storage/canonical-json.js';

describe('canonicalJson and contentHash', () => {
  it('key order does not change the canonical JSON or the hash', () => {
    const a = { id: 1, name: 'x', tags: ['a', 'b'] };
    const b = { tags: ['a', 'b'], name: 'x', id: 1 };
    expect(canonicalJson(a)).toBe(canonicalJson(b));
    expect(contentHash(a)).toBe(contentHash(b));
  });

  it('sorts keys at every depth, including objects inside arrays', () => {
    const value = { z: { y: 1, x: [{ b: 2, a: 1 }, [{ d: 4, c: 3 }]] }, a: null };
    expect(canonicalJson(value)).toBe('{"a":null,"z":{"x":[{"a":1,"b":2},[{"c":3,"d":4}]],"y":1}}');
    expect(contentHash(value)).toBe(contentHash({ a: null, z: { x: [{ a: 1, b: 2 }, [{ c: 3, d: 4 }]], y: 1 } }));
  });

  it('parses back to the same value', () => {
    const value = { s: 'quote " and \\ and ü', n: -1.5, t: true, f: false, nil: null, list: [1, 'two', { three: 3 }] };
    expect(JSON.parse(canonicalJson(value))).toEqual(value);
  });

  it('keeps array order significant', () => {
    expect(contentHash([1, 2])).not.toBe(contentHash([2, 1]));
  });

  it('different values give different hashes', () => {
    expect(contentHash({ id: 1, name: 'x' })).not.toBe(contentHash({ id: 1, name: 'y' }));
    expect(contentHash({ id: 1 })).not.toBe(contentHash({ id: '1' }));
    expect(contentHash({ nested: { a: 1 } })).not.toBe(contentHash({ nested: { a: 1, b: 2 } }));
    expect(contentHash({ a: null })).not.toBe(contentHash({}));
  });

  it('ignores undefined properties', () => {
    expect(canonicalJson({ a: 1, b: undefined })).toBe('{"a":1}');
    expect(contentHash({ a: 1, b: undefined })).toBe(contentHash({ a: 1 }));
  });

  it('writes undefined array items as null, like JSON.stringify', () => {
    expect(canonicalJson([undefined, 1])).toBe('[null,1]');
  });

  it('hashes as base64url sha-256', () => {
    expect(contentHash({ a: 1 })).toMatch(/^[A-Za-z0-9_-]{43}$/);
  });
});
