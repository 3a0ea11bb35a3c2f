import {
  ApplicationFailure,
  CancellationScope,
  allHandlersFinished,
  condition,
  continueAsNew,
  isCancellation,
  proxyActivities,
  setHandler,
  upsertSearchAttributes,
  workflowInfo,
} from '@temporalio/workflow';
import type { createActivities } from '../activities/index.js';
import { ErrorCode } from '../src/contracts/errors.js';
import {
  cancelUpdate,
  lifecycleQuery,
  pauseUpdate,
  readyUpdate,
  rescheduleUpdate,
  resumeUpdate,
  resyncUpdate,
  triggerUpdate,
  type SyncLifecycle,
  type SyncWorkflowInput,
} from '../src/contracts/messages.js';
import { SyncStatusAttribute } from '../src/contracts/search-attributes.js';
import type { SyncStatus } from '../src/contracts/sync.js';
import { bookkeepingOptions } from './activity-options.js';
import { Lock } from './lock.js';
import { SyncState } from './sync-state.js';

type Activities = ReturnType<typeof createActivities>;

const schedules = proxyActivities<Activities>(bookkeepingOptions);
const jobsStopping = proxyActivities<Activities>({ ...bookkeepingOptions, startToCloseTimeout: '2 minutes' });

function cancelledFailure(syncId: number): ApplicationFailure {
  return ApplicationFailure.create({
    type: ErrorCode.SyncCancelled,
    message: `sync ${syncId} is cancelled; a cancelled sync can never run again`,
    nonRetryable: true,
  });
}

/**
 * The entity workflow of one sync: the single source of truth for active, paused and cancelled.
 * Every change goes through an update that first applies it to the sync's schedule and database
 * row (idempotent activities), so the update's answer is the state everywhere.
 */
export async function syncWorkflow(input: SyncWorkflowInput): Promise<SyncLifecycle> {
  const syncId = input.sync_id;
  const state = new SyncState(syncId, input.status, input.schedule_ready ?? false, input.schedule);
  const lock = new Lock();
  const lifecycle = (): SyncLifecycle => state.lifecycle();
  const ready = (): boolean => state.isReady();

  const become = async (next: SyncStatus): Promise<void> => {
    state.set(next);
    upsertSearchAttributes([{ key: SyncStatusAttribute, value: next }]);
    await schedules.recordSyncStatus(syncId, next);
  };

  // Takes (and ignores) the update's arguments, so it serves as every lifecycle update's validator.
  const rejectIfCancelled = (..._args: unknown[]): void => {
    if (state.is('cancelled')) throw cancelledFailure(syncId);
  };

  /** Runs a lifecycle change once setup is done, one at a time, re-checking state under the lock. */
  const change = (body: () => Promise<void>) => async (): Promise<SyncLifecycle> => {
    await condition(ready);
    return lock.run(async () => {
      rejectIfCancelled();
      await body();
      return lifecycle();
    });
  };

  const cancelSync = async (): Promise<void> => {
    if (state.is('cancelled')) return;
    await become('cancelled');
    const runningJobs = await schedules.removeSyncSchedule(syncId);
    await jobsStopping.cancelSyncJobs(runningJobs);
  };

  setHandler(lifecycleQuery, lifecycle);
  setHandler(readyUpdate, async () => {
    await condition(ready);
    return lifecycle();
  });
  setHandler(
    pauseUpdate,
    change(async () => {
      if (state.is('paused')) return;
      await schedules.pauseSyncSchedule(syncId);
      await become('paused');
    }),
    { validator: rejectIfCancelled },
  );
  setHandler(
    resumeUpdate,
    change(async () => {
      if (state.is('active')) return;
      await become('active');
      await schedules.resumeSyncSchedule({ sync_id: syncId, schedule: state.schedule, phase_at_ms: Date.now() });
    }),
    { validator: rejectIfCancelled },
  );
  setHandler(
    triggerUpdate,
    change(() => schedules.triggerSyncJob(syncId)),
    { validator: rejectIfCancelled },
  );
  setHandler(
    resyncUpdate,
    (options) => change(() => schedules.triggerResync({ sync_id: syncId, clear_records: options.clear_records }))(),
    { validator: rejectIfCancelled },
  );
  setHandler(
    rescheduleUpdate,
    (schedule) =>
      change(async () => {
        state.schedule = schedule;
        await schedules.updateSyncSchedule({ sync_id: syncId, schedule, phase_at_ms: Date.now() });
      })(),
    { validator: rejectIfCancelled },
  );
  setHandler(cancelUpdate, async () => {
    await condition(ready);
    return lock.run(async () => {
      await cancelSync();
      return lifecycle();
    });
  });

  try {
    if (!state.isReady()) {
      await schedules.createSyncSchedule({
        sync_id: syncId,
        schedule: state.schedule,
        paused: state.is('paused'),
        phase_at_ms: Date.now(),
      });
      state.markReady();
    }
    await condition(() => state.is('cancelled') || workflowInfo().continueAsNewSuggested);
  } catch (error) {
    // `temporal workflow cancel sync-<id>` from an operator cancels the sync like the API does,
    // and the workflow still ends as Canceled so the Web UI shows what the operator did.
    if (!isCancellation(error)) throw error;
    await CancellationScope.nonCancellable(async () => {
      await lock.run(cancelSync);
      await condition(allHandlersFinished);
    });
    throw error;
  }
  await condition(allHandlersFinished);
  if (state.is('cancelled')) return lifecycle();
  return continueAsNew<typeof syncWorkflow>({
    ...input,
    schedule: state.schedule,
    status: state.is('paused') ? 'paused' : 'active',
    schedule_ready: true,
  });
}
