import type { RequestHandler } from 'express';
import { type ApiMetrics, secondsSince } from '../metrics/metrics.js';
import { routeTemplateOf } from './route-template.js';

/** The label of requests no route answered: static dashboard files, 404s, and refusals before routing. */
export const NO_ROUTE = '(none)';

/**
 * Counts and times every answered request by method, route pattern and status. Labels are the
 * route's pattern, never the raw path, so ids in paths cannot grow the number of series.
 */
export function requestMetrics(metrics: ApiMetrics): RequestHandler {
  return (req, res, next) => {
    const startedAt = performance.now();
    const routeOf = routeTemplateOf(req);
    res.once('finish', () => {
      metrics.apiRequest({ method: req.method, route: routeOf() ?? NO_ROUTE, status: res.statusCode }, secondsSince(startedAt));
    });
    next();
  };
}
