import type { FailureClass, JobError } from '../contracts/job-error.js';

/** How a job's error is stored: its message in `error` (the column of old), its class, code and status beside it. */
export interface JobErrorColumns {
  error: string | null;
  error_class: FailureClass | null;
  error_code: string | null;
  error_http_status: number | null;
}

/**
 * What a job failed before failure classes existed says: only a message, no class. It reads back
 * as `internal` with the code `unclassified`: syncd cannot tell any more whose move it was, and
 * claiming `config` or `transient` would mislead the reader (and the failure policy) about it.
 */
export const UNCLASSIFIED = { class: 'internal', code: 'unclassified' } as const;

export function toJobErrorColumns(error: JobError | null): JobErrorColumns {
  return {
    error: error?.message ?? null,
    error_class: error?.class ?? null,
    error_code: error?.code ?? null,
    error_http_status: error?.http_status ?? null,
  };
}

export function fromJobErrorColumns(row: JobErrorColumns): JobError | null {
  if (row.error === null) return null;
  const error: JobError = { class: row.error_class ?? UNCLASSIFIED.class, code: row.error_code ?? UNCLASSIFIED.code, message: row.error };
  return row.error_http_status === null ? error : { ...error, http_status: Number(row.error_http_status) };
}
