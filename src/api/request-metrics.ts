import type { Request, RequestHandler } from 'express';
import { type ApiMetrics, secondsSince } from '../metrics/metrics.js';

/** The label of requests no route answered: static dashboard files, 404s, and refusals before routing. */
export const NO_ROUTE = '(none)';

/**
 * Follows which route Express dispatches the request to, and the mount path it had then: the
 * router restores `req.baseUrl` when an error leaves it, so reading both at the end would label a
 * failed `GET /v1/syncs/:id` as `/:id`.
 */
function trackRoute(req: Request): () => string {
  let pattern = NO_ROUTE;
  let route: unknown = req.route;
  Object.defineProperty(req, 'route', {
    configurable: true,
    enumerable: true,
    get: () => route,
    set(value: unknown) {
      route = value;
      const path = (value as { path?: unknown } | undefined)?.path;
      if (typeof path === 'string') pattern = routePattern(req.baseUrl, path);
    },
  });
  return () => pattern;
}

/** `/v1/syncs` + `/` is `/v1/syncs`; `/v1/syncs` + `/:id` is `/v1/syncs/:id`. */
export function routePattern(baseUrl: string, path: string): string {
  const joined = `${baseUrl}${path}`;
  return joined.length > 1 && joined.endsWith('/') ? joined.slice(0, -1) : joined || '/';
}

/**
 * Counts and times every answered request by method, route pattern and status. Labels are the
 * route's pattern, never the raw path, so ids in paths cannot grow the number of series.
 */
export function requestMetrics(metrics: ApiMetrics): RequestHandler {
  return (req, res, next) => {
    const startedAt = performance.now();
    const routeOf = trackRoute(req);
    res.once('finish', () => {
      metrics.apiRequest({ method: req.method, route: routeOf(), status: res.statusCode }, secondsSince(startedAt));
    });
    next();
  };
}
