// The error answers of the API description: one shared response per status, each with the error
// body schema and examples of the codes that status carries (src/api/error-answer.ts makes them).
import type { ZodOpenApiResponseObject, ZodOpenApiResponsesObject } from 'zod-openapi';
import { type ErrorBody, ErrorCode } from '../../contracts/errors.js';
import { errorBodySchema } from '../../contracts/responses.js';

export type ErrorStatus = 400 | 401 | 403 | 404 | 409 | 413 | 415 | 500 | 503;

interface ErrorResponse {
  id: string;
  description: string;
  examples: Record<string, { summary: string; value: ErrorBody }>;
}

function example(summary: string, code: ErrorCode, message: string, details?: ErrorBody['error']['details']) {
  return { summary, value: { error: { code, message, ...(details ? { details } : {}) } } };
}

const RESPONSES: Record<ErrorStatus, ErrorResponse> = {
  400: {
    id: 'InvalidRequest',
    description:
      'The path, query or body is invalid, or (while the API listens on loopback) the `Host` header names a host it does not answer to; `details` names each offending field.',
    examples: {
      field: example('A field is invalid', ErrorCode.InvalidRequest, 'url: must be an http or https URL', [
        { field: 'url', message: 'must be an http or https URL' },
      ]),
      json: example('The body is not JSON', ErrorCode.InvalidRequest, 'request body: Unexpected token } in JSON at position 9', [
        { field: '(body)', message: 'Unexpected token } in JSON at position 9' },
      ]),
      host: example(
        'Unknown Host (DNS rebinding)',
        ErrorCode.InvalidRequest,
        'Host: "rebound.example.com" is not a name this server answers to; list it in SYNCD_PUBLIC_HOSTS if it should be',
        [
          {
            field: 'Host',
            message: '"rebound.example.com" is not a name this server answers to; list it in SYNCD_PUBLIC_HOSTS if it should be',
          },
        ],
      ),
    },
  },
  401: {
    id: 'Unauthorized',
    description: 'API keys are configured and the request has no `Authorization: Bearer <key>`, or a key syncd does not know.',
    examples: { missing: example('No key', ErrorCode.Unauthorized, 'an API key is required: send Authorization: Bearer <key>') },
  },
  403: {
    id: 'Forbidden',
    description: 'A read-only API key asked for a change.',
    examples: { readOnly: example('Read-only key', ErrorCode.Forbidden, 'this API key may only read') },
  },
  404: {
    id: 'NotFound',
    description: 'The sync (or route) does not exist.',
    examples: { sync: example('No such sync', ErrorCode.NotFound, 'sync 42 does not exist') },
  },
  409: {
    id: 'Conflict',
    description: "The sync's state forbids the request; nothing was changed.",
    examples: {
      cancelled: example(
        'Cancelled sync',
        ErrorCode.SyncCancelled,
        'sync 42 is cancelled and cannot resume; a cancelled sync can never run again',
      ),
      closed: example(
        'Workflow gone',
        ErrorCode.SyncWorkflowClosed,
        'the workflow of sync 42 is no longer running (ended outside syncd); create a new sync',
      ),
      changed: example('Edit race', ErrorCode.SyncChanged, 'sync 42 kept changing while this PATCH was applied; send it again'),
      jobRunning: example(
        'A job runs',
        ErrorCode.JobRunning,
        'job 7 of sync 42 is running; change the cursor once it has ended (pause the sync first so that no scheduled job starts meanwhile)',
      ),
    },
  },
  413: {
    id: 'PayloadTooLarge',
    description: 'The JSON body is larger than 1 MB.',
    examples: {
      tooLarge: example('Body over 1 MB', ErrorCode.InvalidRequest, 'request body: request entity too large', [
        { field: '(body)', message: 'request entity too large' },
      ]),
    },
  },
  415: {
    id: 'UnsupportedMediaType',
    description: 'A request that changes something did not say `Content-Type: application/json`.',
    examples: {
      notJson: example('Form post', ErrorCode.UnsupportedMediaType, 'send the body as JSON with Content-Type: application/json'),
    },
  },
  500: {
    id: 'InternalError',
    description: 'An unexpected error; the server log has its cause.',
    examples: { internal: example('Unexpected', ErrorCode.Internal, 'internal error; see the server log') },
  },
  503: {
    id: 'Unavailable',
    description: 'Temporal, the syncd worker or the database did not answer in time; nothing was changed and the request can be retried.',
    examples: {
      temporal: example(
        'Temporal or worker down',
        ErrorCode.TemporalUnavailable,
        'Temporal or the syncd worker did not answer in time; the request can be retried',
      ),
      storage: example('Database down', ErrorCode.StorageUnavailable, 'the database could not be reached; try again later'),
    },
  },
};

/** One object per status: zod-openapi registers a response with an id once, and refers to that same object afterwards. */
const RESPONSE_OBJECTS = Object.fromEntries(
  Object.entries(RESPONSES).map(([status, { id, description, examples }]) => [
    status,
    { id, description, content: { 'application/json': { schema: errorBodySchema, examples } } },
  ]),
) as Record<string, ZodOpenApiResponseObject>;

/** The responses object entries for these error statuses; 500 is added to every operation. */
export function errorResponses(...statuses: ErrorStatus[]): ZodOpenApiResponsesObject {
  const all = [...new Set<ErrorStatus>([...statuses, 500])].sort((a, b) => a - b);
  return Object.fromEntries(all.map((status) => [String(status), RESPONSE_OBJECTS[status]!]));
}
