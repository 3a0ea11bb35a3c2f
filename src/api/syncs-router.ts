import type { Logger } from '@temporalio/common';
import { Router } from 'express';
import { z } from 'zod';
import {
  bulkActionSchema,
  jobsQuerySchema,
  listSyncsQuerySchema,
  pageQuerySchema,
  recordsQuerySchema,
  resyncSchema,
  setCursorSchema,
  syncActionSchema,
} from '../contracts/api.js';
import { frequencyProblem } from '../contracts/schedule.js';
import { createSyncSchema, givenFields, previewSyncSchema, toSyncDefinition, updateSyncSchema } from '../contracts/sync-definition.js';
import type { AddressPolicy } from '../network/address-policy.js';
import type { Storage } from '../storage/storage.js';
import { actOnMany, type BulkLimits } from './bulk-actions.js';
import { requestOf } from './error-middleware.js';
import { ValidationError } from './errors.js';
import { rejectMaskedValues } from './kept-secrets.js';
import { checkOutboundUrls } from './outbound-urls.js';
import type { PreviewFetcher } from './preview-fetcher.js';
import { originOf } from './request-origin.js';
import { noteSyncOf, syncIdParam } from './request-sync.js';
import type { SyncService } from './sync-service.js';
import { validate } from './validate.js';

const noBody = z.union([z.undefined(), z.strictObject({})]);

export interface RouterLimits extends BulkLimits {
  /** The shortest interval a sync may run at (SYNCD_MIN_FREQUENCY_SECONDS). */
  minFrequencySeconds: number;
  /** Refuses URLs whose literal address syncd may not connect to (SYNCD_DENY_PRIVATE_NETWORKS, SYNCD_ALLOW_NETWORKS). */
  networkPolicy: AddressPolicy;
}

export interface RouterDeps extends RouterLimits {
  /** Where a bulk action selects syncs by a filter and reads the status of those it failed on. */
  storage: Storage;
  logger: Logger;
  /** Fetches a definition's first pages for POST /v1/syncs/preview, through the API process's outbound client. */
  preview: PreviewFetcher;
}

/** `PUT /v1/syncs` acts on many syncs when the body has `sync_ids` or `filter`; otherwise it is the seed contract's single form. */
function isBulk(body: unknown): body is object {
  return typeof body === 'object' && body !== null && (Object.hasOwn(body, 'sync_ids') || Object.hasOwn(body, 'filter'));
}

/** The schema checks the frequency's words and maximum; the configured minimum is checked here. */
function checkMinimumFrequency(frequency: string | undefined, limits: RouterLimits): void {
  const problem = frequency === undefined ? null : frequencyProblem(frequency, limits.minFrequencySeconds);
  if (problem !== null) throw new ValidationError([{ field: 'frequency', message: problem }]);
}

/** Routes only parse, call the service and hand errors on. */
export function syncsRouter(service: SyncService, deps: RouterDeps): Router {
  const router = Router();
  const limits: RouterLimits = deps;
  const bulk = { service, storage: deps.storage, limits, logger: deps.logger };

  router.post('/', async (req, res) => {
    const body = validate(createSyncSchema, req.body);
    checkMinimumFrequency(body.frequency, limits);
    checkOutboundUrls(body, limits.networkPolicy);
    rejectMaskedValues(body);
    const sync = await service.create(body, originOf(req));
    noteSyncOf(req, sync.sync_id);
    res.status(201).json(sync);
  });

  // A failing external API is an answer (200, ok: false); only a definition create would refuse is a 400.
  router.post('/preview', async (req, res) => {
    const { pages, ...body } = validate(previewSyncSchema, req.body);
    checkMinimumFrequency(body.frequency, limits);
    checkOutboundUrls(body, limits.networkPolicy);
    rejectMaskedValues(body);
    res.json(await deps.preview({ ...toSyncDefinition(body), pages }));
  });

  router.get('/', async (req, res) => {
    res.json(await service.list(validate(listSyncsQuerySchema, req.query, 'query')));
  });

  // The seed contract: PUT /v1/syncs {"action": "pause", "sync_id": 123}; or many syncs at once.
  router.put('/', async (req, res) => {
    if (isBulk(req.body)) {
      if (Object.hasOwn(req.body, 'sync_id')) {
        throw new ValidationError([{ field: 'sync_id', message: 'give sync_id for one sync, or sync_ids or filter for many, not both' }]);
      }
      res.json(await actOnMany({ ...bulk, origin: originOf(req) }, validate(bulkActionSchema, req.body), requestOf(req)));
      return;
    }
    const { action, sync_id } = validate(syncActionSchema, req.body);
    noteSyncOf(req, sync_id);
    res.json(await service.act(sync_id, action, originOf(req)));
  });

  router.get('/:id', async (req, res) => {
    res.json(await service.get(syncIdParam(req)));
  });

  router.patch('/:id', async (req, res) => {
    const syncId = syncIdParam(req);
    const patch = givenFields(validate(updateSyncSchema, req.body), req.body as object);
    if (Object.keys(patch).length === 0) throw new ValidationError([{ field: '(body)', message: 'give at least one field to change' }]);
    checkMinimumFrequency(patch.frequency, limits);
    checkOutboundUrls(patch, limits.networkPolicy);
    res.json(await service.update(syncId, patch, originOf(req)));
  });

  router.post('/:id/resync', async (req, res) => {
    const syncId = syncIdParam(req);
    res.json(await service.resync(syncId, validate(resyncSchema, req.body ?? {}), originOf(req)));
  });

  router.post('/:id/:action', async (req, res) => {
    const syncId = syncIdParam(req);
    const action = validate(syncActionSchema.shape.action, req.params.action, 'action');
    validate(noBody, req.body);
    res.json(await service.act(syncId, action, originOf(req)));
  });

  router.get('/:id/events', async (req, res) => {
    const syncId = syncIdParam(req);
    res.json(await service.events(syncId, validate(pageQuerySchema, req.query, 'query')));
  });

  router.get('/:id/jobs', async (req, res) => {
    const syncId = syncIdParam(req);
    res.json(await service.jobs(syncId, validate(jobsQuerySchema, req.query, 'query')));
  });

  router.get('/:id/records', async (req, res) => {
    const syncId = syncIdParam(req);
    res.json(await service.records(syncId, validate(recordsQuerySchema, req.query, 'query')));
  });

  router.get('/:id/state', async (req, res) => {
    res.json(await service.state(syncIdParam(req)));
  });

  router.put('/:id/state', async (req, res) => {
    const syncId = syncIdParam(req);
    res.json(await service.setState(syncId, validate(setCursorSchema, req.body), originOf(req)));
  });

  router.delete('/:id/state', async (req, res) => {
    const syncId = syncIdParam(req);
    validate(noBody, req.body);
    res.json(await service.clearState(syncId, originOf(req)));
  });

  return router;
}
