import { randomInt } from 'node:crypto';
import { WorkflowFailedError, type WorkflowHandle, WorkflowUpdateFailedError, WorkflowUpdateStage } from '@temporalio/client';
import { ApplicationFailure, CancelledFailure } from '@temporalio/common';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { ErrorCode } from '../../src/contracts/errors.js';
import { operatorOrigin } from '../../src/temporal/change-origin.js';
import {
  cancelUpdate,
  lifecycleQuery,
  pauseUpdate,
  readyUpdate,
  rescheduleUpdate,
  resumeUpdate,
  resyncUpdate,
  type SyncWorkflowInput,
  triggerUpdate,
} from '../../src/temporal/messages.js';
import { syncWorkflow } from '../../workflows/sync-workflow.js';
import { FakeActivities } from '../helpers/fake-activities.js';
import { scheduledActivities, testWorkflowId, WorkflowTestEnv } from '../helpers/workflow-worker.js';

/**
 * The entity workflow on its own: the real workflow bundle on the suite's dev server, with fake
 * activities that record what the workflow asked for and fail or hang when a test says so.
 */
let env: WorkflowTestEnv;
beforeAll(async () => {
  env = await WorkflowTestEnv.connect(inject('temporalAddress'), inject('workflowBundlePath'));
});
afterAll(() => env.close());

type SyncHandle = WorkflowHandle<typeof syncWorkflow>;

const hourly = { type: 'interval', every_seconds: 3600 } as const;

/** Runs `body` against a new sync workflow served by a worker with `fake`'s activities. */
async function withSyncWorkflow(
  fake: FakeActivities,
  start: Partial<SyncWorkflowInput>,
  body: (handle: SyncHandle, syncId: number) => Promise<void>,
): Promise<void> {
  const syncId = randomInt(1, 1_000_000_000);
  const input: SyncWorkflowInput = { sync_id: syncId, schedule: hourly, status: 'active', ...start };
  await env.withWorker(fake, async (taskQueue) => {
    const handle = await env.client.workflow.start(syncWorkflow, { workflowId: testWorkflowId('sync'), taskQueue, args: [input] });
    try {
      await body(handle, syncId);
    } finally {
      if ((await handle.describe()).status.name === 'RUNNING') await handle.terminate('test over');
    }
  });
}

/** A sync whose schedule exists already, as after continue-as-new: no setup runs. */
const ready = (status: SyncWorkflowInput['status']): Partial<SyncWorkflowInput> => ({ status, schedule_ready: true });

const failureType = (error: unknown): string | undefined =>
  error instanceof WorkflowUpdateFailedError && error.cause instanceof ApplicationFailure ? (error.cause.type ?? undefined) : undefined;

const rejection = (update: Promise<unknown>): Promise<unknown> =>
  update.then(
    () => new Error('expected the update to be rejected'),
    (error: unknown) => error,
  );

/** Names of the updates the workflow accepted: a validator's rejection leaves no trace in history. */
async function acceptedUpdates(handle: WorkflowHandle): Promise<string[]> {
  const { events } = await handle.fetchHistory();
  return (events ?? []).flatMap((event) => event.workflowExecutionUpdateAcceptedEventAttributes?.acceptedRequest?.input?.name ?? []);
}

describe('setting up the schedule', () => {
  it('a schedule Temporal rejects fails ready at once, refuses every change, and ends the sync as cancelled', async () => {
    const fake = new FakeActivities().on('createSyncSchedule', async () => {
      throw ApplicationFailure.nonRetryable('Temporal rejected the schedule: invalid cron', ErrorCode.ScheduleRejected);
    });
    // Held, so the workflow is still there to refuse the pause instead of having ended already.
    const closing = fake.hold('recordSyncStatus');
    await withSyncWorkflow(fake, {}, async (handle) => {
      const notReady = await rejection(handle.executeUpdate(readyUpdate));
      expect(failureType(notReady)).toBe(ErrorCode.ScheduleRejected);
      expect(String((notReady as WorkflowUpdateFailedError).cause?.message)).toContain('invalid cron');
      await closing.reached;
      expect(failureType(await rejection(handle.executeUpdate(pauseUpdate, { args: [null] })))).toBe(ErrorCode.ScheduleRejected);
      closing.release();
      expect(await handle.result()).toMatchObject({ status: 'cancelled' });
      expect(fake.names()).toEqual(['createSyncSchedule', 'recordSyncStatus']);
      expect(fake.argsOf('recordSyncStatus').map(([, status]) => status)).toEqual(['cancelled']);
    });
  });

  it('cancel answers promptly while setup still retries, and removes the schedule after the last attempt', async () => {
    const fake = new FakeActivities().on('createSyncSchedule', async () => {
      throw new Error('Temporal is unreachable');
    });
    await withSyncWorkflow(fake, {}, async (handle) => {
      const started = Date.now();
      await fake.called('createSyncSchedule', 2);
      const cancelled = await handle.executeUpdate(cancelUpdate, { args: [null] });
      expect(cancelled.status).toBe('cancelled');
      expect(Date.now() - started).toBeLessThan(10_000);
      const attemptsAtCancel = fake.argsOf('createSyncSchedule').length;
      expect(await handle.result()).toMatchObject({ status: 'cancelled' });
      expect(fake.names().slice(-2)).toEqual(['removeSyncSchedule', 'cancelSyncJobs']);
      expect(fake.argsOf('createSyncSchedule')).toHaveLength(attemptsAtCancel);
    });
  });

  it('a pause sent before setup finished waits for it and then applies', async () => {
    const fake = new FakeActivities();
    const setup = fake.hold('createSyncSchedule');
    await withSyncWorkflow(fake, {}, async (handle) => {
      await setup.reached;
      const pausing = await handle.startUpdate(pauseUpdate, { args: [null], waitForStage: WorkflowUpdateStage.ACCEPTED });
      expect(await scheduledActivities(handle)).toEqual(['createSyncSchedule']);
      setup.release();
      expect(await pausing.result()).toMatchObject({ status: 'paused' });
      expect(await handle.query(lifecycleQuery)).toMatchObject({ status: 'paused' });
      expect(fake.names()).toEqual(['createSyncSchedule', 'pauseSync']);
    });
  });
});

describe('validators', () => {
  it('every change to a cancelled sync is rejected before its handler runs, so no activity runs', async () => {
    const fake = new FakeActivities();
    const stopping = fake.hold('cancelSyncJobs');
    await withSyncWorkflow(fake, ready('active'), async (handle, syncId) => {
      const cancelling = handle.executeUpdate(cancelUpdate, { args: [null] });
      // The sync is cancelled from here on while the cancel still holds the workflow open.
      await stopping.reached;
      const callsAtCancel = fake.names();
      const rejected = await Promise.all([
        rejection(handle.executeUpdate(pauseUpdate, { args: [null] })),
        rejection(handle.executeUpdate(resumeUpdate, { args: [null] })),
        rejection(handle.executeUpdate(triggerUpdate, { args: [null] })),
        rejection(handle.executeUpdate(resyncUpdate, { args: [{ clear_records: true }, null] })),
        rejection(handle.executeUpdate(rescheduleUpdate, { args: [hourly] })),
      ]);
      for (const error of rejected) {
        expect(failureType(error)).toBe(ErrorCode.SyncCancelled);
        expect((error as WorkflowUpdateFailedError).cause?.message).toBe(
          `sync ${syncId} is cancelled; a cancelled sync can never run again`,
        );
      }
      expect(await acceptedUpdates(handle)).toEqual(['cancel']);
      expect(fake.names()).toEqual(callsAtCancel);
      stopping.release();
      expect(await cancelling).toMatchObject({ status: 'cancelled' });
      expect(await handle.result()).toEqual({ sync_id: syncId, status: 'cancelled' });
      expect(fake.names()).toEqual(['recordSyncStatus', 'removeSyncSchedule', 'cancelSyncJobs']);
    });
  });
});

describe('handlers one at a time', () => {
  // A change's local activity runs inside the workflow task that took the update in, so an update
  // sent meanwhile reaches the workflow only once that task is done: it cannot overtake the change.
  it.each([
    ['a resume sent while a pause is being applied', pauseUpdate, 'pauseSync', resumeUpdate, 'resumeSync', 'active'],
    ['a pause sent while a trigger is being applied', triggerUpdate, 'triggerSync', pauseUpdate, 'pauseSync', 'paused'],
  ] as const)('%s runs only once it is done', async (_name, firstUpdate, firstActivity, secondUpdate, secondActivity, finalStatus) => {
    const fake = new FakeActivities();
    const firstApplying = fake.hold(firstActivity);
    await withSyncWorkflow(fake, ready(firstUpdate === resumeUpdate ? 'paused' : 'active'), async (handle, syncId) => {
      const first = handle.executeUpdate(firstUpdate, { args: [null] });
      await firstApplying.reached;
      const second = handle.executeUpdate(secondUpdate, { args: [null] });
      await new Promise((resolve) => setTimeout(resolve, 500));
      expect(fake.names()).toEqual([firstActivity]);
      firstApplying.release();
      await first;
      expect(await second).toEqual({ sync_id: syncId, status: finalStatus });
      expect(fake.names()).toEqual([firstActivity, secondActivity]);
    });
  });
});

describe('an auto-pause', () => {
  it("sent while a user's pause is being applied waits for it under the lock, then does nothing", async () => {
    const fake = new FakeActivities();
    const userPausing = fake.hold('pauseSync');
    const user = { actor: 'ci', request_id: 'req-1' };
    const policy = { actor: 'policy', request_id: null, message: '5 consecutive jobs failed', job_id: 9 };
    await withSyncWorkflow(fake, ready('active'), async (handle, syncId) => {
      const byUser = handle.executeUpdate(pauseUpdate, { args: [user] });
      await userPausing.reached;
      const byPolicy = handle.executeUpdate(pauseUpdate, { args: [policy] });
      userPausing.release();
      await byUser;
      expect(await byPolicy).toEqual({ sync_id: syncId, status: 'paused' });
      expect(fake.argsOf('pauseSync')).toEqual([[{ sync_id: syncId, schedule: expect.anything(), origin: user }]]);
    });
  });
});

describe('no-op changes', () => {
  it.each([
    ['pausing a paused sync', 'paused', pauseUpdate],
    ['resuming an active sync', 'active', resumeUpdate],
  ] as const)('%s answers its state and calls no activity', async (_name, status, update) => {
    const fake = new FakeActivities();
    await withSyncWorkflow(fake, ready(status), async (handle, syncId) => {
      expect(await handle.executeUpdate(update, { args: [null] })).toEqual({ sync_id: syncId, status });
      expect(await handle.executeUpdate(update, { args: [null] })).toEqual({ sync_id: syncId, status });
      expect(fake.calls).toEqual([]);
    });
  });
});

describe('trigger and resync', () => {
  it('ask the schedule for a job and leave the status as it was, passing on who asked (the operator when nobody says)', async () => {
    const fake = new FakeActivities();
    const origin = { actor: 'ci', request_id: 'req-1' };
    await withSyncWorkflow(fake, ready('paused'), async (handle, syncId) => {
      expect(await handle.executeUpdate(triggerUpdate, { args: [origin] })).toEqual({ sync_id: syncId, status: 'paused' });
      expect(await handle.executeUpdate(resyncUpdate, { args: [{ clear_records: true }, null] })).toEqual({
        sync_id: syncId,
        status: 'paused',
      });
      expect(fake.calls).toEqual([
        { name: 'triggerSync', args: [{ sync_id: syncId, reason: 'manual', clear_records: false, origin }] },
        { name: 'triggerSync', args: [{ sync_id: syncId, reason: 'resync', clear_records: true, origin: operatorOrigin }] },
      ]);
    });
  });
});

describe('reschedule', () => {
  it('applies the stored schedule rather than its argument, and later resumes use that schedule', async () => {
    const stored = { type: 'cron', expression: '0 * * * *', timezone: 'Europe/Paris' } as const;
    const fake = new FakeActivities().on('rescheduleSync', async () => stored);
    await withSyncWorkflow(fake, ready('paused'), async (handle, syncId) => {
      expect(await handle.executeUpdate(rescheduleUpdate, { args: [{ type: 'interval', every_seconds: 60 }] })).toEqual({
        sync_id: syncId,
        status: 'paused',
      });
      expect(fake.argsOf('rescheduleSync')).toEqual([[{ sync_id: syncId, paused: true }]]);
      await handle.executeUpdate(resumeUpdate, { args: [null] });
      expect(fake.argsOf('resumeSync')).toEqual([[{ sync_id: syncId, schedule: stored, origin: operatorOrigin }]]);
    });
  });
});

describe('cancel', () => {
  it('during a job hands the jobs the schedule still runs to cancelSyncJobs, then ends the workflow', async () => {
    const running = [{ workflowId: 'sync-1-job-2026-01-01T00:00:00Z', firstExecutionRunId: 'run-1' }];
    const fake = new FakeActivities().on('removeSyncSchedule', async () => running);
    await withSyncWorkflow(fake, ready('active'), async (handle, syncId) => {
      expect(await handle.executeUpdate(cancelUpdate, { args: [null] })).toEqual({ sync_id: syncId, status: 'cancelled' });
      expect(fake.calls).toEqual([
        { name: 'recordSyncStatus', args: [syncId, 'cancelled', operatorOrigin] },
        { name: 'removeSyncSchedule', args: [syncId] },
        { name: 'cancelSyncJobs', args: [running] },
      ]);
      expect(await handle.result()).toEqual({ sync_id: syncId, status: 'cancelled' });
    });
  });

  it('an operator cancelling the workflow cancels the sync the same way and ends it as Canceled', async () => {
    const fake = new FakeActivities();
    await withSyncWorkflow(fake, ready('paused'), async (handle, syncId) => {
      await handle.cancel();
      const ended = await rejection(handle.result());
      expect(ended).toBeInstanceOf(WorkflowFailedError);
      expect((ended as WorkflowFailedError).cause).toBeInstanceOf(CancelledFailure);
      expect(fake.names()).toEqual(['recordSyncStatus', 'removeSyncSchedule', 'cancelSyncJobs']);
      expect(fake.argsOf('recordSyncStatus')).toEqual([[syncId, 'cancelled', operatorOrigin]]);
    });
  });
});
