// GET /v1/jobs of src/api/jobs-router.ts as an OpenAPI operation, from the schema the router validates with.
import type { ZodOpenApiPathsObject } from 'zod-openapi';
import { allJobsQuerySchema } from '../../contracts/api.js';
import { jobPageSchema } from '../../contracts/responses.js';
import { errorResponses } from './error-responses.js';
import { jobExample } from './examples.js';
import { json } from './syncs-paths.js';

export const jobsPaths: ZodOpenApiPathsObject = {
  '/v1/jobs': {
    get: {
      operationId: 'listAllJobs',
      tags: ['Syncs'],
      summary: 'List jobs across syncs',
      description:
        'The jobs of every sync (or of `sync_id`), newest first, a page at a time: "what failed in the last hour?" is `?status=failed&started_after=...`. `status`, `trigger`, `started_after` and `started_before` (ISO 8601 times with an offset, exclusive; after must be earlier than before) narrow the list; every given filter must match.',
      requestParams: { query: allJobsQuerySchema },
      responses: {
        200: {
          description: 'A page of jobs.',
          content: json(jobPageSchema, { page: { data: [jobExample], next_cursor: 'aWQ6Nw' } }),
        },
        ...errorResponses(400, 401, 503),
      },
    },
  },
};
