import { ErrorCode, type ErrorDetail } from '../contracts/errors.js';

/**
 * Base of every error the API answers on purpose; the error middleware maps each to its status.
 * `cause` keeps what led to it (the Temporal error behind a 409 or 503), for the log only.
 */
export abstract class ApiError extends Error {
  abstract readonly status: number;
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: ErrorDetail[],
    options?: ErrorOptions,
  ) {
    super(message, options);
    this.name = new.target.name;
  }
}

/** Thrown when a request body, path or query fails validation: 400 naming each field. */
export class ValidationError extends ApiError {
  readonly status = 400;
  constructor(details: ErrorDetail[], options?: ErrorOptions) {
    super(ErrorCode.InvalidRequest, details.map((detail) => `${detail.field}: ${detail.message}`).join('; '), details, options);
  }
}

/** Thrown when a request carries no API key, or one syncd does not know: 401. */
export class UnauthorizedError extends ApiError {
  readonly status = 401;
  constructor(message: string) {
    super(ErrorCode.Unauthorized, message);
  }
}

/** Thrown when a read-only API key asks for a change: 403. */
export class ForbiddenError extends ApiError {
  readonly status = 403;
  constructor(message: string) {
    super(ErrorCode.Forbidden, message);
  }
}

/** Thrown when a request that changes something is not declared as JSON: 415. */
export class UnsupportedMediaTypeError extends ApiError {
  readonly status = 415;
  constructor(message: string) {
    super(ErrorCode.UnsupportedMediaType, message);
  }
}

/** Thrown when the sync (or route) does not exist: 404. */
export class NotFoundError extends ApiError {
  readonly status = 404;
  constructor(message: string) {
    super(ErrorCode.NotFound, message);
  }
}

/** Thrown when the sync's state forbids the action, such as resuming a cancelled sync: 409. */
export class ConflictError extends ApiError {
  readonly status = 409;
  constructor(code: ErrorCode, message: string, options?: ErrorOptions) {
    super(code, message, undefined, options);
  }
}

/** Thrown when Temporal (or a worker) cannot be reached in time: 503, safe to retry. */
export class UnavailableError extends ApiError {
  readonly status = 503;
  constructor(message: string, options?: ErrorOptions) {
    super(ErrorCode.TemporalUnavailable, message, undefined, options);
  }
}
