import {
  ActivityCancellationType,
  ActivityFailure,
  ApplicationFailure,
  allHandlersFinished,
  CancellationScope,
  condition,
  continueAsNew,
  isCancellation,
  patched,
  proxyActivities,
  proxyLocalActivities,
  rootCause,
  setHandler,
  upsertSearchAttributes,
  workflowInfo,
} from '@temporalio/workflow';
import type { createActivities } from '../activities/index.js';
import { ErrorCode } from '../src/contracts/errors.js';
import type { SyncStatus } from '../src/contracts/sync.js';
import { type ChangeOrigin, operatorOrigin, originOrOperator } from '../src/temporal/change-origin.js';
import {
  cancelUpdate,
  lifecycleQuery,
  pauseUpdate,
  readyUpdate,
  rescheduleUpdate,
  resumeUpdate,
  resyncUpdate,
  type SyncLifecycle,
  type SyncWorkflowInput,
  triggerUpdate,
} from '../src/temporal/messages.js';
import { SyncStatusAttribute } from '../src/temporal/search-attributes.js';
import { bookkeepingOptions } from './activity-options.js';
import { Lock } from './lock.js';
import { SyncState } from './sync-state.js';

type Activities = ReturnType<typeof createActivities>;

const schedules = proxyActivities<Activities>(bookkeepingOptions);
/**
 * Creating the schedule is bounded: a spec Temporal rejects fails at once, and a Temporal that
 * stays unreachable for minutes fails setup instead of leaving a sync that can never be cancelled.
 * The attempt in flight is waited for on cancel, so no schedule appears after the sync is gone.
 */
const scheduleSetup = proxyActivities<Activities>({
  ...bookkeepingOptions,
  cancellationType: ActivityCancellationType.WAIT_CANCELLATION_COMPLETED,
  retry: { ...bookkeepingOptions.retry, maximumAttempts: 8, nonRetryableErrorTypes: [ErrorCode.ScheduleRejected] },
});
const jobsStopping = proxyActivities<Activities>({ ...bookkeepingOptions, startToCloseTimeout: '2 minutes' });
/**
 * Pause, resume, trigger, resync and reschedule each run one short local activity: the schedule
 * message and the row together, inside the update's own workflow task, with no task queue round
 * trip and no describe of the schedule.
 */
const control = proxyLocalActivities<Activities>({ ...bookkeepingOptions, startToCloseTimeout: '10 seconds' });
/** Histories recorded before it ran each change as two or three activities, triggers one at a time. */
const ONE_MESSAGE_CONTROL = 'one-message-control';

function cancelledFailure(syncId: number): ApplicationFailure {
  return ApplicationFailure.create({
    type: ErrorCode.SyncCancelled,
    message: `sync ${syncId} is cancelled; a cancelled sync can never run again`,
    nonRetryable: true,
  });
}

/** Why a sync whose schedule could not be created can never run; the API answers with it. */
function setupFailed(syncId: number, error: unknown): ApplicationFailure {
  const rejected =
    error instanceof ActivityFailure && error.cause instanceof ApplicationFailure && error.cause.type === ErrorCode.ScheduleRejected;
  return ApplicationFailure.create({
    type: rejected ? ErrorCode.ScheduleRejected : ErrorCode.SyncWorkflowClosed,
    message: rejected
      ? (rootCause(error) ?? `Temporal rejected the schedule of sync ${syncId}`)
      : `the schedule of sync ${syncId} could not be created (${rootCause(error) ?? String(error)}); the sync is cancelled`,
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
  const setupScope = new CancellationScope();
  let setupSettled = state.isReady();
  let setupFailure: ApplicationFailure | null = null;
  let cancelRequested = false;
  /** Setup is over: the schedule exists, could never be created, or the sync was cancelled first. */
  const settled = (): boolean => state.isReady() || setupFailure !== null || state.is('cancelled');

  const show = (next: SyncStatus): void => {
    state.set(next);
    upsertSearchAttributes([{ key: SyncStatusAttribute, value: next }]);
  };

  /** With an origin, the change is recorded in the audit trail as that origin's. */
  const become = async (next: SyncStatus, origin?: ChangeOrigin): Promise<void> => {
    show(next);
    if (origin === undefined) await schedules.recordSyncStatus(syncId, next);
    else await schedules.recordSyncStatus(syncId, next, origin);
  };

  // Takes (and ignores) the update's arguments, so it serves as every lifecycle update's validator.
  const rejectIfUnusable = (..._args: unknown[]): void => {
    if (setupFailure) throw setupFailure;
    if (state.is('cancelled')) throw cancelledFailure(syncId);
  };

  /** Runs a lifecycle change once setup is over, one at a time, re-checking state under the lock. */
  const change = (body: () => Promise<void>) => async (): Promise<SyncLifecycle> => {
    await condition(settled);
    return lock.run(async () => {
      rejectIfUnusable();
      await body();
      return lifecycle();
    });
  };

  const cancelSync = async (origin: ChangeOrigin): Promise<void> => {
    if (state.is('cancelled')) return;
    await become('cancelled', origin);
    const runningJobs = await schedules.removeSyncSchedule(syncId);
    await jobsStopping.cancelSyncJobs(runningJobs);
  };

  /** Cancel never waits for setup: it stops a setup still retrying, then removes what it made. */
  const stopSetup = async (): Promise<void> => {
    if (setupSettled) return;
    cancelRequested = true;
    setupScope.cancel();
    await condition(() => setupSettled);
  };

  const setUp = async (): Promise<void> => {
    try {
      await setupScope.run(() =>
        scheduleSetup.createSyncSchedule({
          sync_id: syncId,
          schedule: state.schedule,
          paused: state.is('paused'),
          phase_at_ms: Date.now(),
        }),
      );
      state.markReady();
    } catch (error) {
      if (isCancellation(error) && cancelRequested) return;
      if (isCancellation(error)) throw error;
      setupFailure = setupFailed(syncId, error);
      await CancellationScope.nonCancellable(() => become('cancelled'));
    } finally {
      setupSettled = true;
    }
  };

  setHandler(lifecycleQuery, lifecycle);
  setHandler(readyUpdate, async () => {
    await condition(settled);
    if (setupFailure) throw setupFailure;
    return lifecycle();
  });
  // Each lifecycle update's origin says who asked (the audit trail's actor); one sent without it
  // (the Temporal CLI, histories recorded before origins) is the operator's. A pause already in
  // place (a user's, or an auto-pause racing one) is left as it is.
  setHandler(
    pauseUpdate,
    (origin) =>
      change(async () => {
        if (state.is('paused')) return;
        if (patched(ONE_MESSAGE_CONTROL)) {
          await control.pauseSync({ sync_id: syncId, schedule: state.schedule, origin: originOrOperator(origin) });
          show('paused');
          return;
        }
        await schedules.pauseSyncSchedule(syncId);
        await become('paused');
      })(),
    { validator: rejectIfUnusable },
  );
  setHandler(
    resumeUpdate,
    (origin) =>
      change(async () => {
        if (state.is('active')) return;
        if (patched(ONE_MESSAGE_CONTROL)) {
          show('active');
          await control.resumeSync({ sync_id: syncId, schedule: state.schedule, origin: originOrOperator(origin) });
          return;
        }
        await become('active');
        await schedules.resumeSyncSchedule({ sync_id: syncId, schedule: state.schedule, phase_at_ms: Date.now() });
      })(),
    { validator: rejectIfUnusable },
  );
  setHandler(
    triggerUpdate,
    async (origin) => {
      if (!patched(ONE_MESSAGE_CONTROL)) return change(() => schedules.triggerSyncJob(syncId))();
      // Triggers commute (merged in the scheduler or not, one job that starts after them serves
      // them all), so they hold the lock together and only wait for other kinds of change.
      await condition(settled);
      return lock.runShared(async () => {
        rejectIfUnusable();
        await control.triggerSync({ sync_id: syncId, reason: 'manual', clear_records: false, origin: originOrOperator(origin) });
        return lifecycle();
      });
    },
    { validator: rejectIfUnusable },
  );
  setHandler(
    resyncUpdate,
    (options, origin) =>
      change(async () => {
        if (patched(ONE_MESSAGE_CONTROL)) {
          await control.triggerSync({
            sync_id: syncId,
            reason: 'resync',
            clear_records: options.clear_records,
            origin: originOrOperator(origin),
          });
          return;
        }
        await schedules.triggerResync({ sync_id: syncId, clear_records: options.clear_records });
      })(),
    { validator: rejectIfUnusable },
  );
  setHandler(
    rescheduleUpdate,
    (schedule) =>
      change(async () => {
        // The stored definition is the truth: applying it (not the argument) under the lock makes
        // racing PATCHes end with the schedule of the last definition stored.
        if (patched(ONE_MESSAGE_CONTROL)) {
          state.schedule = await control.rescheduleSync({ sync_id: syncId, paused: state.is('paused') });
          return;
        }
        if (patched('reschedule-from-storage')) {
          state.schedule = await schedules.applyStoredSchedule({ sync_id: syncId, phase_at_ms: Date.now() });
          return;
        }
        state.schedule = schedule;
        await schedules.updateSyncSchedule({ sync_id: syncId, schedule, phase_at_ms: Date.now() });
      })(),
    { validator: rejectIfUnusable },
  );
  setHandler(cancelUpdate, (origin) =>
    lock.run(async () => {
      await stopSetup();
      await cancelSync(originOrOperator(origin));
      return lifecycle();
    }),
  );

  try {
    if (!state.isReady()) await setUp();
    await condition(() => state.is('cancelled') || workflowInfo().continueAsNewSuggested);
  } catch (error) {
    // `temporal workflow cancel sync-<id>` from an operator cancels the sync like the API does,
    // and the workflow still ends as Canceled so the Web UI shows what the operator did.
    if (!isCancellation(error)) throw error;
    await CancellationScope.nonCancellable(async () => {
      await lock.run(() => cancelSync(operatorOrigin));
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
