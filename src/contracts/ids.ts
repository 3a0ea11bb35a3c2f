/** Workflow, schedule and search-attribute names shared by API, worker and workflows. */
export const syncWorkflowId = (syncId: number): string => `sync-${syncId}`;
export const syncScheduleId = (syncId: number): string => `sync-${syncId}`;
/** The schedule appends the fire time (to the second) to this; jobs started in the same second share it, each with its own run id. */
export const syncJobWorkflowIdPrefix = (syncId: number): string => `sync-${syncId}-job`;

/** A sync-level webhook event's delivery, named after the failed job that caused it, so it is sent once. */
export const syncEventDeliveryWorkflowId = (syncId: number, event: string, jobId: number): string => `sync-${syncId}-${event}-job-${jobId}`;

/** The sync a workflow id belongs to (its entity workflow, a job's, a job's webhook delivery's), for log lines. */
export function syncIdOfWorkflowId(workflowId: string): number | undefined {
  const match = /^sync-(\d+)(?:-|$)/.exec(workflowId);
  return match ? Number(match[1]) : undefined;
}
