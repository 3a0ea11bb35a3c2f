import { describe, expect, it } from 'vitest';
import { canonicalJson, sameContent, textHash } from '../../src/storage/canonical-json.js';

describe('canonicalJson and sameContent', () => {
  it('key order does not change the canonical JSON or the content', () => {
    const a = { id: 1, name: 'x', tags: ['a', 'b'] };
    const b = { tags: ['a', 'b'], name: 'x', id: 1 };
    expect(canonicalJson(a)).toBe(canonicalJson(b));
    expect(sameContent(a, b)).toBe(true);
  });

  it('sorts keys at every depth, including objects inside arrays', () => {
    const value = { z: { y: 1, x: [{ b: 2, a: 1 }, [{ d: 4, c: 3 }]] }, a: null };
    expect(canonicalJson(value)).toBe('{"a":null,"z":{"x":[{"a":1,"b":2},[{"c":3,"d":4}]],"y":1}}');
  });

  it('parses back to the same value', () => {
    const value = { s: 'quote " and \\ and ü', n: -1.5, t: true, f: false, nil: null, list: [1, 'two', { three: 3 }] };
    expect(JSON.parse(canonicalJson(value))).toEqual(value);
  });

  it('keeps array order significant', () => {
    expect(sameContent([1, 2], [2, 1])).toBe(false);
  });

  it('tells different values apart', () => {
    expect(sameContent({ id: 1, name: 'x' }, { id: 1, name: 'y' })).toBe(false);
    expect(sameContent({ id: 1 }, { id: '1' })).toBe(false);
    expect(sameContent({ nested: { a: 1 } }, { nested: { a: 1, b: 2 } })).toBe(false);
    expect(sameContent({ a: null }, {})).toBe(false);
  });

  it('ignores undefined properties', () => {
    expect(canonicalJson({ a: 1, b: undefined })).toBe('{"a":1}');
    expect(sameContent({ a: 1, b: undefined }, { a: 1 })).toBe(true);
  });

  it('writes undefined array items as null, like JSON.stringify', () => {
    expect(canonicalJson([undefined, 1])).toBe('[null,1]');
  });
});

describe('textHash', () => {
  it('is a base64url sha-256 of the text, different for different text', () => {
    expect(textHash('{"a":1}')).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(textHash('{"a":1}')).toBe(textHash('{"a":1}'));
    expect(textHash('{"a":1}')).not.toBe(textHash('{"a":2}'));
  });
});
