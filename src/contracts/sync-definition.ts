import { CronExpressionParser } from 'cron-parser';
import { z } from 'zod';
import { pagingSchema } from './paging.js';
import { DEFAULT_FREQUENCY, parseFrequency, type SyncSchedule } from './schedule.js';

const dotPath = z.string().trim().min(1).max(200).regex(/^[^.]+(\.[^.]+)*$/, 'must be a dot path such as "data.items"');
const scalar = z.union([z.string(), z.number(), z.boolean()]);

function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

function isFiveFieldCron(expression: string): boolean {
  if (expression.trim().split(/\s+/).length !== 5) return false;
  try {
    CronExpressionParser.parse(expression);
    return true;
  } catch {
    return false;
  }
}

/** Body of `POST /v1/syncs`: what to fetch, how to page it, where records are, and when to run. */
export const createSyncSchema = z
  .strictObject({
    url: z.url({ protocol: /^https?$/, error: 'must be an http or https URL' }),
    method: z.enum(['GET', 'POST']).default('GET'),
    headers: z.record(z.string().min(1), z.string()).default({}),
    query_params: z.record(z.string().min(1), scalar).default({}),
    body: z.json().optional(),
    response_path: dotPath.optional(),
    unique_key: dotPath,
    friendly_name: z.string().trim().min(1).max(200).optional(),
    metadata: z.record(z.string(), z.json()).default({}),
    frequency: z.string().refine((value) => parseFrequency(value) !== null, {
      error: 'must be a number and a unit, such as "30 seconds", "15 minutes", "2 hours" or "1 day"',
    }).optional(),
    cron: z.string().refine(isFiveFieldCron, { error: 'must be a 5-field cron expression, such as "0 3 * * *"' }).optional(),
    timezone: z.string().refine(isTimeZone, { error: 'must be an IANA time zone, such as "Europe/Paris"' }).optional(),
    paging: pagingSchema.default({ type: 'none' }),
    paused: z.boolean().default(false),
  })
  .superRefine((value, ctx) => {
    if (value.frequency !== undefined && value.cron !== undefined) {
      ctx.addIssue({ code: 'custom', path: ['cron'], message: 'give either frequency or cron, not both' });
    }
    if (value.timezone !== undefined && value.cron === undefined) {
      ctx.addIssue({ code: 'custom', path: ['timezone'], message: 'timezone applies to cron schedules only' });
    }
    if (value.body !== undefined && value.method !== 'POST') {
      ctx.addIssue({ code: 'custom', path: ['body'], message: 'a body is only sent with method POST' });
    }
  });

export type CreateSyncInput = z.input<typeof createSyncSchema>;
export type CreateSyncBody = z.output<typeof createSyncSchema>;

/** What syncd stores for a sync: the validated request, with the schedule resolved. */
export type SyncDefinition = Omit<CreateSyncBody, 'frequency' | 'cron' | 'timezone' | 'paused'> & {
  schedule: SyncSchedule;
  frequency: string | null;
  cron: string | null;
  timezone: string | null;
};

export function toSyncDefinition(body: CreateSyncBody): SyncDefinition {
  const { frequency, cron, timezone, paused: _paused, ...rest } = body;
  if (cron !== undefined) {
    const zone = timezone ?? 'UTC';
    return { ...rest, frequency: null, cron, timezone: zone, schedule: { type: 'cron', expression: cron, timezone: zone } };
  }
  const words = frequency ?? DEFAULT_FREQUENCY;
  const everySeconds = parseFrequency(words);
  if (everySeconds === null) throw new Error(`unparseable frequency "${words}" passed validation`);
  return { ...rest, frequency: words, cron: null, timezone: null, schedule: { type: 'interval', every_seconds: everySeconds } };
}
