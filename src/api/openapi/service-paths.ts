// The routes around the API: health, readiness, metrics, and this description with its docs page.
import { z } from 'zod';
import type { ZodOpenApiPathsObject } from 'zod-openapi';
import { readinessSchema } from '../../contracts/responses.js';
import { errorResponses } from './error-responses.js';

const notReady = {
  ready: false,
  checks: { storage: { ok: true }, temporal: { ok: true }, worker: { ok: false, detail: 'no worker is polling task queue syncd' } },
};

/** Routes that never need an API key: they hold no data. */
const PUBLIC = { security: [] };

/** What every route may answer before it runs: the Host check of an API on loopback (400), an unexpected error (500). */
const GUARD_ERRORS = errorResponses(400);

export const servicePaths: ZodOpenApiPathsObject = {
  '/healthz': {
    get: {
      ...PUBLIC,
      operationId: 'health',
      tags: ['Service'],
      summary: 'Liveness: the process is up',
      responses: {
        200: {
          description: 'The API process answers.',
          content: { 'application/json': { schema: z.strictObject({ ok: z.literal(true) }), example: { ok: true } } },
        },
        ...GUARD_ERRORS,
      },
    },
  },
  '/readyz': {
    get: {
      ...PUBLIC,
      operationId: 'readiness',
      tags: ['Service'],
      summary: 'Readiness: storage and Temporal answer, a worker polls the task queue',
      responses: {
        200: {
          description: 'Ready; each check passed.',
          content: {
            'application/json': {
              schema: readinessSchema,
              example: { ready: true, checks: { storage: { ok: true }, temporal: { ok: true }, worker: { ok: true } } },
            },
          },
        },
        503: {
          description: 'Not ready; the failed checks say why.',
          content: { 'application/json': { schema: readinessSchema, example: notReady } },
        },
        ...GUARD_ERRORS,
      },
    },
  },
  '/metrics': {
    get: {
      operationId: 'metrics',
      tags: ['Service'],
      summary: 'Prometheus metrics',
      description: 'The Prometheus text exposition format; the same API key as reads when keys are configured.',
      responses: {
        200: {
          description: 'Metrics of this API process (workers expose theirs on SYNCD_WORKER_METRICS_PORT).',
          content: {
            'text/plain': {
              schema: z.string(),
              example: '# HELP syncd_syncs Syncs by status.\n# TYPE syncd_syncs gauge\nsyncd_syncs{status="active"} 12\n',
            },
          },
        },
        ...errorResponses(400, 401),
      },
    },
  },
  '/openapi.json': {
    get: {
      ...PUBLIC,
      operationId: 'openApiDocument',
      tags: ['Service'],
      summary: 'This API description (OpenAPI 3.1)',
      responses: {
        200: {
          description: 'The OpenAPI document.',
          content: {
            'application/json': {
              schema: z.looseObject({ openapi: z.string() }),
              example: { openapi: '3.1.0', info: { title: 'syncd', version: '0.1.0' }, paths: {} },
            },
          },
        },
        ...GUARD_ERRORS,
      },
    },
  },
  '/docs': {
    get: {
      ...PUBLIC,
      operationId: 'docs',
      tags: ['Service'],
      summary: 'Interactive API docs (Swagger UI, served by syncd)',
      responses: {
        200: {
          description: 'The docs page.',
          content: {
            'text/html': { schema: z.string(), example: '<!doctype html>\n<html lang="en">\n  <head>\n    <title>syncd API</title>' },
          },
        },
        ...GUARD_ERRORS,
      },
    },
  },
};
