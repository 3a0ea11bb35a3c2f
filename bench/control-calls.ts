// The control calls the control and scale benches time: pause, resume and trigger through the
// REST API, the raw Temporal schedule calls they map to, and a no-op Update round trip.
import { randomUUID } from 'node:crypto';
import { type ScheduleHandle, ScheduleOverlapPolicy } from '@temporalio/client';
import { scheduleSpecFor } from '../activities/schedule-spec.js';
import { syncWorkflowId } from '../src/contracts/ids.js';
import { pauseUpdate } from '../src/temporal/messages.js';
import type { Harness } from '../test/helpers/harness.js';
import type { LatencyRecorder } from './latency-stats.js';

export type ApiControlOp = 'api resume' | 'api pause' | 'api trigger';
export type RawControlOp = 'raw unpause' | 'raw pause' | 'raw trigger';

/** Each API call next to the raw Temporal call it maps to. */
export const CONTROL_PAIRS: readonly [ApiControlOp, RawControlOp][] = [
  ['api pause', 'raw pause'],
  ['api resume', 'raw unpause'],
  ['api trigger', 'raw trigger'],
];

export async function ok(response: Promise<{ status: number; body: unknown }>, what: string): Promise<void> {
  const { status, body } = await response;
  if (status !== 200 && status !== 201) throw new Error(`${what} answered ${status}: ${JSON.stringify(body)}`);
}

/**
 * Resume, pause and trigger a paused sync through `PUT /v1/syncs`; the sync ends paused. After
 * resume and trigger, `settle` (when given) waits out the job they started.
 */
export async function apiControlRound(
  h: Harness,
  samples: LatencyRecorder<ApiControlOp>,
  round: number,
  syncId: number,
  settle: () => Promise<void> = async () => undefined,
): Promise<void> {
  await samples.record('api resume', round, () => ok(h.act('resume', syncId), 'resume'));
  await settle();
  await samples.record('api pause', round, () => ok(h.act('pause', syncId), 'pause'));
  await samples.record('api trigger', round, () => ok(h.act('trigger', syncId), 'trigger'));
  await settle();
}

/** Unpause, pause and trigger a paused schedule straight through @temporalio/client; it ends paused. */
export async function rawControlRound(samples: LatencyRecorder<RawControlOp>, round: number, schedule: ScheduleHandle): Promise<void> {
  await samples.record('raw unpause', round, () => schedule.unpause());
  await samples.record('raw pause', round, () => schedule.pause());
  await samples.record('raw trigger', round, () => schedule.trigger(ScheduleOverlapPolicy.BUFFER_ONE));
}

/** An Update the entity workflow of a paused sync accepts and does nothing for: a bare Update round trip. */
export function noopUpdate(h: Harness, pausedSyncId: number): Promise<unknown> {
  return h.client.workflow.getHandle(syncWorkflowId(pausedSyncId)).executeUpdate(pauseUpdate, { args: [null] });
}

/** Paused schedules shaped like a sync's, on a task queue nobody polls. */
export async function createRawSchedules(h: Harness, count: number, everySeconds: number): Promise<ScheduleHandle[]> {
  const taskQueue = `bench-raw-${randomUUID()}`;
  return Promise.all(
    Array.from({ length: count }, (_, index) =>
      h.client.schedule.create({
        scheduleId: `bench-raw-${randomUUID()}-${index}`,
        spec: scheduleSpecFor({ type: 'interval', every_seconds: everySeconds }, Date.now()),
        action: { type: 'startWorkflow', workflowType: 'syncJobWorkflow', taskQueue, args: [{ sync_id: 0 }] },
        policies: { overlap: ScheduleOverlapPolicy.BUFFER_ONE, catchupWindow: '3600s' },
        state: { paused: true },
      }),
    ),
  );
}
