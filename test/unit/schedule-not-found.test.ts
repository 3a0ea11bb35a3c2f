import { type Client, ScheduleNotFoundError } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import { describe, expect, it } from 'vitest';
import { createScheduleActivities } from '../../activities/schedule-activities.js';
import { WorkerMetrics } from '../../src/metrics/metrics.js';
import type { Storage } from '../../src/storage/storage.js';
import { rejectionOf } from '../helpers/thrown-by.js';

const SYNC_ID = 7;
const schedule = { type: 'interval', frequency: '1 hour', every_seconds: 3600 } as const;

/** A client whose schedule `sync-7` was deleted behind syncd's back: every handle call says so. */
function clientWithoutSchedule(): Client {
  const gone = async (): Promise<never> => {
    throw new ScheduleNotFoundError('schedule not found', `sync-${SYNC_ID}`);
  };
  const handle = { trigger: gone, pause: gone, update: gone, describe: gone, delete: gone };
  return { schedule: { getHandle: () => handle } } as unknown as Client;
}

const storage = { setPendingTrigger: async () => undefined, getSync: async () => ({ definition: { schedule } }) } as unknown as Storage;
const activities = createScheduleActivities({
  client: clientWithoutSchedule(),
  storage,
  taskQueue: 'unused',
  metrics: new WorkerMetrics(),
  defaultWebhookUrl: undefined,
  defaultPauseAfter: null,
});

describe('schedule activities when the schedule was deleted outside syncd', () => {
  it.each([
    ['pause', () => activities.pauseSyncSchedule(SYNC_ID)],
    ['resume', () => activities.resumeSyncSchedule({ sync_id: SYNC_ID, schedule, phase_at_ms: 0 })],
    ['trigger', () => activities.triggerSyncJob(SYNC_ID)],
    ['resync', () => activities.triggerResync({ sync_id: SYNC_ID, clear_records: false })],
    ['reschedule', () => activities.updateSyncSchedule({ sync_id: SYNC_ID, schedule, phase_at_ms: 0 })],
    ['apply the stored schedule', () => activities.applyStoredSchedule({ sync_id: SYNC_ID, phase_at_ms: 0 })],
  ])('%s fails for good, telling the operator to cancel and recreate the sync', async (_name, call) => {
    const error = await rejectionOf(call());
    expect(error).toBeInstanceOf(ApplicationFailure);
    expect(error).toMatchObject({
      nonRetryable: true,
      type: 'sync_workflow_closed',
      message: `the schedule of sync ${SYNC_ID} was deleted outside syncd; cancel the sync and create it again`,
    });
  });

  it('removing it is a no-op that finds no running job', async () => {
    expect(await activities.removeSyncSchedule(SYNC_ID)).toEqual([]);
  });
});
