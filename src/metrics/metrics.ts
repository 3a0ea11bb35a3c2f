// Every metric syncd exports, in one place: names, help, labels and buckets. A process builds its own
// registry (the API's and a worker's are separate even when tests run both in one process), and the
// composition root hands it down like any other dependency; prom-client's global registry is never used.
import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';
import { JOB_STATUSES, JOB_TRIGGERS, type Job, type JobTrigger } from '../contracts/job.js';
import { SYNC_STATUSES, type SyncStatus } from '../contracts/sync.js';

/** What an outbound request was for: a sync's page, an OAuth token, a webhook delivery. */
export const EXTERNAL_REQUEST_KINDS = ['page', 'oauth', 'webhook'] as const;
export type ExternalRequestKind = (typeof EXTERNAL_REQUEST_KINDS)[number];

/** An answer's status by class; `error` when no answer came (network, timeout, refused redirect, cancellation). */
export const STATUS_CLASSES = ['2xx', '3xx', '4xx', '5xx', 'error'] as const;
export type StatusClass = (typeof STATUS_CLASSES)[number];

/** Activities Temporal retries after a failed attempt, by what they send. */
export const RETRIED_KINDS = ['page', 'webhook'] as const;
export type RetriedKind = (typeof RETRIED_KINDS)[number];

export const RECORD_CHANGES = ['created', 'updated', 'unchanged', 'deleted'] as const;

/** How a webhook delivery ended: a 2xx answer, or retries exhausted. */
export const WEBHOOK_OUTCOMES = ['delivered', 'failed'] as const;
export type WebhookOutcome = (typeof WEBHOOK_OUTCOMES)[number];

export function statusClassOf(status: number | 'error'): StatusClass {
  if (status === 'error') return 'error';
  if (status >= 500) return '5xx';
  if (status >= 400) return '4xx';
  if (status >= 300) return '3xx';
  return '2xx';
}

/** Seconds since a `performance.now()` reading, for a histogram. */
export function secondsSince(startedAt: number): number {
  return (performance.now() - startedAt) / 1000;
}

function processRegistry(): Registry {
  const registry = new Registry();
  // Node's usual names (process_*, nodejs_*), unprefixed, so the common Node.js dashboards work as they are.
  collectDefaultMetrics({ register: registry });
  return registry;
}

/** What the failure policy did to a sync: warned (half its threshold reached) or paused it. */
export const SYNC_HEALTH_EVENTS = ['failing', 'auto_paused'] as const;
export type SyncHealthEvent = (typeof SYNC_HEALTH_EVENTS)[number];

/** Label combinations known in advance start at 0, so a rate over them exists before the first event. */
function zeroed<L extends string>(counter: Counter<L>, combinations: Array<Record<L, string>>): Counter<L> {
  for (const labels of combinations) counter.inc(labels, 0);
  return counter;
}

/** A worker's metrics: jobs, records, pages, outbound requests, retries, rate limits, webhooks. */
export class WorkerMetrics {
  readonly registry = processRegistry();
  private readonly registers = [this.registry];

  private readonly jobsStarted = zeroed(
    new Counter({
      name: 'syncd_jobs_started_total',
      help: 'Jobs started, by trigger.',
      labelNames: ['trigger'],
      registers: this.registers,
    }),
    JOB_TRIGGERS.map((trigger) => ({ trigger })),
  );
  private readonly jobsFinished = zeroed(
    new Counter({
      name: 'syncd_jobs_finished_total',
      help: 'Jobs finished, by final status (succeeded, failed, cancelled) and trigger.',
      labelNames: ['status', 'trigger'],
      registers: this.registers,
    }),
    JOB_STATUSES.filter((status) => status !== 'running').flatMap((status) => JOB_TRIGGERS.map((trigger) => ({ status, trigger }))),
  );
  // Not zeroed: the codes are not known in advance (http_<status>); sum by class for a rate per class.
  private readonly jobsFailed = new Counter({
    name: 'syncd_jobs_failed_total',
    help: 'Failed jobs, by failure class (config, transient, internal) and code (http_404, job_stalled, job_timeout...).',
    labelNames: ['class', 'code'],
    registers: this.registers,
  });
  private readonly jobDuration = new Histogram({
    name: 'syncd_job_duration_seconds',
    help: 'Time from a job start to its end, by final status.',
    labelNames: ['status'],
    buckets: [1, 5, 15, 30, 60, 120, 300, 600, 1800, 3600, 7200, 21_600],
    registers: this.registers,
  });
  private readonly records = zeroed(
    new Counter({
      name: 'syncd_records_total',
      help: 'Records written by finished jobs, by change (created, updated, unchanged, deleted).',
      labelNames: ['change'],
      registers: this.registers,
    }),
    RECORD_CHANGES.map((change) => ({ change })),
  );
  private readonly pages = new Counter({
    name: 'syncd_pages_fetched_total',
    help: 'Pages of records fetched from external APIs and accepted.',
    registers: this.registers,
  });
  private readonly externalRequests = zeroed(
    new Counter({
      name: 'syncd_external_requests_total',
      help: 'Requests syncd sent to other servers, by kind (page, oauth, webhook) and status class (2xx, 3xx, 4xx, 5xx, error).',
      labelNames: ['kind', 'status_class'],
      registers: this.registers,
    }),
    EXTERNAL_REQUEST_KINDS.flatMap((kind) => STATUS_CLASSES.map((status_class) => ({ kind, status_class }))),
  );
  private readonly externalRequestDuration = new Histogram({
    name: 'syncd_external_request_duration_seconds',
    help: 'Time from sending a request to its answer (status and headers; a page request follows its redirects), by kind and status class.',
    labelNames: ['kind', 'status_class'],
    buckets: [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60],
    registers: this.registers,
  });
  private readonly retries = zeroed(
    new Counter({
      name: 'syncd_retries_total',
      help: 'Attempts that retried a failed one: a job fetch (page) or a webhook delivery (webhook).',
      labelNames: ['kind'],
      registers: this.registers,
    }),
    RETRIED_KINDS.map((kind) => ({ kind })),
  );
  private readonly rateLimitWaits = new Counter({
    name: 'syncd_rate_limit_waits_total',
    help: 'Answers 429 (rate limited) to page requests; the next attempt of the job waits for their Retry-After.',
    registers: this.registers,
  });
  private readonly rateLimitWaitSeconds = new Counter({
    name: 'syncd_rate_limit_wait_seconds_total',
    help: 'Seconds the Retry-After headers of 429 answers asked jobs to wait (capped at 10 minutes each).',
    registers: this.registers,
  });
  private readonly healthEvents = zeroed(
    new Counter({
      name: 'syncd_sync_health_events_total',
      help: 'Syncs that reached half their failure policy (failing) or paused themselves after it (auto_paused).',
      labelNames: ['event'],
      registers: this.registers,
    }),
    SYNC_HEALTH_EVENTS.map((event) => ({ event })),
  );
  private readonly webhookDeliveries = zeroed(
    new Counter({
      name: 'syncd_webhook_deliveries_total',
      help: 'Webhook deliveries that ended, by outcome (delivered, failed once retries were exhausted).',
      labelNames: ['outcome'],
      registers: this.registers,
    }),
    WEBHOOK_OUTCOMES.map((outcome) => ({ outcome })),
  );

  jobStarted(trigger: JobTrigger): void {
    this.jobsStarted.inc({ trigger });
  }

  /** A job that has just ended: its status, duration and record counts. */
  jobFinished(job: Job): void {
    this.jobsFinished.inc({ status: job.status, trigger: job.trigger });
    if (job.status === 'failed' && job.error !== null) this.jobsFailed.inc({ class: job.error.class, code: job.error.code });
    if (job.ended_at !== null) {
      const seconds = (Date.parse(job.ended_at) - Date.parse(job.started_at)) / 1000;
      this.jobDuration.observe({ status: job.status }, Math.max(0, seconds));
    }
    for (const change of RECORD_CHANGES) this.records.inc({ change }, job.records[change]);
  }

  pageFetched(): void {
    this.pages.inc();
  }

  /** One outbound request's answer (its HTTP status) or `error` when none came, and how long it took. */
  externalRequest(kind: ExternalRequestKind, status: number | 'error', seconds: number): void {
    const labels = { kind, status_class: statusClassOf(status) };
    this.externalRequests.inc(labels);
    this.externalRequestDuration.observe(labels, seconds);
  }

  retried(kind: RetriedKind): void {
    this.retries.inc({ kind });
  }

  /** A 429 answer; `waitMs` is what its Retry-After asked for, null without one (Temporal's backoff then). */
  rateLimited(waitMs: number | null): void {
    this.rateLimitWaits.inc();
    if (waitMs !== null) this.rateLimitWaitSeconds.inc(waitMs / 1000);
  }

  webhookDelivery(outcome: WebhookOutcome): void {
    this.webhookDeliveries.inc({ outcome });
  }

  syncHealthEvent(event: SyncHealthEvent): void {
    this.healthEvents.inc({ event });
  }
}

export interface ApiMetricsOptions {
  /** Read at every scrape for `syncd_syncs`. */
  countSyncs(): Promise<Record<SyncStatus, number>>;
  /** Told when the count failed: the scrape still answers, without `syncd_syncs`. */
  onCountError(error: unknown): void;
}

/** The API's metrics: requests by route and status, and syncs by status read from storage at scrape time. */
export class ApiMetrics {
  readonly registry = processRegistry();
  private readonly registers = [this.registry];

  private readonly requests = new Counter({
    name: 'syncd_api_requests_total',
    help: 'API requests answered, by method, route pattern (such as /v1/syncs/:id) and status.',
    labelNames: ['method', 'route', 'status'],
    registers: this.registers,
  });
  private readonly requestDuration = new Histogram({
    name: 'syncd_api_request_duration_seconds',
    help: 'Time from receiving an API request to the end of its answer, by method, route pattern and status.',
    labelNames: ['method', 'route', 'status'],
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: this.registers,
  });

  constructor(options: ApiMetricsOptions) {
    new Gauge({
      name: 'syncd_syncs',
      help: 'Syncs stored, by status (active, paused, cancelled); read from storage at each scrape.',
      labelNames: ['status'],
      registers: this.registers,
      async collect() {
        try {
          const counts = await options.countSyncs();
          for (const status of SYNC_STATUSES) this.set({ status }, counts[status]);
        } catch (error) {
          this.reset();
          options.onCountError(error);
        }
      },
    });
  }

  apiRequest(labels: { method: string; route: string; status: number }, seconds: number): void {
    const named = { ...labels, status: String(labels.status) };
    this.requests.inc(named);
    this.requestDuration.observe(named, seconds);
  }
}
