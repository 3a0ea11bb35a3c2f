/** Workflow, schedule and search-attribute names shared by API, worker and workflows. */
export const syncWorkflowId = (syncId: number): string => `sync-${syncId}`;
export const syncScheduleId = (syncId: number): string => `sync-${syncId}`;
/** The schedule appends the fire time to this, so every job has its own workflow id. */
export const syncJobWorkflowIdPrefix = (syncId: number): string => `sync-${syncId}-job`;
