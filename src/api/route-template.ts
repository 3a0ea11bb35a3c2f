import type { Request } from 'express';

const templates = new WeakMap<Request, () => string | undefined>();

/** `/v1/syncs` + `/` is `/v1/syncs`; `/v1/syncs` + `/:id` is `/v1/syncs/:id`. */
export function routePattern(baseUrl: string, path: string): string {
  const joined = `${baseUrl}${path}`;
  return joined.length > 1 && joined.endsWith('/') ? joined.slice(0, -1) : joined || '/';
}

/**
 * The template of the route Express dispatched `req` to (`/v1/syncs/:id`, never the id), or
 * undefined while none has matched. The base is only known when the route matches: a router that
 * hands an error on restores `baseUrl` to its parent's before the error middleware runs. One
 * watcher per request, shared by the access log and the metrics: a second would hide the first.
 */
export function routeTemplateOf(req: Request): () => string | undefined {
  const known = templates.get(req);
  if (known) return known;
  let route: unknown = req.route;
  let template: string | undefined;
  Object.defineProperty(req, 'route', {
    configurable: true,
    enumerable: true,
    get: () => route,
    set(value: unknown) {
      route = value;
      const path = (value as { path?: unknown } | undefined)?.path;
      if (typeof path === 'string') template = routePattern(req.baseUrl, path);
    },
  });
  const read = () => template;
  templates.set(req, read);
  return read;
}
