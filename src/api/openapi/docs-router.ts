import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Router } from 'express';
import swaggerUiDist from 'swagger-ui-dist';
import { buildOpenApiDocument } from './document.js';
import type { OpenApiDocument } from './json-value-component.js';

const pageDir = path.join(path.dirname(fileURLToPath(import.meta.url)), 'docs-page');
const swaggerUiDir = swaggerUiDist.getAbsoluteFSPath();

/** What /docs serves: its own page and init script, and only the Swagger UI files that page loads. */
const FILES: Record<string, string> = {
  'docs-init.js': path.join(pageDir, 'docs-init.js'),
  'swagger-ui.css': path.join(swaggerUiDir, 'swagger-ui.css'),
  'swagger-ui-bundle.js': path.join(swaggerUiDir, 'swagger-ui-bundle.js'),
  'favicon-32x32.png': path.join(swaggerUiDir, 'favicon-32x32.png'),
};

// The CSP, X-Frame-Options and nosniff come from securityHeaders (request-guards.ts), as on every
// answer: Swagger UI sets its styles through the DOM, which style-src 'self' allows (checked in
// Chromium with every operation and schema expanded: no violation).

/** GET /openapi.json (built on first request, then kept) and the Swagger UI docs at /docs, served from swagger-ui-dist, no CDN. */
export function apiDocsRouter(): Router {
  const router = Router();
  let document: OpenApiDocument | undefined;
  router.get('/openapi.json', (_req, res) => {
    document ??= buildOpenApiDocument();
    res.json(document);
  });
  router.get('/docs', (_req, res) => {
    res.sendFile(path.join(pageDir, 'index.html'));
  });
  // The page's assets: static files like the dashboard's, so middleware rather than API routes.
  router.use('/docs', (req, res, next) => {
    const name = req.path.slice(1);
    // Own keys only: "constructor" must not find Object's.
    if ((req.method !== 'GET' && req.method !== 'HEAD') || !Object.hasOwn(FILES, name)) {
      next();
      return;
    }
    res.sendFile(FILES[name]!);
  });
  return router;
}
