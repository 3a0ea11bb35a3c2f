/** The value at a dot path such as "data.items" ("0" indexes arrays); undefined when absent. */
export function valueAtPath(value: unknown, dotPath: string): unknown {
  let current: unknown = value;
  for (const segment of dotPath.split('.')) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<string, unknown>)[segment];
  }
  return current;
}
