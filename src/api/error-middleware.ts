import type { Logger } from '@temporalio/common';
import type { ErrorRequestHandler, Request, RequestHandler } from 'express';
import type { ErrorBody } from '../contracts/errors.js';
import { errorAnswer } from './error-answer.js';
import { NotFoundError } from './errors.js';
import { requestIdOf } from './request-log.js';
import { syncIdOf } from './request-sync.js';

/** What a log line needs to find the request again: method, path (no query, which may hold filters), request id, and its sync. */
export function requestOf(req: Request): { method: string; path: string; request_id?: string; sync_id?: number } {
  const requestId = requestIdOf(req);
  const syncId = syncIdOf(req);
  return {
    method: req.method,
    path: req.originalUrl.split('?')[0]!,
    ...(requestId ? { request_id: requestId } : {}),
    ...(syncId === undefined ? {} : { sync_id: syncId }),
  };
}

export const notFoundRoute: RequestHandler = (req, _res, next) => {
  next(new NotFoundError(`no route for ${req.method} ${req.path}`));
};

/** The one place that turns errors into HTTP answers (error-answer.ts), logging their causes with the request. */
export function errorMiddleware(logger: Logger): ErrorRequestHandler {
  return (error: unknown, req, res, _next) => {
    const answer = errorAnswer(error);
    if (answer.log) logger.log(answer.log.level, answer.log.message, { ...requestOf(req), error: answer.log.error });
    const body: ErrorBody = { error: answer.error };
    res.status(answer.status).json(body);
  };
}
