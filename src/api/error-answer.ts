import type { LogLevel } from '@temporalio/common';
import { type ErrorBody, ErrorCode } from '../contracts/errors.js';
import { isStorageUnavailable } from '../storage/storage-unavailable.js';
import { ApiError } from './errors.js';

/** How the API answers one error, and what it logs about it. */
export interface ErrorAnswer {
  status: number;
  error: ErrorBody['error'];
  /**
   * What caused the answer (the Temporal error behind a 409 or 503, the driver error of a database
   * that went away, an unexpected error): logged, never sent to the client.
   */
  log?: { level: LogLevel; message: string; error: unknown };
}

/** body-parser's errors carry the status they deserve (400 malformed JSON, 413 too large). */
function isClientHttpError(error: unknown): error is Error & { status: number } {
  if (!(error instanceof Error) || !('status' in error)) return false;
  return typeof error.status === 'number' && error.status >= 400 && error.status < 500;
}

/**
 * The one table from errors to answers: the error middleware sends it as the response, a bulk
 * action as the entry of the sync that failed, so both answer a failure alike.
 */
export function errorAnswer(error: unknown): ErrorAnswer {
  if (error instanceof ApiError) {
    const answer: ErrorAnswer = {
      status: error.status,
      error: { code: error.code, message: error.message, ...(error.details ? { details: error.details } : {}) },
    };
    if (error.cause === undefined) return answer;
    // Temporal down is an operator's problem; a conflict with the workflow is routine.
    const level = error.status >= 500 ? 'WARN' : 'INFO';
    return { ...answer, log: { level, message: `answered ${error.status} ${error.code}: ${error.message}`, error: error.cause } };
  }
  if (isClientHttpError(error)) {
    return {
      status: error.status,
      error: {
        code: ErrorCode.InvalidRequest,
        message: `request body: ${error.message}`,
        details: [{ field: '(body)', message: error.message }],
      },
    };
  }
  if (isStorageUnavailable(error)) {
    // The database is down or unreachable: an operator's problem, and the client may retry.
    return {
      status: 503,
      error: { code: ErrorCode.StorageUnavailable, message: 'the database could not be reached; try again later' },
      log: { level: 'WARN', message: 'answered 503 storage_unavailable: the database could not be reached', error },
    };
  }
  return {
    status: 500,
    error: { code: ErrorCode.Internal, message: 'internal error; see the server log' },
    log: { level: 'ERROR', message: 'unexpected error while answering a request', error },
  };
}
