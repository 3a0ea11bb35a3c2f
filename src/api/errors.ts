import { ErrorCode, type ErrorDetail } from '../contracts/errors.js';

/** Base of every error the API answers on purpose; the error middleware maps each to its status. */
export abstract class ApiError extends Error {
  abstract readonly status: number;
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: ErrorDetail[],
  ) {
    super(message);
  }
}

/** Thrown when a request body, path or query fails validation: 400 naming each field. */
export class ValidationError extends ApiError {
  readonly status = 400;
  constructor(details: ErrorDetail[]) {
    super(ErrorCode.InvalidRequest, details.map((detail) => `${detail.field}: ${detail.message}`).join('; '), details);
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
}

/** Thrown when Temporal (or a worker) cannot be reached in time: 503, safe to retry. */
export class UnavailableError extends ApiError {
  readonly status = 503;
  constructor(message: string) {
    super(ErrorCode.TemporalUnavailable, message);
  }
}
