import { describe, expect, it } from 'vitest';
import { valueAtPath } from '../../activities/http/dot-path.js';

describe('valueAtPath reads own properties only', () => {
  it.each(['constructor', 'toString', '__proto__', 'hasOwnProperty', 'valueOf'])('is undefined for the inherited "%s"', (name) => {
    expect(valueAtPath({ id: 1 }, name)).toBeUndefined();
    expect(valueAtPath({ data: { id: 1 } }, `data.${name}`)).toBeUndefined();
  });

  it('reads an own property that shares a name with an inherited one', () => {
    expect(valueAtPath({ constructor: 'c-1' }, 'constructor')).toBe('c-1');
    expect(valueAtPath(JSON.parse('{"__proto__": "p-1"}'), '__proto__')).toBe('p-1');
  });

  it('indexes arrays by their own indices only, never "length" or methods', () => {
    const body = { items: ['a', 'b'] };
    expect(valueAtPath(body, 'items.length')).toBeUndefined();
    expect(valueAtPath(body, 'items.map')).toBeUndefined();
    expect(valueAtPath(body, 'items.01')).toBeUndefined();
    expect(valueAtPath(body, 'items.2')).toBeUndefined();
    expect(valueAtPath(body, 'items.1')).toBe('b');
  });
});
