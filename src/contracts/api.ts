import { z } from 'zod';
import { JOB_STATUSES, JOB_TRIGGERS } from './job.js';
import { SYNC_ACTIONS, SYNC_STATUSES } from './sync.js';

const NOT_AN_ID = 'must be a positive integer';

/**
 * A sync id in a path: decimal digits only, no sign, exponent, hex, whitespace or leading zero,
 * so `/v1/syncs/0x1` or `/1e0` is not sync 1 and every sync has one address.
 */
export const syncIdSchema = z
  .string()
  .regex(/^[1-9][0-9]*$/, `${NOT_AN_ID} in decimal digits without leading zeros, such as 42`)
  .transform(Number)
  .refine(Number.isSafeInteger, { error: `must be at most ${Number.MAX_SAFE_INTEGER}` });

/** A sync id in a JSON body. */
const bodySyncId = z
  .number({ error: NOT_AN_ID })
  .int(NOT_AN_ID)
  .positive(NOT_AN_ID)
  .max(Number.MAX_SAFE_INTEGER, `must be at most ${Number.MAX_SAFE_INTEGER}`);

const syncAction = z.enum(SYNC_ACTIONS, { error: `must be one of ${SYNC_ACTIONS.join(', ')}` });

/** Body of `PUT /v1/syncs`: `{"action": "pause", "sync_id": 123}`. */
export const syncActionSchema = z.strictObject({ action: syncAction, sync_id: bodySyncId });

/**
 * Which syncs a bulk action selects: those with `status`, and whose metadata holds each field of
 * `metadata` with exactly that JSON value. It must name something, so no typo selects every sync.
 */
export const bulkFilterSchema = z
  .strictObject({
    status: z.enum(SYNC_STATUSES, { error: `must be one of ${SYNC_STATUSES.join(', ')}` }).optional(),
    metadata: z.record(z.string(), z.json()).optional(),
  })
  .refine((filter) => filter.status !== undefined || Object.keys(filter.metadata ?? {}).length > 0, {
    error: 'must give status or at least one metadata field',
  });
export type BulkFilter = z.output<typeof bulkFilterSchema>;

/**
 * Body of `PUT /v1/syncs` acting on many syncs: `{"action", "sync_ids": [...]}` or
 * `{"action", "filter": {...}}`. The configured most syncs per call is checked by the router.
 */
export const bulkActionSchema = z
  .strictObject({
    action: syncAction,
    sync_ids: z.array(bodySyncId).min(1, 'must name at least one sync').optional(),
    filter: bulkFilterSchema.optional(),
  })
  .refine((body) => (body.sync_ids === undefined) !== (body.filter === undefined), {
    error: 'give either sync_ids or filter, not both',
    path: ['sync_ids'],
  });
export type BulkActionBody = z.output<typeof bulkActionSchema>;

// The descriptions and examples of the query parameters are those of the API description (src/api/openapi).
const limit = z.coerce
  .number()
  .int()
  .min(1)
  .max(100)
  .default(20)
  .meta({ description: 'How many items a page holds, 1 to 100.', example: 20 });
const cursor = z
  .string()
  .min(1)
  .max(200)
  .optional()
  .meta({ description: "The previous page's `next_cursor`; left out for the first page.", example: 'aWQ6Nw' });

export const listSyncsQuerySchema = z.strictObject({
  status: z.enum(SYNC_STATUSES).optional().meta({ description: 'Only syncs with this status.', example: 'active' }),
  limit,
  cursor,
});
export type ListSyncsQuery = z.output<typeof listSyncsQuerySchema>;

export const pageQuerySchema = z.strictObject({ limit, cursor });
export type PageQuery = z.output<typeof pageQuerySchema>;

const isoTime = z.iso.datetime({ offset: true, error: 'must be an ISO 8601 time such as 2026-01-31T12:00:00Z' });

const jobFilterFields = {
  limit,
  cursor,
  status: z
    .enum(JOB_STATUSES, { error: `must be one of ${JOB_STATUSES.join(', ')}` })
    .optional()
    .meta({ description: 'Only jobs with this status.', example: 'failed' }),
  trigger: z
    .enum(JOB_TRIGGERS, { error: `must be one of ${JOB_TRIGGERS.join(', ')}` })
    .optional()
    .meta({ description: 'Only jobs started this way.', example: 'schedule' }),
  started_after: isoTime.optional().meta({
    description: 'Only jobs started after this time (exclusive), an ISO 8601 time with an offset.',
    example: '2026-01-31T11:00:00Z',
  }),
  started_before: isoTime.optional().meta({
    description: 'Only jobs started before this time (exclusive); later than `started_after`.',
    example: '2026-01-31T12:00:00Z',
  }),
};

/** An empty range is a mistake, not a question with no answer. */
const startedRangeIsOrdered = (query: { started_after?: string | undefined; started_before?: string | undefined }) =>
  query.started_after === undefined ||
  query.started_before === undefined ||
  Date.parse(query.started_after) < Date.parse(query.started_before);
const RANGE_ERROR = { path: ['started_before'], error: 'must be later than started_after' };

/** `GET /v1/syncs/:id/jobs`: newest first; every given filter must match. */
export const jobsQuerySchema = z.strictObject(jobFilterFields).refine(startedRangeIsOrdered, RANGE_ERROR);
export type JobsQuery = z.output<typeof jobsQuerySchema>;

/** `GET /v1/jobs`: the jobs of every sync (or of `sync_id`), newest first. */
export const allJobsQuerySchema = z
  .strictObject({
    ...jobFilterFields,
    sync_id: syncIdSchema.optional().meta({ description: 'Only the jobs of this sync.', example: '42' }),
  })
  .refine(startedRangeIsOrdered, RANGE_ERROR);
export type AllJobsQuery = z.output<typeof allJobsQuerySchema>;

export const RECORD_FILTERS = ['added', 'updated', 'deleted'] as const;
export type RecordFilter = (typeof RECORD_FILTERS)[number];

/** `GET /v1/syncs/:id/records`: live records by default; `filter` and `modified_after` narrow it. */
export const recordsQuerySchema = z.strictObject({
  limit,
  cursor,
  filter: z.enum(RECORD_FILTERS).optional().meta({
    description:
      '`added`: the live records, `modified_after` then comparing their creation; `updated`: those changed since their creation; `deleted`: the soft-deleted ones.',
    example: 'updated',
  }),
  modified_after: isoTime.optional().meta({
    description:
      "Only records whose change (creation, update or deletion; with a filter, the filter's kind) came after this time (exclusive), an ISO 8601 time with an offset.",
    example: '2026-01-31T11:00:00Z',
  }),
});
export type RecordsQuery = z.output<typeof recordsQuerySchema>;

/** Body of `POST /v1/syncs/:id/resync`. */
export const resyncSchema = z.strictObject({ clear_records: z.boolean().default(false) });

/** The longest incremental cursor `PUT /v1/syncs/:id/state` takes, in characters. */
export const MAX_CURSOR_LENGTH = 1024;

/** Body of `PUT /v1/syncs/:id/state`: the incremental cursor the next job starts from. */
export const setCursorSchema = z.strictObject({
  cursor: z.union([z.string().min(1).max(MAX_CURSOR_LENGTH), z.number()], {
    error: `must be a string (1 to ${MAX_CURSOR_LENGTH} characters) or a number, such as "2026-01-31T12:00:00Z" or 1700000000`,
  }),
});
export type SetCursorBody = z.output<typeof setCursorSchema>;
