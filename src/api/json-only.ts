import type { RequestHandler } from 'express';
import { UnsupportedMediaTypeError } from './errors.js';

const CHANGING_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/** Whether a Content-Type header declares JSON (`application/json`, with or without parameters such as charset). */
export function isJsonContentType(header: string | undefined): boolean {
  return header?.split(';')[0]?.trim().toLowerCase() === 'application/json';
}

/**
 * A request that changes something must say it is JSON, body or not. A web page can send a form or
 * text/plain to any address without asking first, but not JSON: so no other site can make a
 * browser change a sync.
 */
export const jsonOnly: RequestHandler = (req, _res, next) => {
  if (!CHANGING_METHODS.has(req.method) || isJsonContentType(req.get('content-type'))) return next();
  next(new UnsupportedMediaTypeError(`${req.method} requests must be sent with "Content-Type: application/json"`));
};
