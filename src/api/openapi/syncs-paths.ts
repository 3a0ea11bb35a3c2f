// The /v1/syncs routes of src/api/syncs-router.ts as OpenAPI operations, from the same zod schemas
// the router validates with; what they answer is described by src/contracts/responses.ts.
import { z } from 'zod';
import type { ZodOpenApiOperationObject, ZodOpenApiPathsObject, ZodOpenApiResponseObject } from 'zod-openapi';
import {
  bulkActionSchema,
  jobsQuerySchema,
  listSyncsQuerySchema,
  pageQuerySchema,
  recordsQuerySchema,
  resyncSchema,
  syncActionSchema,
  syncIdSchema,
} from '../../contracts/api.js';
import {
  bulkActionResponseSchema,
  jobPageSchema,
  pageSchema,
  syncEventSchema,
  syncedRecordSchema,
  syncViewSchema,
} from '../../contracts/responses.js';
import type { SyncAction } from '../../contracts/sync.js';
import { createSyncSchema, updateSyncSchema } from '../../contracts/sync-definition.js';
import { errorResponses } from './error-responses.js';
import { createSyncExample, jobExample, recordExample, syncEventExample, syncExample } from './examples.js';

export const idParam = z.object({
  id: syncIdSchema.meta({
    description: 'The sync id: decimal digits without sign or leading zero, at most 9007199254740991 (else 400).',
    example: '42',
  }),
});

/** What each action does, for the single routes and the PUT forms alike. */
const ACTIONS: Record<SyncAction, string> = {
  pause: 'Pauses the schedule; a running job finishes. Pausing a paused sync changes nothing.',
  resume: 'Resumes the schedule and starts a job at once. Resuming an active sync changes nothing.',
  cancel:
    'Stops the sync for good: its schedule is deleted, a running job is cancelled, records are kept. Cancelling a cancelled sync answers 200.',
  trigger: 'Starts a job now, besides the schedule.',
};

/** A JSON body: the schema, and named examples. */
export function json(schema: z.ZodType, examples: Record<string, unknown>) {
  return {
    'application/json': { schema, examples: Object.fromEntries(Object.entries(examples).map(([name, value]) => [name, { value }])) },
  };
}

function syncAnswer(description: string): ZodOpenApiResponseObject {
  return { description, content: json(syncViewSchema, { sync: syncExample }) };
}

/** Links from an answer holding a sync to the operations on that sync, so a stateful client (and schemathesis) can follow them. */
const SYNC_LINKS = Object.fromEntries(
  [
    'getSync',
    'updateSync',
    'listJobs',
    'listRecords',
    'listSyncEvents',
    'getSyncState',
    'setSyncState',
    'clearSyncState',
    'resyncSync',
    ...Object.keys(ACTIONS).map((action) => `${action}Sync`),
  ].map((operationId) => [operationId, { operationId, parameters: { id: '$response.body#/sync_id' } }]),
);

const WRITE_ERRORS = [400, 401, 403, 404, 409, 413, 415, 503] as const;

function actionOperation(action: SyncAction): ZodOpenApiOperationObject {
  return {
    operationId: `${action}Sync`,
    tags: ['Syncs'],
    summary: `${action[0]!.toUpperCase()}${action.slice(1)} a sync`,
    description: `${ACTIONS[action]} The same as \`PUT /v1/syncs\` with \`{"action": "${action}", "sync_id": ...}\`.`,
    requestParams: { path: idParam },
    requestBody: { required: false, description: 'No body, or `{}`.', content: json(z.strictObject({}), { empty: {} }) },
    responses: { 200: syncAnswer('The sync afterwards.'), ...errorResponses(...WRITE_ERRORS) },
  };
}

export const syncsPaths: ZodOpenApiPathsObject = {
  '/v1/syncs': {
    post: {
      operationId: 'createSync',
      tags: ['Syncs'],
      summary: 'Create a sync',
      description:
        'Stores the sync, starts its schedule and, unless `paused`, its first job at once. `frequency` ("30 seconds", "every 2 hours", default "1 hour") or `cron` (5 fields, with `timezone`) sets when it runs; the shortest interval is SYNCD_MIN_FREQUENCY_SECONDS. Auth secrets are encrypted at rest and shown as "***".',
      requestBody: { required: true, content: json(createSyncSchema, { customers: createSyncExample }) },
      responses: {
        201: { ...syncAnswer('The sync as stored.'), links: SYNC_LINKS },
        ...errorResponses(400, 401, 403, 413, 415, 503),
      },
    },
    get: {
      operationId: 'listSyncs',
      tags: ['Syncs'],
      summary: 'List syncs',
      description: 'Oldest first, a page at a time. Next runs come from the database, so a list never waits for Temporal.',
      requestParams: { query: listSyncsQuerySchema },
      responses: {
        200: {
          description: 'A page of syncs.',
          content: json(pageSchema(syncViewSchema, 'SyncPage'), { page: { data: [syncExample], next_cursor: null } }),
        },
        ...errorResponses(400, 401, 503),
      },
    },
    put: {
      operationId: 'actOnSyncs',
      tags: ['Syncs'],
      summary: 'Pause, resume, cancel or trigger one sync or many',
      description:
        'Give `sync_id`, or exactly one of `sync_ids` and `filter` (else 400). With `sync_id`: one sync, answered with the sync (errors as the single routes answer them). With `sync_ids` (at most SYNCD_BULK_MAX_SYNCS) or `filter` (by status and exact metadata values): many syncs, each acted on as the single form would; one sync failing is its own entry in `results` and never stops the others.',
      requestBody: {
        required: true,
        content: json(z.union([syncActionSchema, bulkActionSchema]), {
          one: { action: 'pause', sync_id: 42 },
          many: { action: 'pause', sync_ids: [42, 43] },
          filter: { action: 'trigger', filter: { status: 'active', metadata: { tenant: 'acme' } } },
        }),
      },
      responses: {
        200: {
          description: "The sync afterwards (one sync), or each selected sync's outcome (many).",
          content: json(z.union([syncViewSchema, bulkActionResponseSchema]), {
            one: syncExample,
            many: {
              results: [
                { sync_id: 42, status: 'paused' },
                {
                  sync_id: 43,
                  status: 'cancelled',
                  error: { code: 'sync_cancelled', message: 'sync 43 is cancelled and cannot pause; a cancelled sync can never run again' },
                },
              ],
            },
          }),
        },
        ...errorResponses(...WRITE_ERRORS),
      },
    },
  },
  '/v1/syncs/{id}': {
    get: {
      operationId: 'getSync',
      tags: ['Syncs'],
      summary: 'Get a sync',
      description:
        'With its next run as Temporal says it (or the stored one, marked `next_run_at_stale`, when Temporal does not answer in time) and its latest job.',
      requestParams: { path: idParam },
      responses: { 200: syncAnswer('The sync.'), ...errorResponses(400, 401, 404, 503) },
    },
    patch: {
      operationId: 'updateSync',
      tags: ['Syncs'],
      summary: 'Change a sync',
      description:
        'Any fields of the create body but `paused`; `null` clears an optional field, `"***"` keeps a stored secret. The result is validated as a whole. A running job finishes with the definition it started with.',
      requestParams: { path: idParam },
      requestBody: {
        required: true,
        content: json(updateSyncSchema, { frequency: { frequency: '15 minutes' }, clearWebhook: { webhook_url: null } }),
      },
      responses: { 200: syncAnswer('The sync afterwards.'), ...errorResponses(...WRITE_ERRORS) },
    },
  },
  '/v1/syncs/{id}/resync': {
    post: {
      operationId: 'resyncSync',
      tags: ['Syncs'],
      summary: 'Run a full job from scratch',
      description: "A full job now, from scratch (no incremental cursor); with `clear_records` the sync's records are emptied first.",
      requestParams: { path: idParam },
      requestBody: { required: false, content: json(resyncSchema, { keep: {}, clear: { clear_records: true } }) },
      responses: { 200: syncAnswer('The sync; the job has started.'), ...errorResponses(...WRITE_ERRORS) },
    },
  },
  ...Object.fromEntries(
    (Object.keys(ACTIONS) as SyncAction[]).map((action) => [`/v1/syncs/{id}/${action}`, { post: actionOperation(action) }]),
  ),
  '/v1/syncs/{id}/jobs': {
    get: {
      operationId: 'listJobs',
      tags: ['Syncs'],
      summary: "List a sync's jobs",
      description:
        'Newest first, a page at a time. `status`, `trigger`, `started_after` and `started_before` (ISO 8601 times with an offset, exclusive; after must be earlier than before) narrow the list; every given filter must match.',
      requestParams: { path: idParam, query: jobsQuerySchema },
      responses: {
        200: {
          description: 'A page of jobs.',
          content: json(jobPageSchema, { page: { data: [jobExample], next_cursor: 'aWQ6Nw' } }),
        },
        ...errorResponses(400, 401, 404, 503),
      },
    },
  },
  '/v1/syncs/{id}/events': {
    get: {
      operationId: 'listSyncEvents',
      tags: ['Syncs'],
      summary: "List a sync's audit trail",
      description:
        "Every control action on the sync (create, patch, pause, resume, trigger, resync, cancel, state change, auto-pause): when, what, who (the API key's name, `anonymous`, `operator` for changes through Temporal directly, `policy` for an auto-pause) and the request id. Newest first, a page at a time.",
      requestParams: { path: idParam, query: pageQuerySchema },
      responses: {
        200: {
          description: 'A page of events.',
          content: json(pageSchema(syncEventSchema, 'SyncEventPage'), { page: { data: [syncEventExample], next_cursor: null } }),
        },
        ...errorResponses(400, 401, 404, 503),
      },
    },
  },
  '/v1/syncs/{id}/records': {
    get: {
      operationId: 'listRecords',
      tags: ['Syncs'],
      summary: "List a sync's records",
      description:
        'Live records by default; `filter=updated` lists those changed since their creation, `filter=deleted` the soft-deleted ones, and `modified_after` those whose change came after a time. A page also stops before it would pass SYNCD_MAX_RESPONSE_BYTES (at least one record).',
      requestParams: { path: idParam, query: recordsQuerySchema },
      responses: {
        200: {
          description: 'A page of records.',
          content: json(pageSchema(syncedRecordSchema, 'RecordPage'), { page: { data: [recordExample], next_cursor: null } }),
        },
        ...errorResponses(400, 401, 404, 503),
      },
    },
  },
};
