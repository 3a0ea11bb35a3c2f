import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import {
  DEFAULT_FETCH_HEARTBEAT_TIMEOUT_MS,
  DEFAULT_FETCH_RETRY_INITIAL_MS,
  FETCH_RETRY_MAXIMUM_MS,
  type FetchTiming,
} from '../contracts/fetch-timing.js';
import { DEFAULT_MIN_FREQUENCY_SECONDS } from '../contracts/schedule.js';
import { MAX_PAUSE_AFTER } from '../contracts/sync-definition.js';
import { DEFAULT_WEBHOOK_RETRY_INITIAL_MS, WEBHOOK_RETRY_MAXIMUM_MS } from '../contracts/webhook-retry.js';
import { AddressPolicy, cidrProblem, type NetworkPolicyConfig, splitCidrList } from '../network/address-policy.js';
import { literalRefusal } from '../network/url-host.js';
import { type ApiAccess, apiAccessFromEnv } from './api-access.js';
import { type TemporalSecurity, temporalSecurityFromEnv } from './temporal-security.js';

/** pino's levels, least severe first: `SYNCD_LOG_LEVEL` keeps lines from its level up. */
export const LOG_LEVELS = ['trace', 'debug', 'info', 'warn', 'error', 'fatal'] as const;
export type LogLevelName = (typeof LOG_LEVELS)[number];

const searchAttributeType = z.enum(['Text', 'Keyword', 'Int', 'Double', 'Bool', 'Datetime', 'KeywordList']);

const temporalYamlSchema = z.strictObject({
  temporal: z.strictObject({
    address: z.string().min(1),
    namespace: z.string().min(1),
    task_queue: z.string().min(1),
  }),
  dev_server: z.strictObject({
    port: z.number().int().min(1).max(65535),
    ui_port: z.number().int().min(1).max(65535),
    db_file: z.string().min(1),
    log_level: z.enum(['debug', 'info', 'warn', 'error']),
    search_attributes: z.record(z.string(), searchAttributeType),
  }),
});

const envSchema = z.object({
  TEMPORAL_ADDRESS: z.string().min(1).optional(),
  TEMPORAL_NAMESPACE: z.string().min(1).optional(),
  TEMPORAL_CLI_PATH: z.string().min(1).optional(),
  SYNCD_TASK_QUEUE: z.string().min(1).optional(),
  SYNCD_API_PORT: z.coerce.number().int().min(0).max(65535).optional(),
  SYNCD_MIN_FREQUENCY_SECONDS: z.coerce.number().int().min(1).max(86_400).optional(),
  SYNCD_BULK_CONCURRENCY: z.coerce.number().int().min(1).max(256).optional(),
  SYNCD_BULK_MAX_SYNCS: z.coerce.number().int().min(1).max(100_000).optional(),
  SYNCD_DB_PATH: z.string().min(1).optional(),
  DATABASE_URL: z
    .url({ protocol: /^postgres(ql)?$/, error: 'must be a PostgreSQL URL: postgres://user:password@host:port/database' })
    .optional(),
  PGSSLMODE: z.enum(['disable', 'allow', 'prefer', 'require', 'verify-ca', 'verify-full', 'no-verify']).optional(),
  SYNCD_PG_POOL_SIZE: z.coerce.number().int().min(1).max(1000).optional(),
  SYNCD_FIRST_SYNC_ID: z.coerce.number().int().min(1).optional(),
  SYNCD_SECRET_KEY: z
    .string()
    .refine((value) => secretKeyBytes(value) !== null, 'must be 32 bytes, as 64 hex digits or base64')
    .optional(),
  SYNCD_WEBHOOK_SECRET: z.string().min(16, 'must be at least 16 characters').optional(),
  SYNCD_WEBHOOK_URL: z.url({ protocol: /^https?$/, error: 'must be an http or https URL' }).optional(),
  // The fetch heartbeats every second and a worker flushes heartbeats once a second: leave room for both.
  SYNCD_FETCH_HEARTBEAT_TIMEOUT_MS: z.coerce.number().int().min(3_000).max(600_000).optional(),
  SYNCD_FETCH_RETRY_INITIAL_MS: z.coerce.number().int().min(1).max(FETCH_RETRY_MAXIMUM_MS).optional(),
  SYNCD_WEBHOOK_RETRY_INITIAL_MS: z.coerce.number().int().min(1).max(WEBHOOK_RETRY_MAXIMUM_MS).optional(),
  SYNCD_MAX_PAGE_BYTES: z.coerce.number().int().min(1024).optional(),
  SYNCD_MAX_RECORD_BYTES: z.coerce.number().int().min(1024).optional(),
  // Storage serializes and compares records recursively: far deeper nesting would overflow the stack.
  SYNCD_MAX_RECORD_DEPTH: z.coerce.number().int().min(1).max(1000).optional(),
  SYNCD_JOB_RETENTION_DAYS: z.coerce.number().int().min(1).optional(),
  SYNCD_MAX_JOBS_PER_SYNC: z.coerce.number().int().min(1).optional(),
  SYNCD_MAX_RESPONSE_BYTES: z.coerce.number().int().min(1024).optional(),
  SYNCD_MAX_CACHED_WORKFLOWS: z.coerce.number().int().min(0).optional(),
  SYNCD_DENY_PRIVATE_NETWORKS: z.enum(['true', 'false'], { error: 'must be true or false' }).optional(),
  SYNCD_ALLOW_NETWORKS: z
    .string()
    .superRefine((text, ctx) => {
      for (const entry of splitCidrList(text)) {
        const problem = cidrProblem(entry);
        if (problem !== null) ctx.addIssue({ code: 'custom', message: problem });
      }
    })
    .optional(),
  SYNCD_WORKER_METRICS_PORT: z.coerce.number().int().min(0).max(65535).optional(),
  SYNCD_WORKER_METRICS_HOST: z.string().min(1).optional(),
  SYNCD_WORKER_HEAP_GROWTH_PERCENT: z.coerce.number().int().min(0).max(1000).optional(),
  SYNCD_LOG_LEVEL: z.enum(LOG_LEVELS).optional(),
  SYNCD_PAUSE_AFTER_FAILURES: z
    .string()
    .refine((text) => text === 'off' || (/^\d+$/.test(text) && Number(text) >= 1 && Number(text) <= MAX_PAUSE_AFTER), {
      error: `must be a whole number from 1 to ${MAX_PAUSE_AFTER}, or off`,
    })
    .optional(),
});

/** Consecutive failed jobs after which a sync without its own failure_policy pauses itself. */
export const DEFAULT_PAUSE_AFTER_FAILURES = 5;

/** What a job reads at most from an external API, unless the environment says otherwise. */
export const DEFAULT_FETCH_LIMITS = {
  maxPageBytes: 50 * 1024 * 1024,
  maxRecordBytes: 5 * 1024 * 1024,
  maxRecordDepth: 100,
} as const;

/** Syncs one bulk action acts on at once, and names or selects at most, unless the environment says otherwise. */
export const DEFAULT_BULK_LIMITS = { bulkConcurrency: 8, bulkMaxSyncs: 1000 } as const;

/** Connections each process opens to PostgreSQL at most, unless SYNCD_PG_POOL_SIZE says otherwise. */
export const DEFAULT_PG_POOL_SIZE = 10;

/**
 * Where a worker serves its metrics, unless the environment says otherwise: the port beside the
 * API's 3003, so one firewall rule or port range covers both; loopback, because the port has no
 * authentication (set SYNCD_WORKER_METRICS_HOST for a Prometheus on another machine).
 */
export const DEFAULT_WORKER_METRICS = { port: 3004, host: '127.0.0.1' } as const;

/**
 * How far a worker's heap may grow past what its last full collection kept before the next one, in
 * percent. V8 otherwise lets it grow up to about fourfold: over a 1,000,000-record job on PostgreSQL
 * the scavenges of each page's short-lived texts piled up 158 MB of dead objects in the old
 * generation before a full collection came; at 20% the worker stayed as small as for 20,000 records,
 * at the same rate (README, Benchmarks).
 */
export const DEFAULT_WORKER_HEAP_GROWTH_PERCENT = 20;

/** How long finished jobs are kept, unless the environment says otherwise. */
export const DEFAULT_JOB_RETENTION = { days: 30, maxJobsPerSync: 1000 } as const;

/** The most bytes of records one records page carries (a single larger record still goes out alone). */
export const DEFAULT_MAX_RESPONSE_BYTES = 10 * 1024 * 1024;

/**
 * A sync's entity workflow sleeps between control actions: caching every one made a worker hold
 * about 1 GB at 10,000 syncs (SDK default: as many as the heap allows). Evicted ones replay on wake.
 */
export const DEFAULT_MAX_CACHED_WORKFLOWS = 250;

/** A 32-byte key written as 64 hex digits or as base64; null when it is neither. */
export function secretKeyBytes(text: string): Buffer | null {
  const key = /^[0-9a-f]{64}$/i.test(text) ? Buffer.from(text, 'hex') : Buffer.from(text, 'base64');
  return key.length === 32 ? key : null;
}

export interface Config {
  /** `security`: TLS and API key, from the environment names Temporal's CLI reads (temporal-security.ts). */
  temporal: { address: string; namespace: string; taskQueue: string; security: TemporalSecurity };
  devServer: {
    port: number;
    uiPort: number;
    dbFile: string;
    logLevel: string;
    searchAttributes: Record<string, string>;
    cliPath: string | undefined;
  };
  /**
   * `minFrequencySeconds`: the shortest interval a sync may run at; a bulk action acts on
   * `bulkConcurrency` syncs at once and on at most `bulkMaxSyncs` in one call. `access`: bind address,
   * API keys and Host names (api-access.ts).
   */
  api: { port: number; minFrequencySeconds: number; bulkConcurrency: number; bulkMaxSyncs: number; access: ApiAccess };
  /**
   * SQLite at `path`, unless `postgres` is set (DATABASE_URL): then PostgreSQL, with `sslMode`
   * (PGSSLMODE) applying when the URL has no `sslmode=` of its own.
   */
  database: {
    path: string;
    firstSyncId: number;
    postgres: { url: string; sslMode: string | undefined; poolSize: number } | undefined;
  };
  /** Given values win; otherwise the files hold generated ones (created on first start). */
  secrets: { key: Buffer | undefined; keyFile: string; webhookSecret: string | undefined; webhookSecretFile: string };
  /** `retryInitialMs`: the wait before a failed delivery's second attempt (later waits double). */
  webhooks: { defaultUrl: string | undefined; retryInitialMs: number };
  /** Bytes of one page body (decoded), bytes of one record's JSON, nesting of one record. */
  fetchLimits: { maxPageBytes: number; maxRecordBytes: number; maxRecordDepth: number };
  /**
   * `heartbeatTimeoutMs`: how long a job's fetch may go without a heartbeat before another worker
   * takes it over; `retryInitialMs`: the wait before a failed fetch's second attempt.
   */
  fetchTiming: FetchTiming;
  /** Finished jobs older than `days`, or beyond the newest `maxJobsPerSync` of a sync, are pruned. */
  jobRetention: { days: number; maxJobsPerSync: number };
  /** Bytes of records in one records page. */
  maxResponseBytes: number;
  /** Workflows a worker keeps in memory between tasks; the others replay their (short) history when they wake. */
  maxCachedWorkflows: number;
  /** The outbound network policy: which addresses syncd's requests may reach (src/network/address-policy.ts). */
  network: NetworkPolicyConfig;
  /** Where a worker serves GET /metrics (port 0: a free one). */
  workerMetrics: { port: number; host: string };
  /** The heap growth a worker process allows V8 between full collections, in percent (0: V8 decides). */
  workerHeapGrowthPercent: number;
  /** The least severe log lines written (SYNCD_LOG_LEVEL, default info). */
  logLevel: LogLevelName;
  /** pause_after of syncs without their own failure_policy (SYNCD_PAUSE_AFTER_FAILURES; null: off). */
  defaultPauseAfter: number | null;
}

export class ConfigError extends Error {
  constructor(problems: string[]) {
    super(`invalid configuration:\n${problems.map((problem) => `  - ${problem}`).join('\n')}`);
  }
}

function problemsOf(error: z.ZodError, source: string): string[] {
  return error.issues.map((issue) => `${source}: ${issue.path.join('.') || '(root)'}: ${issue.message}`);
}

/**
 * Processes sharing a PostgreSQL database must seal and sign with the same secrets; files generated
 * beside each process would differ, and one machine could not read what another stored.
 */
function sharedDatabaseProblems(vars: z.infer<typeof envSchema>): string[] {
  if (vars.DATABASE_URL === undefined) return [];
  const required = ['SYNCD_SECRET_KEY', 'SYNCD_WEBHOOK_SECRET'] as const;
  return required
    .filter((name) => vars[name] === undefined)
    .map((name) => `environment: ${name}: required with DATABASE_URL, so every process sharing the database uses the same one`);
}

function networkPolicyOf(vars: z.infer<typeof envSchema>): NetworkPolicyConfig {
  return {
    denyPrivateNetworks: vars.SYNCD_DENY_PRIVATE_NETWORKS === 'true',
    allowNetworks: splitCidrList(vars.SYNCD_ALLOW_NETWORKS ?? ''),
  };
}

/** A default webhook URL at an address the network policy refuses would fail every delivery: say so at start. */
function defaultWebhookProblems(vars: z.infer<typeof envSchema>): string[] {
  if (vars.SYNCD_WEBHOOK_URL === undefined) return [];
  const refusal = literalRefusal(new URL(vars.SYNCD_WEBHOOK_URL), new AddressPolicy(networkPolicyOf(vars)));
  return refusal === null ? [] : [`environment: SYNCD_WEBHOOK_URL: syncd does not connect to ${refusal.address}: ${refusal.rule}`];
}

function pauseAfterOf(setting: string | undefined): number | null {
  if (setting === 'off') return null;
  return setting === undefined ? DEFAULT_PAUSE_AFTER_FAILURES : Number(setting);
}

/** The only reader of temporal.yaml and process.env; fails fast with every problem listed. */
export function loadConfig(rootDir: string, env: NodeJS.ProcessEnv = process.env): Config {
  const yamlPath = path.join(rootDir, 'temporal.yaml');
  const fileResult = temporalYamlSchema.safeParse(parseYaml(readFileSync(yamlPath, 'utf8')));
  const envResult = envSchema.safeParse(env);
  const temporalSecurity = temporalSecurityFromEnv(env);
  const apiAccess = apiAccessFromEnv(env);
  const problems = [
    ...(fileResult.success ? [] : problemsOf(fileResult.error, yamlPath)),
    ...(envResult.success ? [] : problemsOf(envResult.error, 'environment')),
    ...temporalSecurity.problems,
    ...apiAccess.problems,
    ...(envResult.success ? sharedDatabaseProblems(envResult.data) : []),
    ...(envResult.success ? defaultWebhookProblems(envResult.data) : []),
  ];
  if (!fileResult.success || !envResult.success || problems.length > 0) throw new ConfigError(problems);
  const file = fileResult.data;
  const vars = envResult.data;
  const databasePath = path.resolve(rootDir, vars.SYNCD_DB_PATH ?? 'data/syncd.db');
  return {
    temporal: {
      address: vars.TEMPORAL_ADDRESS ?? file.temporal.address,
      namespace: vars.TEMPORAL_NAMESPACE ?? file.temporal.namespace,
      taskQueue: vars.SYNCD_TASK_QUEUE ?? file.temporal.task_queue,
      security: temporalSecurity.security,
    },
    devServer: {
      port: file.dev_server.port,
      uiPort: file.dev_server.ui_port,
      dbFile: path.resolve(rootDir, file.dev_server.db_file),
      logLevel: file.dev_server.log_level,
      searchAttributes: file.dev_server.search_attributes,
      cliPath: vars.TEMPORAL_CLI_PATH,
    },
    api: {
      port: vars.SYNCD_API_PORT ?? 3003,
      minFrequencySeconds: vars.SYNCD_MIN_FREQUENCY_SECONDS ?? DEFAULT_MIN_FREQUENCY_SECONDS,
      bulkConcurrency: vars.SYNCD_BULK_CONCURRENCY ?? DEFAULT_BULK_LIMITS.bulkConcurrency,
      bulkMaxSyncs: vars.SYNCD_BULK_MAX_SYNCS ?? DEFAULT_BULK_LIMITS.bulkMaxSyncs,
      access: apiAccess.access,
    },
    database: {
      path: databasePath,
      firstSyncId: vars.SYNCD_FIRST_SYNC_ID ?? 1,
      postgres:
        vars.DATABASE_URL === undefined
          ? undefined
          : { url: vars.DATABASE_URL, sslMode: vars.PGSSLMODE, poolSize: vars.SYNCD_PG_POOL_SIZE ?? DEFAULT_PG_POOL_SIZE },
    },
    secrets: {
      key: vars.SYNCD_SECRET_KEY === undefined ? undefined : (secretKeyBytes(vars.SYNCD_SECRET_KEY) ?? undefined),
      keyFile: path.join(path.dirname(databasePath), 'secret.key'),
      webhookSecret: vars.SYNCD_WEBHOOK_SECRET,
      webhookSecretFile: path.join(path.dirname(databasePath), 'webhook-secret'),
    },
    webhooks: {
      defaultUrl: vars.SYNCD_WEBHOOK_URL,
      retryInitialMs: vars.SYNCD_WEBHOOK_RETRY_INITIAL_MS ?? DEFAULT_WEBHOOK_RETRY_INITIAL_MS,
    },
    fetchLimits: {
      maxPageBytes: vars.SYNCD_MAX_PAGE_BYTES ?? DEFAULT_FETCH_LIMITS.maxPageBytes,
      maxRecordBytes: vars.SYNCD_MAX_RECORD_BYTES ?? DEFAULT_FETCH_LIMITS.maxRecordBytes,
      maxRecordDepth: vars.SYNCD_MAX_RECORD_DEPTH ?? DEFAULT_FETCH_LIMITS.maxRecordDepth,
    },
    fetchTiming: {
      heartbeatTimeoutMs: vars.SYNCD_FETCH_HEARTBEAT_TIMEOUT_MS ?? DEFAULT_FETCH_HEARTBEAT_TIMEOUT_MS,
      retryInitialMs: vars.SYNCD_FETCH_RETRY_INITIAL_MS ?? DEFAULT_FETCH_RETRY_INITIAL_MS,
    },
    defaultPauseAfter: pauseAfterOf(vars.SYNCD_PAUSE_AFTER_FAILURES),
    jobRetention: {
      days: vars.SYNCD_JOB_RETENTION_DAYS ?? DEFAULT_JOB_RETENTION.days,
      maxJobsPerSync: vars.SYNCD_MAX_JOBS_PER_SYNC ?? DEFAULT_JOB_RETENTION.maxJobsPerSync,
    },
    maxResponseBytes: vars.SYNCD_MAX_RESPONSE_BYTES ?? DEFAULT_MAX_RESPONSE_BYTES,
    maxCachedWorkflows: vars.SYNCD_MAX_CACHED_WORKFLOWS ?? DEFAULT_MAX_CACHED_WORKFLOWS,
    network: networkPolicyOf(vars),
    workerMetrics: {
      port: vars.SYNCD_WORKER_METRICS_PORT ?? DEFAULT_WORKER_METRICS.port,
      host: vars.SYNCD_WORKER_METRICS_HOST ?? DEFAULT_WORKER_METRICS.host,
    },
    workerHeapGrowthPercent: vars.SYNCD_WORKER_HEAP_GROWTH_PERCENT ?? DEFAULT_WORKER_HEAP_GROWTH_PERCENT,
    logLevel: vars.SYNCD_LOG_LEVEL ?? 'info',
  };
}
