import { Router } from 'express';
import { z } from 'zod';
import {
  listSyncsQuerySchema,
  pageQuerySchema,
  recordsQuerySchema,
  resyncSchema,
  syncActionSchema,
  syncIdSchema,
} from '../contracts/api.js';
import { frequencyProblem } from '../contracts/schedule.js';
import { createSyncSchema, givenFields, updateSyncSchema } from '../contracts/sync-definition.js';
import { ValidationError } from './errors.js';
import { rejectMaskedValues } from './kept-secrets.js';
import type { SyncService } from './sync-service.js';
import { validate } from './validate.js';

const noBody = z.union([z.undefined(), z.strictObject({})]);

export interface RouterLimits {
  /** The shortest interval a sync may run at (SYNCD_MIN_FREQUENCY_SECONDS). */
  minFrequencySeconds: number;
}

/** The schema checks the frequency's words and maximum; the configured minimum is checked here. */
function checkMinimumFrequency(frequency: string | undefined, limits: RouterLimits): void {
  const problem = frequency === undefined ? null : frequencyProblem(frequency, limits.minFrequencySeconds);
  if (problem !== null) throw new ValidationError([{ field: 'frequency', message: problem }]);
}

/** Routes only parse, call the service and hand errors on. */
export function syncsRouter(service: SyncService, limits: RouterLimits): Router {
  const router = Router();

  router.post('/', async (req, res) => {
    const body = validate(createSyncSchema, req.body);
    checkMinimumFrequency(body.frequency, limits);
    rejectMaskedValues(body);
    res.status(201).json(await service.create(body));
  });

  router.get('/', async (req, res) => {
    res.json(await service.list(validate(listSyncsQuerySchema, req.query, 'query')));
  });

  // The seed contract: PUT /v1/syncs {"action": "pause", "sync_id": 123}.
  router.put('/', async (req, res) => {
    const { action, sync_id } = validate(syncActionSchema, req.body);
    res.json(await service.act(sync_id, action));
  });

  router.get('/:id', async (req, res) => {
    res.json(await service.get(validate(syncIdSchema, req.params.id, 'sync_id')));
  });

  router.patch('/:id', async (req, res) => {
    const syncId = validate(syncIdSchema, req.params.id, 'sync_id');
    const patch = givenFields(validate(updateSyncSchema, req.body), req.body as object);
    if (Object.keys(patch).length === 0) throw new ValidationError([{ field: '(body)', message: 'give at least one field to change' }]);
    checkMinimumFrequency(patch.frequency, limits);
    res.json(await service.update(syncId, patch));
  });

  router.post('/:id/resync', async (req, res) => {
    const syncId = validate(syncIdSchema, req.params.id, 'sync_id');
    res.json(await service.resync(syncId, validate(resyncSchema, req.body ?? {})));
  });

  router.post('/:id/:action', async (req, res) => {
    const syncId = validate(syncIdSchema, req.params.id, 'sync_id');
    const action = validate(syncActionSchema.shape.action, req.params.action, 'action');
    validate(noBody, req.body);
    res.json(await service.act(syncId, action));
  });

  router.get('/:id/jobs', async (req, res) => {
    const syncId = validate(syncIdSchema, req.params.id, 'sync_id');
    res.json(await service.jobs(syncId, validate(pageQuerySchema, req.query, 'query')));
  });

  router.get('/:id/records', async (req, res) => {
    const syncId = validate(syncIdSchema, req.params.id, 'sync_id');
    res.json(await service.records(syncId, validate(recordsQuerySchema, req.query, 'query')));
  });

  return router;
}
