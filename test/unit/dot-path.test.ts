import { describe, expect, it } from 'vitest';
import { valueAtPath } from '../../activities/http/dot-path.js';

describe('valueAtPath', () => {
  const body = { data: { items: [{ id: 7, tags: ['a', 'b'] }, { id: 8 }], next: { cursor: 'c2' } }, zero: 0, none: null };

  it('reads a top-level key', () => {
    expect(valueAtPath(body, 'zero')).toBe(0);
  });

  it('reads a nested key', () => {
    expect(valueAtPath(body, 'data.next.cursor')).toBe('c2');
  });

  it('indexes arrays with numeric segments', () => {
    expect(valueAtPath(body, 'data.items.1.id')).toBe(8);
    expect(valueAtPath(body, 'data.items.0.tags.1')).toBe('b');
    expect(valueAtPath({ items: [{ id: 'first' }] }, 'items.0.id')).toBe('first');
  });

  it('returns the object found, not a copy', () => {
    expect(valueAtPath(body, 'data.items')).toBe(body.data.items);
  });

  it('is undefined for a missing key', () => {
    expect(valueAtPath(body, 'data.missing')).toBeUndefined();
    expect(valueAtPath(body, 'data.items.5.id')).toBeUndefined();
  });

  it('is undefined when the path goes through a scalar or null', () => {
    expect(valueAtPath(body, 'zero.x')).toBeUndefined();
    expect(valueAtPath(body, 'none.x')).toBeUndefined();
    expect(valueAtPath('text', 'length')).toBeUndefined();
    expect(valueAtPath(null, 'a')).toBeUndefined();
  });

  it('keeps a null value at the end of the path', () => {
    expect(valueAtPath(body, 'none')).toBeNull();
  });
});
