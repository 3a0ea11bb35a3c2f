// The floor of any design in which a workflow applies a schedule change before its Update answers:
// an Update whose handler makes the raw schedule call in one local activity, and nothing else.
// Bundled on its own by the control bench (update-floor.ts), never by syncd's worker.
import { condition, defineUpdate, proxyLocalActivities, setHandler } from '@temporalio/workflow';

export type FloorCall = 'pause' | 'unpause' | 'trigger';

export interface FloorActivities {
  scheduleCall(scheduleId: string, call: FloorCall): Promise<void>;
}

const local = proxyLocalActivities<FloorActivities>({ startToCloseTimeout: '10 seconds' });

export const floorNoopUpdate = defineUpdate<void>('floorNoop');
export const floorScheduleUpdate = defineUpdate<void, [string, FloorCall]>('floorSchedule');

export async function floorEntityWorkflow(): Promise<void> {
  setHandler(floorNoopUpdate, () => undefined);
  setHandler(floorScheduleUpdate, (scheduleId, call) => local.scheduleCall(scheduleId, call));
  await condition(() => false);
}
