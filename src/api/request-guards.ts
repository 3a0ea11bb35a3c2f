import { readdirSync } from 'node:fs';
import { type Request, type RequestHandler, Router } from 'express';
import { type ApiAccess, isLoopbackHost } from '../config/api-access.js';
import { apiKeyCheck } from './api-keys.js';
import { hostCheck } from './host-check.js';
import { jsonOnly } from './json-only.js';
import { securityHeaders } from './security-headers.js';

/** Paths that hold no data, so they answer GET without a key: health, the API description and its docs. */
const OPEN_PATHS = new Set(['/healthz', '/readyz', '/openapi.json', '/docs']);

/** Whether a request may go without an API key: a GET or HEAD of an open path, of /docs/*, or of a dashboard file. */
export function openRoute(dashboardDir: string): (req: Request) => boolean {
  const dashboardPaths = new Set(['/', ...readdirSync(dashboardDir).map((file) => `/${file}`)]);
  return (req) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') return false;
    return OPEN_PATHS.has(req.path) || req.path.startsWith('/docs/') || dashboardPaths.has(req.path);
  };
}

/**
 * What every request passes before any route: security headers on the answer, the Host check
 * while the API listens on loopback, the API key once keys are configured, and JSON on changes.
 * Each refusal answers before the body is read, so a refused request changes nothing.
 */
export function requestGuards(access: ApiAccess, dashboardDir: string): Router {
  const guards: RequestHandler[] = [securityHeaders];
  if (isLoopbackHost(access.host)) guards.push(hostCheck(access.publicHosts));
  guards.push(apiKeyCheck(access, openRoute(dashboardDir)), jsonOnly);
  return Router().use(guards);
}
