import { z } from 'zod';
import { type Auth, type AuthSecrets, authSchema, splitAuth } from './auth.js';
import { cronProblem } from './cron.js';
import { headerName, headerValue, queryParamName } from './http-syntax.js';
import { pagingSchema, param } from './paging.js';
import { PREVIEW_MAX_PAGES } from './preview.js';
import { DEFAULT_FREQUENCY, frequencyProblem, parseFrequency } from './schedule.js';
import type { DefinitionOf, SyncOf } from './sync.js';
import { isTimeZone } from './time-zones.js';

const dotPath = z
  .string()
  .trim()
  .min(1)
  .max(200)
  .regex(/^[^.]+(\.[^.]+)*$/, 'must be a dot path such as "data.items"');
const httpUrl = z.url({ protocol: /^https?$/, error: 'must be an http or https URL' });

/** The bounds of a sync definition's free-form parts (README "Request limits"; the OpenAPI document cites them). */
export const DEFINITION_LIMITS = {
  maxHeaders: 50,
  maxQueryParams: 100,
  /** Characters of one header or query param name. */
  maxNameLength: 256,
  /** Characters of one header or query param value. */
  maxValueLength: 8 * 1024,
  /** Bytes of `body` as JSON. */
  maxBodyBytes: 256 * 1024,
  maxMetadataKeys: 50,
  /** Bytes of `metadata` as JSON. */
  maxMetadataBytes: 16 * 1024,
} as const;

/**
 * How long a job may go without committing a page, and run at all (README "Stalled jobs"). One
 * second is the least either takes: it lets tests stall a job quickly, and is no use elsewhere.
 */
export const JOB_LIMITS = {
  minSeconds: 1,
  defaultStallSeconds: 900,
  maxStallSeconds: 86_400,
  defaultJobSeconds: 21_600,
  maxJobSeconds: 86_400,
} as const;

/**
 * A definition as stored, with the defaults of fields added since it was written filled in: a
 * sync created before stall_timeout_seconds and max_job_seconds existed gets their defaults.
 */
export function withJobLimits<T extends object>(stored: T): T & { stall_timeout_seconds: number; max_job_seconds: number } {
  return {
    ...stored,
    stall_timeout_seconds: (stored as { stall_timeout_seconds?: number }).stall_timeout_seconds ?? JOB_LIMITS.defaultStallSeconds,
    max_job_seconds: (stored as { max_job_seconds?: number }).max_job_seconds ?? JOB_LIMITS.defaultJobSeconds,
  };
}

const utf8 = new TextEncoder();
const jsonBytes = (value: unknown): number => utf8.encode(JSON.stringify(value) ?? '').length;
const kib = (bytes: number): string => `${bytes / 1024} KiB`;

/** A record of at most `max` entries, whose error names the record itself. */
function atMostEntries<T extends z.ZodType<Record<string, unknown>>>(schema: T, max: number, what: string) {
  return schema.refine((record) => Object.keys(record).length <= max, { error: `at most ${max} ${what}` });
}

const boundedName = <T extends z.ZodString>(schema: T) =>
  schema.max(DEFINITION_LIMITS.maxNameLength, `names must be at most ${DEFINITION_LIMITS.maxNameLength} characters`);
const boundedValue = <T extends z.ZodString>(schema: T) =>
  schema.max(DEFINITION_LIMITS.maxValueLength, `values must be at most ${DEFINITION_LIMITS.maxValueLength} characters`);

const headers = atMostEntries(z.record(boundedName(headerName), boundedValue(headerValue)), DEFINITION_LIMITS.maxHeaders, 'headers');
const queryParams = atMostEntries(
  z.record(boundedName(queryParamName), z.union([boundedValue(z.string()), z.number(), z.boolean()])),
  DEFINITION_LIMITS.maxQueryParams,
  'query params',
);
const requestBody = z.json().refine((body) => jsonBytes(body) <= DEFINITION_LIMITS.maxBodyBytes, {
  error: `must be at most ${kib(DEFINITION_LIMITS.maxBodyBytes)} as JSON`,
});
const metadata = atMostEntries(z.record(z.string(), z.json()), DEFINITION_LIMITS.maxMetadataKeys, 'keys').refine(
  (value) => jsonBytes(value) <= DEFINITION_LIMITS.maxMetadataBytes,
  { error: `must be at most ${kib(DEFINITION_LIMITS.maxMetadataBytes)} as JSON` },
);

/** An origin such as "https://api.example.com": scheme, host and optional port, nothing else. */
const origin = z
  .string()
  .refine((text) => originOf(text) !== null, {
    error: 'must be an http or https origin such as "https://api.example.com" (no path, query or credentials)',
  })
  // overwrite, not transform: it keeps the schema string to string, which z.toJSONSchema can state
  // for the SDK's generated types (scripts/generate-sdk-types.ts).
  .overwrite((text) => originOf(text) ?? text);
const allowedOrigins = z.array(origin).max(20, 'at most 20 origins');

function originOf(text: string): string | null {
  if (!URL.canParse(text)) return null;
  const url = new URL(text);
  const bare = url.pathname === '/' && url.search === '' && url.hash === '' && url.username === '' && url.password === '';
  return (url.protocol === 'http:' || url.protocol === 'https:') && bare ? url.origin : null;
}

/** The largest pause_after: beyond it a failing sync would hammer its API for days anyway. */
export const MAX_PAUSE_AFTER = 1000;

const failurePolicy = z.strictObject({
  pause_after: z
    .number()
    .int()
    .min(1)
    .max(MAX_PAUSE_AFTER)
    .nullable()
    .meta({ description: 'Consecutive failed jobs after which the sync pauses itself; null never pauses.' }),
});

/** A string check whose message says what is wrong with this value, not just that something is. */
function checked(problem: (value: string) => string | null) {
  return z.string().superRefine((value, ctx) => {
    const message = problem(value);
    if (message !== null) ctx.addIssue({ code: 'custom', message });
  });
}

/** The longest incremental.lookback_seconds: a year and a day. */
export const MAX_LOOKBACK_SECONDS = 366 * 86_400;

/**
 * `incremental`: which record field is the cursor and which param sends it, and optionally a window
 * subtracted from the cursor sent (cursor-lookback.ts): seconds for ISO 8601 times, or an amount for
 * numbers; not both.
 */
const incrementalSchema = z
  .strictObject({
    cursor_path: dotPath,
    param,
    lookback_seconds: z
      .int('must be a whole number of seconds')
      .min(1, 'must be at least 1 second')
      .max(MAX_LOOKBACK_SECONDS, `must be at most ${MAX_LOOKBACK_SECONDS} seconds (366 days)`)
      .optional(),
    lookback: z.number().positive('must be more than 0').max(Number.MAX_SAFE_INTEGER).optional(),
  })
  .refine((value) => value.lookback_seconds === undefined || value.lookback === undefined, {
    error: 'give lookback_seconds (ISO 8601 time cursors) or lookback (numeric cursors), not both',
    path: ['lookback'],
  });

/** Every field a sync has, each validated on its own; cross-field rules come in createSyncSchema. */
export const syncFieldsSchema = z.strictObject({
  url: httpUrl,
  method: z.enum(['GET', 'POST']).default('GET'),
  headers: headers.default({}),
  query_params: queryParams.default({}),
  body: requestBody.optional(),
  response_path: dotPath.optional(),
  unique_key: dotPath,
  friendly_name: z.string().trim().min(1).max(200).optional(),
  metadata: metadata.default({}),
  /** The configurable minimum (SYNCD_MIN_FREQUENCY_SECONDS) is checked by the API routes. */
  frequency: checked((value) => frequencyProblem(value, 1)).optional(),
  cron: checked(cronProblem).optional(),
  timezone: z
    .string()
    .refine(isTimeZone, { error: 'must be a tz database time zone spelled exactly as there, such as "Europe/Paris" or "UTC"' })
    .optional(),
  paging: pagingSchema.default({ type: 'none' }),
  /** Stop fetching after this many records; the job says so. */
  max_total: z.number().int().min(1).optional(),
  auth: authSchema.optional(),
  /** Send the highest `cursor_path` value of the last successful job (minus a lookback) as query/body param `param`. */
  incremental: incrementalSchema.optional(),
  /** Keep records the API no longer returns, marked with `deleted_at`, instead of removing them. */
  soft_delete: z.boolean().default(false),
  request_timeout_seconds: z.number().int().min(1).max(600).default(30),
  /** A job that commits no page for this long fails as `job_stalled` (a trickling answer, a stuck write). */
  stall_timeout_seconds: z
    .number()
    .int()
    .min(JOB_LIMITS.minSeconds)
    .max(JOB_LIMITS.maxStallSeconds)
    .default(JOB_LIMITS.defaultStallSeconds),
  /** A job running longer than this fails as `job_timeout`. */
  max_job_seconds: z.number().int().min(JOB_LIMITS.minSeconds).max(JOB_LIMITS.maxJobSeconds).default(JOB_LIMITS.defaultJobSeconds),
  webhook_url: httpUrl.optional(),
  /** Origins besides `url`'s that may receive the sync's credentials (next URLs, Links, redirects). */
  allowed_origins: allowedOrigins.default([]),
  /** Pause the sync after this many consecutive failed jobs; null never pauses. Absent: the configured default. */
  failure_policy: failurePolicy.optional(),
  paused: z.boolean().default(false),
});

type SyncFields = z.output<typeof syncFieldsSchema>;

function checkCombinations(value: SyncFields, ctx: z.RefinementCtx): void {
  if (value.frequency !== undefined && value.cron !== undefined) {
    ctx.addIssue({ code: 'custom', path: ['cron'], message: 'give either frequency or cron, not both' });
  }
  if (value.timezone !== undefined && value.cron === undefined) {
    ctx.addIssue({ code: 'custom', path: ['timezone'], message: 'timezone applies to cron schedules only' });
  }
  if (value.body !== undefined && value.method !== 'POST') {
    ctx.addIssue({ code: 'custom', path: ['body'], message: 'a body is only sent with method POST' });
  }
}

/** Body of `POST /v1/syncs`: what to fetch, how to page it, where records are, and when to run. */
export const createSyncSchema = syncFieldsSchema.superRefine(checkCombinations);

/** Body of `POST /v1/syncs/preview`: a create body, and how many pages to fetch (PREVIEW_MAX_PAGES at most). */
export const previewSyncSchema = syncFieldsSchema
  .extend({ pages: z.int({ error: 'must be a whole number' }).min(1).max(PREVIEW_MAX_PAGES).default(1) })
  .superRefine(checkCombinations);

/**
 * Body of `PATCH /v1/syncs/:id`: any fields to change. `null` clears an optional field. The result
 * is validated again as a whole, so the same combination rules apply. Parsing fills defaults
 * (zod keeps them under partial), so only the fields the client sent count: see `givenFields`.
 */
export const updateSyncSchema = syncFieldsSchema
  .omit({ paused: true })
  .extend({
    body: requestBody.nullable().optional(),
    response_path: dotPath.nullable().optional(),
    friendly_name: z.string().trim().min(1).max(200).nullable().optional(),
    max_total: z.number().int().min(1).nullable().optional(),
    auth: authSchema.nullable().optional(),
    incremental: incrementalSchema.nullable().optional(),
    webhook_url: httpUrl.nullable().optional(),
    allowed_origins: allowedOrigins.nullable().optional(),
    failure_policy: failurePolicy.nullable().optional(),
  })
  .partial();

export type CreateSyncInput = z.input<typeof createSyncSchema>;
export type CreateSyncBody = z.output<typeof createSyncSchema>;
export type UpdateSyncInput = z.input<typeof updateSyncSchema>;
export type UpdateSyncBody = z.output<typeof updateSyncSchema>;

/** The parsed patch without the defaults zod filled in for fields the client did not send. */
export function givenFields(patch: UpdateSyncBody, sent: object): UpdateSyncBody {
  return Object.fromEntries(Object.entries(patch).filter(([field]) => Object.hasOwn(sent, field))) as UpdateSyncBody;
}

/** What syncd stores and shows for a sync: the validated request, schedule resolved, secrets masked. */
export type SyncDefinition = DefinitionOf<CreateSyncBody, Auth>;

/** A sync as the API shows it. */
export type Sync = SyncOf<SyncDefinition>;

/** Splits a validated body into the definition to store and the auth secrets to encrypt. */
export function toSyncDefinition(body: CreateSyncBody): { definition: SyncDefinition; secrets: AuthSecrets | null } {
  const { frequency, cron, timezone, paused: _paused, auth, ...rest } = body;
  const split = auth ? splitAuth(auth) : null;
  const common = { ...rest, auth: split?.masked ?? null };
  if (cron !== undefined) {
    const zone = timezone ?? 'UTC';
    return {
      definition: { ...common, frequency: null, cron, timezone: zone, schedule: { type: 'cron', expression: cron, timezone: zone } },
      secrets: split?.secrets ?? null,
    };
  }
  const words = frequency ?? DEFAULT_FREQUENCY;
  const everySeconds = parseFrequency(words);
  if (everySeconds === null) throw new Error(`unparseable frequency "${words}" passed validation`);
  return {
    definition: { ...common, frequency: words, cron: null, timezone: null, schedule: { type: 'interval', every_seconds: everySeconds } },
    secrets: split?.secrets ?? null,
  };
}

/**
 * The create body a stored definition came from, with `patch` applied: what PATCH validates.
 * Auth comes back masked; the caller keeps the stored secrets unless the patch brings new auth.
 */
export function patchedBody(definition: SyncDefinition, patch: UpdateSyncBody): Record<string, unknown> {
  const { schedule: _schedule, frequency, cron, timezone, auth, ...rest } = definition;
  const base: Record<string, unknown> = { ...rest, auth: auth ?? undefined };
  const switchesToCron = patch.cron !== undefined;
  const switchesToFrequency = patch.frequency !== undefined;
  if (!switchesToCron && !switchesToFrequency)
    Object.assign(base, {
      frequency: frequency ?? undefined,
      cron: cron ?? undefined,
      timezone: cron ? (timezone ?? undefined) : undefined,
    });
  for (const [field, value] of Object.entries(patch)) base[field] = value === null ? undefined : value;
  return base;
}
