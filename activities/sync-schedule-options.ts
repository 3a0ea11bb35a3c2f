import { type ScheduleOptions, ScheduleOverlapPolicy, type ScheduleUpdateOptions } from '@temporalio/client';
import { syncJobWorkflowIdPrefix, syncScheduleId } from '../src/contracts/ids.js';
import type { SyncSchedule } from '../src/contracts/schedule.js';
import { workflowTypes } from '../src/contracts/workflow-types.js';
import { SyncIdAttribute } from '../src/temporal/search-attributes.js';
import { catchupWindowSeconds, scheduleSpecFor } from './schedule-spec.js';

/** Everything a sync's schedule is made of: syncd owns every field. */
export interface SyncScheduleShape {
  sync_id: number;
  schedule: SyncSchedule;
  /** When an interval is phased: creation, or the change (pause, resume, new frequency) writing it. */
  phase_at_ms: number;
  paused: boolean;
  note: string;
  /** Where the schedule starts job workflows. */
  taskQueue: string;
}

/**
 * The whole schedule of a sync, as it is created and as every change writes it back: since syncd
 * owns every field, a change never reads the schedule first.
 */
export function syncScheduleUpdate(shape: SyncScheduleShape): ScheduleUpdateOptions {
  return {
    spec: scheduleSpecFor(shape.schedule, shape.phase_at_ms),
    action: {
      type: 'startWorkflow',
      workflowType: workflowTypes.syncJob,
      workflowId: syncJobWorkflowIdPrefix(shape.sync_id),
      taskQueue: shape.taskQueue,
      args: [{ sync_id: shape.sync_id }],
      typedSearchAttributes: [{ key: SyncIdAttribute, value: shape.sync_id }],
    },
    policies: {
      // One job at a time; a job due while one runs waits, and at most one waits.
      overlap: ScheduleOverlapPolicy.BUFFER_ONE,
      catchupWindow: `${catchupWindowSeconds(shape.schedule)}s`,
      pauseOnFailure: false,
    },
    state: { paused: shape.paused, note: shape.note },
  };
}

export function syncScheduleOptions(shape: SyncScheduleShape): ScheduleOptions {
  return {
    scheduleId: syncScheduleId(shape.sync_id),
    ...syncScheduleUpdate(shape),
    typedSearchAttributes: [{ key: SyncIdAttribute, value: shape.sync_id }],
  };
}
