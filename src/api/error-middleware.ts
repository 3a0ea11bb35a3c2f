import type { ErrorRequestHandler, RequestHandler } from 'express';
import { ErrorCode, type ErrorBody } from '../contracts/errors.js';
import { ApiError, NotFoundError } from './errors.js';

/** body-parser's errors carry the status they deserve (400 malformed JSON, 413 too large). */
function isClientHttpError(error: unknown): error is Error & { status: number } {
  if (!(error instanceof Error) || !('status' in error)) return false;
  return typeof error.status === 'number' && error.status >= 400 && error.status < 500;
}

export const notFoundRoute: RequestHandler = (req, _res, next) => {
  next(new NotFoundError(`no route for ${req.method} ${req.path}`));
};

/** The one place that turns errors into HTTP answers. */
export function errorMiddleware(log: (message: string, error: unknown) => void): ErrorRequestHandler {
  return (error: unknown, _req, res, _next) => {
    let status: number;
    let body: ErrorBody;
    if (error instanceof ApiError) {
      status = error.status;
      body = { error: { code: error.code, message: error.message, ...(error.details ? { details: error.details } : {}) } };
    } else if (isClientHttpError(error)) {
      status = error.status;
      body = { error: { code: ErrorCode.InvalidRequest, message: `request body: ${error.message}`, details: [{ field: '(body)', message: error.message }] } };
    } else {
      log('unexpected error while answering a request', error);
      status = 500;
      body = { error: { code: ErrorCode.Internal, message: 'internal error; see the server log' } };
    }
    res.status(status).json(body);
  };
}
