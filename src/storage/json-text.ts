/** A value kept as JSON text in a nullable column: absent (null or undefined) is stored as null. */
export function toJsonText(value: unknown): string | null {
  return value === undefined || value === null ? null : JSON.stringify(value);
}

export function fromJsonText(text: string | null): unknown {
  return text === null ? null : (JSON.parse(text) as unknown);
}
