import { Router } from 'express';
import type { Registry } from 'prom-client';

/** GET /metrics: the registry in Prometheus's text format. Mounted behind the API's authentication, like every read. */
export function metricsRouter(registry: Registry): Router {
  const router = Router();
  router.get('/metrics', async (_req, res) => {
    res.type(registry.contentType).send(await registry.metrics());
  });
  return router;
}
