import { randomUUID } from 'node:crypto';
import type { Logger } from '@temporalio/common';
import type { Request, RequestHandler } from 'express';
import { syncIdOf } from './request-sync.js';
import { routeTemplateOf } from './route-template.js';

export const REQUEST_ID_HEADER = 'X-Request-Id';
/** Longer ids, or ids with control or non-ASCII characters, are replaced: they would only pollute the log. */
const MAX_REQUEST_ID_LENGTH = 200;
const PRINTABLE_ASCII = /^[\x20-\x7e]+$/;

/** The caller's request id when it is a usable one, otherwise a new UUID. */
export function requestIdFor(header: string | undefined): string {
  return header !== undefined && header.length <= MAX_REQUEST_ID_LENGTH && PRINTABLE_ASCII.test(header) ? header : randomUUID();
}

const requestIds = new WeakMap<Request, string>();

/** The id requestLog gave `req`: every line logged about the request carries it as `request_id`. */
export function requestIdOf(req: Request): string | undefined {
  return requestIds.get(req);
}

/**
 * Gives every request an id (the caller's `X-Request-Id` when usable) for its log lines (see
 * `requestIdOf`), echoes it in the answer, and writes one access line when the answer is done:
 * method, route (the path when no route matched), the sync it was about, status, duration.
 */
export function requestLog(logger: Logger): RequestHandler {
  return (req, res, next) => {
    const started = process.hrtime.bigint();
    const requestId = requestIdFor(req.get(REQUEST_ID_HEADER));
    requestIds.set(req, requestId);
    res.setHeader(REQUEST_ID_HEADER, requestId);
    const routeTemplate = routeTemplateOf(req);
    res.once('close', () => {
      const syncId = syncIdOf(req);
      logger.info('request', {
        request_id: requestId,
        method: req.method,
        route: routeTemplate() ?? req.originalUrl.split('?')[0],
        ...(syncId === undefined ? {} : { sync_id: syncId }),
        status: res.statusCode,
        duration_ms: Number(process.hrtime.bigint() - started) / 1e6,
        // The client went away before the whole answer was sent.
        ...(res.writableFinished ? {} : { aborted: true }),
      });
    });
    next();
  };
}
