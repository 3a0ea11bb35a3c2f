import { readFileSync } from 'node:fs';
import { createDocument } from 'zod-openapi';
import { jobsPaths } from './jobs-paths.js';
import { type OpenApiDocument, withNamedJsonValue } from './json-value-component.js';
import { previewPaths } from './preview-paths.js';
import { servicePaths } from './service-paths.js';
import { statePaths } from './state-paths.js';
import { syncsPaths } from './syncs-paths.js';

const packageJson = new URL('../../../package.json', import.meta.url);

/**
 * syncd's OpenAPI 3.1 description, built from the zod schemas the routes validate with and the
 * response schemas of src/contracts/responses.ts. Served at GET /openapi.json.
 */
export function buildOpenApiDocument(): OpenApiDocument {
  const { version } = JSON.parse(readFileSync(packageJson, 'utf8')) as { version: string };
  const document = createDocument({
    openapi: '3.1.0',
    info: {
      title: 'syncd',
      version,
      description:
        'A durable sync engine: each sync fetches a third-party HTTP API on a schedule, pages through it and keeps its records fresh in syncd\'s database. Errors always have the body `{"error": {"code", "message", "details"?}}`. Requests that change something must send `Content-Type: application/json`.',
    },
    tags: [
      { name: 'Syncs', description: 'Create, change and run syncs; read their jobs and records.' },
      { name: 'Service', description: 'Health, readiness, metrics and this description.' },
    ],
    // A deployment configures API keys or not (SYNCD_API_KEYS): the key is sent when it has them.
    security: [{ bearerAuth: [] }, {}],
    components: {
      securitySchemes: {
        bearerAuth: {
          type: 'http',
          scheme: 'bearer',
          description:
            'An API key from SYNCD_API_KEYS (read and write) or SYNCD_READ_API_KEYS (GET only), when the deployment configures keys; without keys the API listens on loopback only and needs none.',
        },
      },
    },
    paths: { ...syncsPaths, ...statePaths, ...previewPaths, ...jobsPaths, ...servicePaths },
  });
  return withNamedJsonValue(document);
}
