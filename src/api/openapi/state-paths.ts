// The /v1/syncs/:id/state routes of src/api/syncs-router.ts (the incremental cursor) as OpenAPI
// operations, from the schemas the router validates with and src/contracts/responses.ts.
import { z } from 'zod';
import type { ZodOpenApiPathsObject } from 'zod-openapi';
import { setCursorSchema } from '../../contracts/api.js';
import type { CursorState } from '../../contracts/cursor-state.js';
import { cursorStateSchema } from '../../contracts/responses.js';
import { errorResponses } from './error-responses.js';
import { idParam, json } from './syncs-paths.js';

const setByJob: CursorState = {
  sync_id: 42,
  cursor: '2026-01-31T11:58:02Z',
  set_at: '2026-01-31T12:00:04.512Z',
  set_by_job_id: 7,
  source: 'job',
};
const setByApi: CursorState = {
  sync_id: 42,
  cursor: '2026-01-29T00:00:00Z',
  set_at: '2026-01-31T12:05:00.000Z',
  set_by_job_id: null,
  source: 'api',
};
const cleared: CursorState = { sync_id: 42, cursor: null, set_at: '2026-01-31T12:06:00.000Z', set_by_job_id: null, source: 'api' };

const CHANGE_RULES =
  'Only while no job of the sync runs (409 `job_running`: pause the sync, wait for its job to end, then change the cursor); 409 `sync_cancelled` for a cancelled sync.';

export const statePaths: ZodOpenApiPathsObject = {
  '/v1/syncs/{id}/state': {
    get: {
      operationId: 'getSyncState',
      tags: ['Syncs'],
      summary: "Get a sync's incremental cursor",
      description:
        'The cursor the next incremental job starts from (it sends it minus `incremental.lookback_seconds` or `incremental.lookback`), when it was set, and by which job or by this API.',
      requestParams: { path: idParam },
      responses: {
        200: { description: 'The cursor state.', content: json(cursorStateSchema, { byJob: setByJob, byApi: setByApi }) },
        ...errorResponses(400, 401, 404, 503),
      },
    },
    put: {
      operationId: 'setSyncState',
      tags: ['Syncs'],
      summary: "Set a sync's incremental cursor",
      description: `Rewinds (or advances) the cursor the next job starts from. The sync must be incremental, and with a lookback the cursor must be of its kind: an ISO 8601 time for \`lookback_seconds\`, a number for \`lookback\` (else 400 naming \`cursor\`). ${CHANGE_RULES}`,
      requestParams: { path: idParam },
      requestBody: {
        required: true,
        content: json(setCursorSchema, { time: { cursor: '2026-01-29T00:00:00Z' }, number: { cursor: 1700000000 } }),
      },
      responses: {
        200: { description: 'The cursor state afterwards.', content: json(cursorStateSchema, { set: setByApi }) },
        ...errorResponses(400, 401, 403, 404, 409, 413, 415, 503),
      },
    },
    delete: {
      operationId: 'clearSyncState',
      tags: ['Syncs'],
      summary: "Clear a sync's incremental cursor",
      description: `The next job is then full: it fetches everything (and detects deletes). ${CHANGE_RULES}`,
      requestParams: { path: idParam },
      requestBody: { required: false, description: 'No body, or `{}`.', content: json(z.strictObject({}), { empty: {} }) },
      responses: {
        200: { description: 'The cursor state afterwards.', content: json(cursorStateSchema, { cleared }) },
        ...errorResponses(400, 401, 403, 404, 409, 413, 415, 503),
      },
    },
  },
};
