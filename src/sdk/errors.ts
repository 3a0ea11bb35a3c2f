import { ErrorCode, type ErrorDetail } from '../contracts/errors.js';

/**
 * Thrown by SyncClient when the API answers an error: carries its HTTP status, code and details,
 * and the request id to look the request up in syncd's log.
 */
export class SyncApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: ErrorCode,
    message: string,
    readonly details: ErrorDetail[] = [],
    /** The server's `x-request-id` answer header when it sends one, else the id the client sent. */
    readonly requestId?: string,
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

/**
 * Thrown by SyncClient when no answer came: the network failed (`cause` says how) or the request
 * took longer than the client's `timeoutMs` (`timedOut`). A change may or may not have been applied.
 */
export class SyncRequestError extends Error {
  constructor(
    message: string,
    readonly timedOut: boolean,
    readonly requestId: string,
    options?: ErrorOptions,
  ) {
    super(message, options);
    this.name = 'SyncRequestError';
  }
}

export function apiErrorFor(
  status: number,
  code: ErrorCode,
  message: string,
  details: ErrorDetail[] = [],
  requestId?: string,
): SyncApiError {
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
  const error = new ErrorClass(status, code ?? ErrorCode.Internal, message, details, requestId);
  error.name = ErrorClass.name;
  return error;
}
