// POST /v1/syncs/preview of src/api/syncs-router.ts as an OpenAPI operation, from the schemas the router validates with.
import type { ZodOpenApiPathsObject } from 'zod-openapi';
import { PREVIEW_MAX_PAGES, PREVIEW_TIME_LIMIT_MS, type PreviewResult } from '../../contracts/preview.js';
import { previewResultSchema } from '../../contracts/responses.js';
import { previewSyncSchema } from '../../contracts/sync-definition.js';
import { errorResponses } from './error-responses.js';
import { createSyncExample } from './examples.js';
import { json } from './syncs-paths.js';

const request = { method: 'GET', url: 'https://api.example.com/v1/customers', params: {} } as const;

const fetched: PreviewResult = {
  ok: true,
  pages: [{ request, http_status: 200, duration_ms: 182, records: 1 }],
  records: [{ key: 'cus_1', data: { id: 'cus_1', name: 'Ada' } }],
  records_truncated: false,
  next_request: { ...request, params: { starting_after: 'cus_1' } },
};

const failed: PreviewResult = {
  ok: false,
  error: {
    class: 'config',
    code: 'http_404',
    message: 'GET https://api.example.com/v1/customers answered 404 Not Found',
    http_status: 404,
  },
  pages: [{ request, http_status: 404, duration_ms: 95, records: 0 }],
};

export const previewPaths: ZodOpenApiPathsObject = {
  '/v1/syncs/preview': {
    post: {
      operationId: 'previewSync',
      tags: ['Syncs'],
      summary: 'Try a sync definition without saving it',
      description: `Validates the body as create does (400 the same way), then fetches the first \`pages\` pages (1 to ${PREVIEW_MAX_PAGES}, default 1) with the real auth, paging and response_path, under the same network policy and page and record limits as a job, and answers the records as they would be stored with their unique keys, each page's HTTP status and duration, and the request for the next page; or, when the external API fails, \`ok: false\` with the error a job would fail with (still a 200). Nothing is stored. Secret values never appear in the answer. A preview answers within ${PREVIEW_TIME_LIMIT_MS / 1000} s; its records stop before SYNCD_MAX_RESPONSE_BYTES.`,
      requestBody: { required: true, content: json(previewSyncSchema, { customers: { ...createSyncExample, pages: 1 } }) },
      responses: {
        200: { description: 'What the external API answered, or why it failed.', content: json(previewResultSchema, { fetched, failed }) },
        ...errorResponses(400, 401, 403, 413, 415, 503),
      },
    },
  },
};
