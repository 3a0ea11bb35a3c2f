import type { Logger } from '@temporalio/common';
import type { ErrorRequestHandler, Request, RequestHandler } from 'express';
import { type ErrorBody, ErrorCode } from '../contracts/errors.js';
import { isStorageUnavailable } from '../storage/storage-unavailable.js';
import { ApiError, NotFoundError } from './errors.js';

/** body-parser's errors carry the status they deserve (400 malformed JSON, 413 too large). */
function isClientHttpError(error: unknown): error is Error & { status: number } {
  if (!(error instanceof Error) || !('status' in error)) return false;
  return typeof error.status === 'number' && error.status >= 400 && error.status < 500;
}

/** What a log line needs to find the request again: method, path (no query, which may hold filters), request id. */
function requestOf(req: Request): { method: string; path: string; requestId?: string } {
  const requestId = req.get('x-request-id');
  return { method: req.method, path: req.originalUrl.split('?')[0]!, ...(requestId ? { requestId } : {}) };
}

export const notFoundRoute: RequestHandler = (req, _res, next) => {
  next(new NotFoundError(`no route for ${req.method} ${req.path}`));
};

/**
 * The one place that turns errors into HTTP answers. What caused an answer (the Temporal error
 * behind a 409 or 503, the driver error of a database that went away) is logged with the request,
 * never sent to the client.
 */
export function errorMiddleware(logger: Logger): ErrorRequestHandler {
  return (error: unknown, req, res, _next) => {
    let status: number;
    let body: ErrorBody;
    if (error instanceof ApiError) {
      status = error.status;
      body = { error: { code: error.code, message: error.message, ...(error.details ? { details: error.details } : {}) } };
      if (error.cause !== undefined) {
        // Temporal down is an operator's problem; a conflict with the workflow is routine.
        const level = status >= 500 ? 'WARN' : 'INFO';
        logger.log(level, `answered ${status} ${error.code}: ${error.message}`, { ...requestOf(req), error: error.cause });
      }
    } else if (isClientHttpError(error)) {
      status = error.status;
      body = {
        error: {
          code: ErrorCode.InvalidRequest,
          message: `request body: ${error.message}`,
          details: [{ field: '(body)', message: error.message }],
        },
      };
    } else if (isStorageUnavailable(error)) {
      // The database is down or unreachable: an operator's problem, and the client may retry.
      logger.warn('answered 503 storage_unavailable: the database could not be reached', { ...requestOf(req), error });
      status = 503;
      body = { error: { code: ErrorCode.StorageUnavailable, message: 'the database could not be reached; try again later' } };
    } else {
      logger.error('unexpected error while answering a request', { ...requestOf(req), error });
      status = 500;
      body = { error: { code: ErrorCode.Internal, message: 'internal error; see the server log' } };
    }
    res.status(status).json(body);
  };
}
