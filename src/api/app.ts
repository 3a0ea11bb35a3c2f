import express, { type Express } from 'express';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { errorMiddleware, notFoundRoute } from './error-middleware.js';
import { SyncService, type SyncServiceDeps } from './sync-service.js';
import { syncsRouter } from './syncs-router.js';

export interface AppDeps extends SyncServiceDeps {
  log: (message: string, error: unknown) => void;
}

const dashboardDir = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'dashboard');

/** The REST API and dashboard as an Express app that does not listen yet. */
export function createApp(deps: AppDeps): Express {
  const app = express();
  app.disable('x-powered-by');
  app.use(express.json({ limit: '1mb' }));
  app.get('/healthz', (_req, res) => {
    res.json({ ok: true });
  });
  app.use('/v1/syncs', syncsRouter(new SyncService(deps)));
  app.use(express.static(dashboardDir));
  app.use(notFoundRoute);
  app.use(errorMiddleware(deps.log));
  return app;
}
