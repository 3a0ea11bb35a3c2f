import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Client } from '@temporalio/client';
import type { Logger } from '@temporalio/common';
import express, { type Express } from 'express';
import type { ApiAccess } from '../config/api-access.js';
import type { ApiMetrics } from '../metrics/metrics.js';
import { errorMiddleware, notFoundRoute } from './error-middleware.js';
import { jobsRouter } from './jobs-router.js';
import { checkJsonShape } from './json-shape.js';
import { metricsRouter } from './metrics-router.js';
import { apiDocsRouter } from './openapi/docs-router.js';
import { readyzRoute } from './readiness.js';
import { requestGuards } from './request-guards.js';
import { requestLog } from './request-log.js';
import { requestMetrics } from './request-metrics.js';
import { SyncService, type SyncServiceDeps } from './sync-service.js';
import { type RouterDeps, syncsRouter } from './syncs-router.js';

export interface AppDeps extends SyncServiceDeps, RouterDeps {
  /** Where unexpected errors, and the causes of 409 and 503 answers, are logged. */
  logger: Logger;
  /** Bind address, API keys and allowed Host names: what request-guards.ts enforces. */
  access: ApiAccess;
  /** This process's API metrics, served at GET /metrics. */
  metrics: ApiMetrics;
  /** Temporal without the client's retries, for /readyz: a retry must not outlive its answer (see readiness.ts). */
  probeClient: Client;
}

/** Bodies larger than this answer 413. */
export const MAX_BODY_BYTES = '1mb';

const dashboardDir = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'dashboard');

/** The REST API and dashboard as an Express app that does not listen yet. */
export function createApp(deps: AppDeps): Express {
  const app = express();
  app.disable('x-powered-by');
  app.use(requestLog(deps.logger));
  app.use(requestMetrics(deps.metrics));
  app.use(requestGuards(deps.access, dashboardDir));
  app.use(express.json({ limit: MAX_BODY_BYTES }));
  // Before any route validates: too deep a body would overflow the stack in validation.
  app.use((req, _res, next) => {
    checkJsonShape(req.body);
    next();
  });
  app.get('/healthz', (_req, res) => {
    res.json({ ok: true });
  });
  app.use(apiDocsRouter());
  app.get('/readyz', readyzRoute({ ...deps, client: deps.probeClient }));
  const service = new SyncService(deps);
  app.use('/v1/syncs', syncsRouter(service, deps));
  app.use('/v1/jobs', jobsRouter(service));
  app.use(metricsRouter(deps.metrics.registry));
  app.use(express.static(dashboardDir));
  app.use(notFoundRoute);
  app.use(errorMiddleware(deps.logger));
  return app;
}
