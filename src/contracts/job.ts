export const JOB_STATUSES = ['running', 'succeeded', 'failed', 'cancelled'] as const;
export type JobStatus = (typeof JOB_STATUSES)[number];

/** Why a job ran: its schedule came due, a user triggered it, a resume or a create started it. */
export const JOB_TRIGGERS = ['schedule', 'manual', 'resume', 'create'] as const;
export type JobTrigger = (typeof JOB_TRIGGERS)[number];

export interface RecordCounts {
  created: number;
  updated: number;
  unchanged: number;
  fetched: number;
}

export interface Job {
  job_id: number;
  sync_id: number;
  status: JobStatus;
  trigger: JobTrigger;
  started_at: string;
  ended_at: string | null;
  records: RecordCounts;
  pages: number;
  error: string | null;
  workflow_id: string;
}

/** What a job's fetch activity hands back to the workflow: counts only, never records. */
export interface FetchSummary {
  fetched: number;
  pages: number;
}
