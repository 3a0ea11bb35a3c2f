const ARRAY_INDEX = /^(0|[1-9]\d*)$/;

/**
 * The value at a dot path such as "data.items" ("0" indexes arrays); undefined when absent. Only
 * own properties count (own indices for arrays): "constructor", "toString" or "length" must not
 * read what every object or array inherits or carries.
 */
export function valueAtPath(value: unknown, dotPath: string): unknown {
  let current: unknown = value;
  for (const segment of dotPath.split('.')) {
    if (current === null || typeof current !== 'object') return undefined;
    if (Array.isArray(current)) {
      if (!ARRAY_INDEX.test(segment) || Number(segment) >= current.length) return undefined;
      current = current[Number(segment)];
    } else {
      if (!Object.hasOwn(current, segment)) return undefined;
      current = (current as Record<string, unknown>)[segment];
    }
  }
  return current;
}
