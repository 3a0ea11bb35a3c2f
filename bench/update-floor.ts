// Runs the floor workflow (floor-workflows.ts) on a worker of its own in the bench's process, so the
// control bench can put each syncd call next to the least an Update that applies it can cost.
import { randomUUID } from 'node:crypto';
import { createRequire } from 'node:module';
import { type Client, ScheduleOverlapPolicy, type WorkflowHandle } from '@temporalio/client';
import { NativeConnection, Worker } from '@temporalio/worker';
import { type FloorActivities, type FloorCall, floorEntityWorkflow, floorNoopUpdate, floorScheduleUpdate } from './floor-workflows.js';

export interface UpdateFloor {
  noop(): Promise<void>;
  /** The Update whose local activity makes `call` on the schedule. */
  scheduleCall(scheduleId: string, call: FloorCall): Promise<void>;
  stop(): Promise<void>;
}

export async function startUpdateFloor(client: Client, address: string): Promise<UpdateFloor> {
  const taskQueue = `bench-floor-${randomUUID()}`;
  const activities: FloorActivities = {
    async scheduleCall(scheduleId, call) {
      const schedule = client.schedule.getHandle(scheduleId);
      if (call === 'pause') await schedule.pause();
      else if (call === 'unpause') await schedule.unpause();
      else await schedule.trigger(ScheduleOverlapPolicy.BUFFER_ONE);
    },
  };
  const connection = await NativeConnection.connect({ address });
  const worker = await Worker.create({
    connection,
    namespace: client.options.namespace,
    taskQueue,
    workflowsPath: createRequire(import.meta.url).resolve('./floor-workflows.ts'),
    activities,
  });
  const running = worker.run();
  const entity: WorkflowHandle<typeof floorEntityWorkflow> = await client.workflow.start(floorEntityWorkflow, {
    taskQueue,
    workflowId: taskQueue,
  });
  return {
    noop: () => entity.executeUpdate(floorNoopUpdate),
    scheduleCall: (scheduleId, call) => entity.executeUpdate(floorScheduleUpdate, { args: [scheduleId, call] }),
    async stop() {
      await entity.terminate('bench finished').catch(() => undefined);
      worker.shutdown();
      await running;
      await connection.close();
    },
  };
}
