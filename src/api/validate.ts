import type { z } from 'zod';
import { ValidationError } from './errors.js';

/** Parses `input` or throws a ValidationError naming each offending field under `prefix`. */
export function validate<S extends z.ZodType>(schema: S, input: unknown, prefix?: string): z.output<S> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  throw new ValidationError(
    result.error.issues.map((issue) => {
      const unknownKeys = issue.code === 'unrecognized_keys' ? issue.keys : [];
      const field = [prefix, ...issue.path.map(String)].filter(Boolean).join('.') || '(body)';
      return unknownKeys.length > 0
        ? { field: unknownKeys.map((key) => [field === '(body)' ? undefined : field, key].filter(Boolean).join('.')).join(', '), message: 'unknown field' }
        : { field, message: issue.message };
    }),
  );
}
