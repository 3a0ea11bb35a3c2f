import { ErrorCode, type ErrorDetail } from '../contracts/errors.js';

/** Thrown by SyncClient when the API answers an error: carries its HTTP status, code and details. */
export class SyncApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: ErrorCode,
    message: string,
    readonly details: ErrorDetail[] = [],
  ) {
    super(message);
    this.name = 'SyncApiError';
  }
}

/** A 404: the sync does not exist. */
export class SyncNotFoundError extends SyncApiError {}
/** A 409: the sync's state forbids the action (a cancelled sync cannot resume or trigger). */
export class SyncConflictError extends SyncApiError {}
/** A 400: the request was invalid; `details` names each field. */
export class SyncValidationError extends SyncApiError {}
/** A 503: Temporal or the worker did not answer; retrying later is safe. */
export class SyncUnavailableError extends SyncApiError {}

export function apiErrorFor(status: number, code: ErrorCode, message: string, details?: ErrorDetail[]): SyncApiError {
  const ErrorClass =
    status === 400
      ? SyncValidationError
      : status === 404
        ? SyncNotFoundError
        : status === 409
          ? SyncConflictError
          : status === 503
            ? SyncUnavailableError
            : SyncApiError;
  const error = new ErrorClass(status, code ?? ErrorCode.Internal, message, details);
  error.name = ErrorClass.name;
  return error;
}
