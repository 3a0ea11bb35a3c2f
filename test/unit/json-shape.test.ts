import { describe, expect, it } from 'vitest';
import { jsonShapeProblem, MAX_BODY_DEPTH, MAX_FIELD_DEPTH } from '../../src/api/json-shape.js';

/** `levels` arrays nested in each other, as JSON.parse would build them. */
const nested = (levels: number): unknown => JSON.parse('['.repeat(levels) + ']'.repeat(levels));

describe('jsonShapeProblem', () => {
  it('accepts a field nested exactly to the limit', () => {
    expect(jsonShapeProblem({ url: 'x', metadata: nested(MAX_FIELD_DEPTH) })).toBeNull();
  });

  it('names a top-level field that nests one level too deep', () => {
    expect(jsonShapeProblem({ url: 'x', body: nested(MAX_FIELD_DEPTH + 1) })).toEqual({
      field: 'body',
      message: `nests deeper than ${MAX_FIELD_DEPTH} levels`,
    });
    expect(jsonShapeProblem({ metadata: { a: { b: nested(MAX_FIELD_DEPTH - 1) } } })?.field).toBe('metadata');
  });

  it('names the whole body when it is nested too deep itself', () => {
    expect(jsonShapeProblem(nested(MAX_BODY_DEPTH + 1))?.field).toBe('(body)');
    expect(jsonShapeProblem(nested(MAX_FIELD_DEPTH + 2))?.field).toBe('(body)');
  });

  it('walks a body far deeper than the stack allows without overflowing', () => {
    expect(jsonShapeProblem({ metadata: nested(200_000) })?.field).toBe('metadata');
  });

  it('refuses "__proto__" keys anywhere, naming their path', () => {
    expect(jsonShapeProblem(JSON.parse('{"metadata": {"a": {"__proto__": {"x": 1}}}}'))?.field).toBe('metadata.a.__proto__');
    expect(jsonShapeProblem(JSON.parse('{"headers": {"__proto__": "x"}}'))?.field).toBe('headers.__proto__');
  });

  it('accepts scalars, empty bodies and wide bodies', () => {
    expect(jsonShapeProblem(undefined)).toBeNull();
    expect(jsonShapeProblem('text')).toBeNull();
    expect(jsonShapeProblem({ metadata: Object.fromEntries(Array.from({ length: 10_000 }, (_, i) => [`k${i}`, [i]])) })).toBeNull();
  });
});
