import type { z } from 'zod';
import type { ErrorDetail } from '../contracts/errors.js';
import { ValidationError } from './errors.js';

function detailOf(issue: z.core.$ZodIssue, prefix: string | undefined): ErrorDetail {
  const field = [prefix, ...issue.path.map(String)].filter(Boolean).join('.') || '(body)';
  if (issue.code === 'unrecognized_keys' && issue.keys.length > 0) {
    return {
      field: issue.keys.map((key) => [field === '(body)' ? undefined : field, key].filter(Boolean).join('.')).join(', '),
      message: 'unknown field',
    };
  }
  // A bad record key (a header name, say) says why in its nested issue, not in its own message.
  if (issue.code === 'invalid_key') return { field, message: issue.issues[0]?.message ?? issue.message };
  return { field, message: issue.message };
}

/** Parses `input` or throws a ValidationError naming each offending field under `prefix`. */
export function validate<S extends z.ZodType>(schema: S, input: unknown, prefix?: string): z.output<S> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  throw new ValidationError(result.error.issues.map((issue) => detailOf(issue, prefix)));
}
