/** Workflow, schedule and search-attribute names shared by API, worker and workflows. */
export const syncWorkflowId = (syncId: number): string => `sync-${syncId}`;
export const syncScheduleId = (syncId: number): string => `sync-${syncId}`;
/** The schedule appends the fire time (to the second) to this; jobs started in the same second share it, each with its own run id. */
export const syncJobWorkflowIdPrefix = (syncId: number): string => `sync-${syncId}-job`;
