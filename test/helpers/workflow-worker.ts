import { randomUUID } from 'node:crypto';
import { Client, Connection, type WorkflowHandle } from '@temporalio/client';
import { NativeConnection, Worker } from '@temporalio/worker';
import type { FakeActivities } from './fake-activities.js';
import { useTestLogger } from './test-overrides.js';

// Workflow tests fail activities on purpose: their worker logs go to the test logger, shown only for a failed test.
useTestLogger();

/**
 * syncd's real workflow bundle served by workers whose activities are fakes, each on a task queue
 * of its own, against a dev server: the workflows' rules tested without the API or a database.
 */
export class WorkflowTestEnv {
  private constructor(
    readonly client: Client,
    private readonly connection: Connection,
    private readonly nativeConnection: NativeConnection,
    private readonly workflowBundlePath: string,
  ) {}

  static async connect(address: string, workflowBundlePath: string): Promise<WorkflowTestEnv> {
    const connection = await Connection.connect({ address });
    const nativeConnection = await NativeConnection.connect({ address });
    return new WorkflowTestEnv(new Client({ connection }), connection, nativeConnection, workflowBundlePath);
  }

  /** Runs `body` while a worker with `fake`'s activities serves a fresh task queue; stops it after. */
  async withWorker<T>(fake: FakeActivities, body: (taskQueue: string) => Promise<T>): Promise<T> {
    const taskQueue = `workflow-test-${randomUUID()}`;
    const worker = await Worker.create({
      connection: this.nativeConnection,
      taskQueue,
      workflowBundle: { codePath: this.workflowBundlePath },
      activities: fake.activities(),
      // As syncd's worker: heartbeats carry cancellation to a running job, flushed every second.
      maxHeartbeatThrottleInterval: '1 second',
      defaultHeartbeatThrottleInterval: '1 second',
    });
    return worker.runUntil(() => body(taskQueue));
  }

  async close(): Promise<void> {
    await this.nativeConnection.close();
    await this.connection.close();
  }
}

/**
 * The activities the workflow has scheduled so far, from its history: once an update is accepted,
 * whatever its handler could start in that workflow task is already there, so absence is final.
 */
export async function scheduledActivities(handle: WorkflowHandle): Promise<string[]> {
  const { events } = await handle.fetchHistory();
  return (events ?? []).flatMap((event) => event.activityTaskScheduledEventAttributes?.activityType?.name ?? []);
}

/** A workflow id no other test uses. */
export const testWorkflowId = (kind: string): string => `${kind}-test-${randomUUID()}`;
