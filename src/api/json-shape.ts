import type { ErrorDetail } from '../contracts/errors.js';
import { ValidationError } from './errors.js';

/** How deep a request body may nest: validation recurses, so this keeps the stack safe. */
export const MAX_BODY_DEPTH = 64;
/** How deep one top-level field, such as the free-form `metadata` or `body`, may nest. */
export const MAX_FIELD_DEPTH = 32;

interface Pending {
  value: unknown;
  /** Objects and arrays from the top of the body down to this value, itself included. */
  depth: number;
  /** Dot path from the top of the body; "" for the body itself. */
  path: string;
}

const isContainer = (value: unknown): value is object => typeof value === 'object' && value !== null;

/** The first problem with the shape of a parsed JSON body, found without recursion; null when fine. */
export function jsonShapeProblem(body: unknown): ErrorDetail | null {
  const pending: Pending[] = [{ value: body, depth: isContainer(body) ? 1 : 0, path: '' }];
  while (pending.length > 0) {
    const { value, depth, path } = pending.pop()!;
    if (depth > MAX_BODY_DEPTH) return { field: '(body)', message: `nests deeper than ${MAX_BODY_DEPTH} levels` };
    // The body itself is depth 1, so a top-level field nests depth - 1 levels.
    if (depth - 1 > MAX_FIELD_DEPTH) {
      return { field: Array.isArray(body) ? '(body)' : path.split('.')[0]!, message: `nests deeper than ${MAX_FIELD_DEPTH} levels` };
    }
    if (!isContainer(value)) continue;
    for (const [key, child] of Object.entries(value)) {
      const childPath = path === '' ? key : `${path}.${key}`;
      // JSON.parse keeps "__proto__" as a key, but copying it into an object sets the prototype instead.
      if (key === '__proto__') return { field: childPath, message: '"__proto__" is not allowed as a key' };
      pending.push({ value: child, depth: isContainer(child) ? depth + 1 : depth, path: childPath });
    }
  }
  return null;
}

/** Throws a 400 when a parsed JSON body nests too deep or uses a key that would be lost. */
export function checkJsonShape(body: unknown): void {
  const problem = jsonShapeProblem(body);
  if (problem) throw new ValidationError([problem]);
}
