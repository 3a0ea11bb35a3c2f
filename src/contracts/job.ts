import type { JobError } from './job-error.js';

export const JOB_STATUSES = ['running', 'succeeded', 'failed', 'cancelled'] as const;
export type JobStatus = (typeof JOB_STATUSES)[number];

/** Why a job ran: its schedule came due, a user triggered it, a resume, a create or a resync started it. */
export const JOB_TRIGGERS = ['schedule', 'manual', 'resume', 'create', 'resync'] as const;
export type JobTrigger = (typeof JOB_TRIGGERS)[number];

/** A full job fetches everything (and detects deletes); an incremental one only what changed. */
export type JobMode = 'full' | 'incremental';

export interface RecordCounts {
  created: number;
  updated: number;
  unchanged: number;
  deleted: number;
  fetched: number;
}

export const WEBHOOK_DELIVERY_STATUSES = ['pending', 'delivered', 'failed'] as const;
export type WebhookDeliveryStatus = (typeof WEBHOOK_DELIVERY_STATUSES)[number];

export interface WebhookDelivery {
  delivery_id: number;
  url: string;
  status: WebhookDeliveryStatus;
  attempts: number;
  last_status_code: number | null;
  last_error: string | null;
  updated_at: string;
}

export interface Job {
  job_id: number;
  sync_id: number;
  status: JobStatus;
  trigger: JobTrigger;
  mode: JobMode;
  started_at: string;
  ended_at: string | null;
  records: RecordCounts;
  pages: number;
  /** True when the job stopped fetching at the sync's max_total. */
  max_total_reached: boolean;
  /** Why a successful full job kept the records it did not see (another job of the sync was running); null otherwise. */
  deletes_skipped: string | null;
  /** Why a failed job failed: its class, code, message and the API's HTTP status; null unless failed. */
  error: JobError | null;
  /** The job's workflow in Temporal; the schedule names it by fire time, so the run id tells apart two jobs started in the same second. */
  workflow_id: string;
  run_id: string;
  webhook: WebhookDelivery | null;
}

/** What a job's fetch activity hands back to the workflow: counts only, never records. */
export interface FetchSummary {
  fetched: number;
  pages: number;
}

/** The webhook's JSON body, sent after every job. */
export interface JobWebhookPayload {
  event: 'job.finished';
  sync_id: number;
  job_id: number;
  status: Exclude<JobStatus, 'running'>;
  trigger: JobTrigger;
  started_at: string;
  ended_at: string | null;
  records: RecordCounts;
  pages: number;
  /** The job's JobError when it failed, else null. */
  error: JobError | null;
}
