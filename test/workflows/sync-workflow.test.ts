import { randomInt, randomUUID } from 'node:crypto';
import { Client, Connection, WorkflowUpdateFailedError } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import { NativeConnection, Worker } from '@temporalio/worker';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { createActivities } from '../../activities/index.js';
import { ErrorCode } from '../../src/contracts/errors.js';
import { cancelUpdate, lifecycleQuery, pauseUpdate, readyUpdate, type SyncWorkflowInput } from '../../src/contracts/messages.js';
import type { SyncStatus } from '../../src/contracts/sync.js';
import { workflowTypes } from '../../src/contracts/workflow-types.js';
import type { syncWorkflow } from '../../workflows/sync-workflow.js';
import { useTestLogger } from '../helpers/test-overrides.js';

type Activities = ReturnType<typeof createActivities>;

/**
 * The entity workflow on its own: real dev server and workflow bundle, fake activities that
 * record what the workflow asked for, so setup failures can be staged that Temporal itself would
 * only produce under an outage.
 */
class FakeScheduleActivities {
  readonly calls: string[] = [];
  readonly statuses: SyncStatus[] = [];
  createAttempts = 0;
  /** What each attempt at creating the schedule does. */
  createSchedule: () => Promise<void> = async () => undefined;

  activities(): Partial<Activities> {
    return {
      createSyncSchedule: async () => {
        this.createAttempts += 1;
        this.calls.push('createSyncSchedule');
        await this.createSchedule();
      },
      recordSyncStatus: async (_syncId, status) => {
        this.statuses.push(status);
      },
      pauseSyncSchedule: async () => {
        this.calls.push('pauseSyncSchedule');
      },
      removeSyncSchedule: async () => {
        this.calls.push('removeSyncSchedule');
        return [];
      },
      cancelSyncJobs: async () => {
        this.calls.push('cancelSyncJobs');
      },
    };
  }
}

let connection: Connection;
let client: Client;
let nativeConnection: NativeConnection;
beforeAll(async () => {
  useTestLogger();
  connection = await Connection.connect({ address: inject('temporalAddress') });
  client = new Client({ connection });
  nativeConnection = await NativeConnection.connect({ address: inject('temporalAddress') });
});
afterAll(async () => {
  await nativeConnection.close();
  await connection.close();
});

/** Runs `body` against a sync workflow served by a worker with the fake activities. */
async function withSyncWorkflow(fake: FakeScheduleActivities, body: (workflowId: string) => Promise<void>): Promise<void> {
  const taskQueue = `workflow-test-${randomUUID()}`;
  const worker = await Worker.create({
    connection: nativeConnection,
    taskQueue,
    workflowBundle: { codePath: inject('workflowBundlePath') },
    activities: fake.activities(),
  });
  const workflowId = `sync-workflow-test-${randomUUID()}`;
  const input: SyncWorkflowInput = { sync_id: randomInt(1, 1_000_000_000), schedule: { type: 'interval', every_seconds: 3600 }, status: 'active' };
  await worker.runUntil(async () => {
    await client.workflow.start<typeof syncWorkflow>(workflowTypes.sync, { workflowId, taskQueue, args: [input] });
    await body(workflowId);
  });
}

const failureType = (error: unknown): string | undefined =>
  error instanceof WorkflowUpdateFailedError && error.cause instanceof ApplicationFailure ? (error.cause.type ?? undefined) : undefined;

describe('setting up the schedule', () => {
  it('a schedule Temporal rejects fails ready at once, refuses every change, and ends the sync as cancelled', async () => {
    const fake = new FakeScheduleActivities();
    fake.createSchedule = async () => {
      throw ApplicationFailure.nonRetryable('Temporal rejected the schedule: invalid cron', ErrorCode.ScheduleRejected);
    };
    await withSyncWorkflow(fake, async (workflowId) => {
      const handle = client.workflow.getHandle(workflowId);
      const ready = await handle.executeUpdate(readyUpdate).catch((error: unknown) => error);
      expect(failureType(ready)).toBe(ErrorCode.ScheduleRejected);
      expect(String((ready as WorkflowUpdateFailedError).cause?.message)).toContain('invalid cron');
      expect(failureType(await handle.executeUpdate(pauseUpdate).catch((error: unknown) => error))).toBe(ErrorCode.ScheduleRejected);
      expect(await handle.result()).toMatchObject({ status: 'cancelled' });
      expect(fake.createAttempts).toBe(1);
      expect(fake.statuses).toEqual(['cancelled']);
    });
  });

  it('cancel answers promptly while setup still retries, and removes the schedule after the last attempt', async () => {
    const fake = new FakeScheduleActivities();
    fake.createSchedule = async () => {
      throw new Error('Temporal is unreachable');
    };
    await withSyncWorkflow(fake, async (workflowId) => {
      const handle = client.workflow.getHandle(workflowId);
      const started = Date.now();
      while (fake.createAttempts < 2) await new Promise((resolve) => setTimeout(resolve, 100));
      const cancelled = await handle.executeUpdate(cancelUpdate);
      expect(cancelled.status).toBe('cancelled');
      expect(Date.now() - started).toBeLessThan(10_000);
      const attemptsAtCancel = fake.createAttempts;
      expect(await handle.result()).toMatchObject({ status: 'cancelled' });
      expect(fake.calls.slice(-2)).toEqual(['removeSyncSchedule', 'cancelSyncJobs']);
      expect(fake.createAttempts).toBe(attemptsAtCancel);
    });
  });

  it('a pause sent before setup finished waits for it and then applies', async () => {
    const fake = new FakeScheduleActivities();
    let finishSetup: () => void = () => undefined;
    fake.createSchedule = () => new Promise((resolve) => (finishSetup = resolve));
    await withSyncWorkflow(fake, async (workflowId) => {
      const handle = client.workflow.getHandle(workflowId);
      while (fake.createAttempts < 1) await new Promise((resolve) => setTimeout(resolve, 50));
      const pausing = handle.executeUpdate(pauseUpdate);
      await new Promise((resolve) => setTimeout(resolve, 500));
      expect(fake.calls).toEqual(['createSyncSchedule']);
      finishSetup();
      expect(await pausing).toMatchObject({ status: 'paused' });
      expect(await handle.query(lifecycleQuery)).toMatchObject({ status: 'paused' });
      expect(fake.calls).toEqual(['createSyncSchedule', 'pauseSyncSchedule']);
      await handle.executeUpdate(cancelUpdate);
    });
  });
});
