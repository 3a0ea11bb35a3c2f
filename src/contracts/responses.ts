// What the API answers, as zod schemas for its OpenAPI description. The SDK shares the zod-free
// interfaces these describe (job.ts, sync.ts, bulk.ts, errors.ts, readiness.ts); test/unit/response-schemas.test.ts
// pins each schema's output type to its interface exactly, so the two cannot drift apart.
import { z } from 'zod';
import { authSchema } from './auth.js';
import { CURSOR_SOURCES } from './cursor-state.js';
import { ErrorCode } from './errors.js';
import { JOB_STATUSES, JOB_TRIGGERS, WEBHOOK_DELIVERY_STATUSES } from './job.js';
import { FAILURE_CLASSES } from './job-error.js';
import { SYNC_STATUSES } from './sync.js';
import { syncFieldsSchema } from './sync-definition.js';
import { HEALTH_STATES, PAUSED_BY, SYNC_EVENT_ACTIONS } from './sync-health.js';

const time = z.iso.datetime({ offset: true }).meta({ example: '2026-01-31T12:00:00.000Z' });
const id = z.int().positive();
const count = z.int().nonnegative();

export const errorBodySchema = z
  .strictObject({
    error: z.strictObject({
      code: z.enum(Object.values(ErrorCode)).meta({ description: 'Machine-readable; stable across releases.' }),
      message: z.string().meta({ description: 'For people: what went wrong, naming each offending field.' }),
      details: z
        .array(z.strictObject({ field: z.string(), message: z.string() }))
        .optional()
        .meta({ description: 'One entry per offending field (400 only); `(body)` for the body as a whole.' }),
    }),
  })
  .meta({ id: 'Error', description: 'Every error answer has this body.' });

export const recordCountsSchema = z
  .strictObject({ created: count, updated: count, unchanged: count, deleted: count, fetched: count })
  .meta({ id: 'RecordCounts' });

export const webhookDeliverySchema = z
  .strictObject({
    delivery_id: id,
    url: z.string(),
    status: z.enum(WEBHOOK_DELIVERY_STATUSES),
    attempts: count,
    last_status_code: z.int().nullable(),
    last_error: z.string().nullable(),
    updated_at: time,
  })
  .meta({ id: 'WebhookDelivery', description: "The latest delivery of the job's webhook." });

export const jobErrorSchema = z
  .strictObject({
    class: z.enum(FAILURE_CLASSES).meta({
      description:
        "Whose move it is: `config` the sync's (a 4xx other than 408/429, a bad response_path, a missing unique key, refused auth, a blocked address), `transient` nobody's (network, timeouts, 5xx, 429 after retries, a stalled or overlong job: the next job may succeed), `internal` syncd's. Jobs failed before failure classes existed read `internal` with the code `unclassified`.",
    }),
    code: z.string().meta({
      description: 'Stable and machine-readable: `http_404`, `missing_unique_key`, `job_stalled`, `job_timeout`...',
      example: 'http_404',
    }),
    message: z.string().meta({ description: 'What happened, secrets redacted.' }),
    http_status: z.int().optional().meta({ description: "The external API's HTTP status, when an answer caused the failure." }),
  })
  .meta({ id: 'JobError', description: 'Why a job failed.' });

export const jobSchema = z
  .strictObject({
    job_id: id,
    sync_id: id,
    status: z.enum(JOB_STATUSES),
    trigger: z.enum(JOB_TRIGGERS).meta({ description: 'Why the job ran.' }),
    mode: z
      .enum(['full', 'incremental'])
      .meta({ description: 'A full job fetches everything and detects deletes; an incremental one only what changed.' }),
    started_at: time,
    ended_at: time.nullable(),
    records: recordCountsSchema,
    pages: count,
    max_total_reached: z.boolean().meta({ description: "True when the job stopped fetching at the sync's max_total." }),
    deletes_skipped: z
      .string()
      .nullable()
      .meta({ description: 'Why a successful full job kept the records it did not see; null otherwise.' }),
    error: jobErrorSchema
      .nullable()
      .meta({ description: 'Why the job failed; null unless it failed. An object: it was a string before (README, Changelog).' }),
    workflow_id: z.string(),
    run_id: z.string(),
    webhook: webhookDeliverySchema.nullable(),
  })
  .meta({ id: 'Job' });

export const pausedReasonSchema = z
  .strictObject({
    by: z.enum(PAUSED_BY).meta({ description: '`user` for a pause through the API or Temporal, `policy` for an auto-pause.' }),
    at: time,
    message: z.string(),
  })
  .meta({ id: 'PausedReason' });

export const syncHealthSchema = z
  .strictObject({
    state: z.enum(HEALTH_STATES),
    consecutive_failures: count.meta({ description: 'Failed jobs since the last successful one; cancelled jobs do not count.' }),
    last_success_at: time.nullable(),
    reason: z.string().nullable().meta({ description: 'Why the latest job failed, while the sync keeps failing.' }),
  })
  .meta({ id: 'SyncHealth', description: 'Kept on the sync as each job ends.' });

/** A sync as the API shows it: its definition (secrets masked as "***"), state and latest job. */
export const syncViewSchema = syncFieldsSchema
  .omit({ frequency: true, cron: true, timezone: true, paused: true, auth: true, failure_policy: true })
  .extend({
    sync_id: id,
    auth: authSchema.nullable().meta({ description: 'Secrets are shown as "***".' }),
    frequency: z.string().nullable().meta({ description: 'The interval, when the sync runs on one; null for a cron schedule.' }),
    cron: z.string().nullable(),
    timezone: z.string().nullable().meta({ description: "The cron schedule's time zone; null for an interval." }),
    status: z.enum(SYNC_STATUSES),
    paused_reason: pausedReasonSchema.nullable().meta({ description: 'Why a paused sync is paused; null otherwise. Resume clears it.' }),
    health: syncHealthSchema,
    failure_policy: z.strictObject({ pause_after: z.int().positive().nullable() }).meta({
      description: "The sync's own failure policy, or the configured default (SYNCD_PAUSE_AFTER_FAILURES); null never pauses.",
    }),
    next_run_at: time.nullable(),
    next_run_at_stale: z.boolean().meta({
      description:
        "True when next_run_at comes from syncd's database and may be outdated (Temporal did not answer in time, or it has passed).",
    }),
    last_job: jobSchema.nullable(),
    totals: z.strictObject({ records: count }),
    created_at: time,
    updated_at: time,
  })
  .meta({ id: 'Sync' });

export const syncedRecordSchema = z
  .strictObject({
    key: z.string().meta({ description: "The record's unique_key value, as text." }),
    data: z.unknown().meta({ description: 'The record as the external API returned it.' }),
    created_at: time,
    updated_at: time,
    deleted_at: time.nullable().meta({ description: 'Set when the API stopped returning the record and the sync keeps it (soft_delete).' }),
  })
  .meta({ id: 'SyncedRecord' });

export const syncEventSchema = z
  .strictObject({
    event_id: id,
    sync_id: id,
    at: time,
    action: z.enum(SYNC_EVENT_ACTIONS),
    detail: z
      .record(z.string(), z.unknown())
      .meta({ description: 'What changed, briefly (e.g. the PATCHed field names); never a secret.' }),
    actor: z
      .string()
      .meta({ description: "The API key's name, `anonymous` (no keys configured), `operator` (Temporal directly) or `policy`." }),
    request_id: z.string().nullable().meta({ description: "The API request's X-Request-Id; null for operator and policy changes." }),
  })
  .meta({ id: 'SyncEvent' });

/** One page of a listing; `next_cursor` is null on the last page. */
export function pageSchema<Item extends z.ZodType>(item: Item, name: string) {
  return z
    .strictObject({
      data: z.array(item),
      next_cursor: z.string().nullable().meta({ description: 'Pass as `cursor` for the next page; null on the last page.' }),
    })
    .meta({ id: name });
}

/** A page of jobs: one schema instance, since the per-sync and cross-sync listings share its name. */
export const jobPageSchema = pageSchema(jobSchema, 'JobPage');

export const bulkActionResponseSchema = z
  .strictObject({
    results: z.array(
      z.strictObject({
        sync_id: id,
        status: z.enum(SYNC_STATUSES).nullable().meta({ description: 'The status afterwards; null when the sync does not exist.' }),
        error: z
          .strictObject({ code: z.enum(Object.values(ErrorCode)), message: z.string() })
          .optional()
          .meta({ description: 'When the action failed for this sync: what the single form would have answered.' }),
      }),
    ),
  })
  .meta({ id: 'BulkActionResponse' });

export const cursorStateSchema = z
  .strictObject({
    sync_id: id,
    cursor: z
      .union([z.string(), z.number()])
      .nullable()
      .meta({ description: 'The incremental cursor the next job starts from (minus the lookback); null: the next job is full.' }),
    set_at: time.nullable().meta({ description: 'When it was last set or cleared; null if unknown.' }),
    set_by_job_id: id.nullable().meta({ description: 'The job whose records it came from (source `job`).' }),
    source: z
      .enum(CURSOR_SOURCES)
      .nullable()
      .meta({ description: '`job`: the highest cursor of a successful job; `api`: set or cleared through this API; null: never set.' }),
  })
  .meta({ id: 'CursorState' });
const previewRequestSchema = z
  .strictObject({
    method: z.enum(['GET', 'POST']),
    url: z
      .string()
      .meta({ description: 'The sync\'s URL with its query_params, or the URL the API handed over; secret values shown as "***".' }),
    params: z
      .record(z.string(), z.union([z.string(), z.number()]))
      .meta({ description: "Paging's own params: in the query for GET, in the JSON body for POST." }),
  })
  .meta({ id: 'PreviewRequest', description: 'A page request as syncd would send it, without credentials.' });

const previewPageSchema = z
  .strictObject({
    request: previewRequestSchema,
    http_status: z.int().nullable().meta({ description: 'The final answer (after redirects); null when none came.' }),
    duration_ms: count.meta({ description: 'From sending the request to the end of its body, OAuth token and redirects included.' }),
    records: count.meta({ description: 'Records on this page, max_total applied.' }),
  })
  .meta({ id: 'PreviewPage' });

/** What `POST /v1/syncs/preview` answers: the records a job would store, or the failure it would end with. */
export const previewResultSchema = z
  .discriminatedUnion('ok', [
    z.strictObject({
      ok: z.literal(true),
      pages: z.array(previewPageSchema),
      records: z.array(
        z.strictObject({
          key: z.string().meta({ description: "The record's unique_key value, as text." }),
          data: z.unknown().meta({ description: 'The record as the API returned it, secret values shown as "***".' }),
        }),
      ),
      records_truncated: z
        .boolean()
        .meta({ description: 'True when records were left out to keep the answer under SYNCD_MAX_RESPONSE_BYTES.' }),
      next_request: previewRequestSchema.nullable().meta({ description: 'The request for the next page; null when paging would stop.' }),
    }),
    z.strictObject({
      ok: z.literal(false),
      error: jobErrorSchema.meta({ description: 'What a job would fail with: the same class and code.' }),
      pages: z.array(previewPageSchema),
    }),
  ])
  .meta({ id: 'PreviewResult' });

const readinessCheckSchema = z
  .object({
    ok: z.boolean(),
    detail: z.string().optional().meta({ description: 'Why the check failed, or what it found.' }),
  })
  .meta({ id: 'ReadinessCheck' });

/** The body of `GET /readyz` (src/contracts/readiness.ts). */
export const readinessSchema = z
  .object({
    ready: z.boolean(),
    checks: z.object({ storage: readinessCheckSchema, temporal: readinessCheckSchema, worker: readinessCheckSchema }),
  })
  .meta({ id: 'Readiness' });
