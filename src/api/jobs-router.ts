import { Router } from 'express';
import { allJobsQuerySchema } from '../contracts/api.js';
import type { SyncService } from './sync-service.js';
import { validate } from './validate.js';

/** `GET /v1/jobs`: job history across syncs ("what failed in the last hour?"). */
export function jobsRouter(service: SyncService): Router {
  const router = Router();
  router.get('/', async (req, res) => {
    res.json(await service.allJobs(validate(allJobsQuerySchema, req.query, 'query')));
  });
  return router;
}
