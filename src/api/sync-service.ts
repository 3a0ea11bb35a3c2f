import { type Client, ScheduleNotFoundError } from '@temporalio/client';
import type { syncWorkflow } from '../../workflows/sync-workflow.js';
import type { AllJobsQuery, JobsQuery, RecordsQuery, SetCursorBody } from '../contracts/api.js';
import { cursorKindProblem } from '../contracts/cursor-lookback.js';
import type { CursorState } from '../contracts/cursor-state.js';
import { ErrorCode } from '../contracts/errors.js';
import { syncScheduleId, syncWorkflowId } from '../contracts/ids.js';
import type { Job } from '../contracts/job.js';
import type { Page, SyncAction, SyncedRecord, SyncStatus } from '../contracts/sync.js';
import type { Sync } from '../contracts/sync-definition.js';
import {
  type CreateSyncBody,
  createSyncSchema,
  patchedBody,
  type SyncDefinition,
  toSyncDefinition,
  type UpdateSyncBody,
} from '../contracts/sync-definition.js';
import type { SyncEvent, SyncEventAction } from '../contracts/sync-health.js';
import { workflowTypes } from '../contracts/workflow-types.js';
import type { Storage, StoredSync } from '../storage/storage.js';
import type { ChangeOrigin } from '../temporal/change-origin.js';
import { lifecycleUpdates, readyUpdate, rescheduleUpdate, resyncUpdate, type SyncWorkflowInput } from '../temporal/messages.js';
import { SyncIdAttribute, SyncStatusAttribute } from '../temporal/search-attributes.js';
import { decodeCursor, encodeCursor, pageOf } from './cursor.js';
import { changedCursorState } from './cursor-change.js';
import { ConflictError, NotFoundError, ValidationError } from './errors.js';
import { withKeptSecrets } from './kept-secrets.js';
import { type NextRun, toSyncView } from './sync-view.js';
import { isUnprocessedUpdate, translateTemporalError } from './temporal-errors.js';
import { validate } from './validate.js';

/** How many times an update the worker never took in is sent before the API answers 503. */
const MAX_UPDATE_DELIVERIES = 5;

/** Rounds of read, merge and compare-and-set before a PATCH racing others gives up with 409. */
const MAX_PATCH_ATTEMPTS = 5;

/** The request field a schedule came from, for naming it when Temporal refuses the schedule. */
function scheduleFieldOf(definition: SyncDefinition): string {
  return definition.schedule.type === 'cron' ? 'cron' : 'frequency';
}

export interface SyncServiceDeps {
  storage: Storage;
  client: Client;
  taskQueue: string;
  /** How long a lifecycle change may wait for the worker before the API answers 503. */
  updateTimeoutMs: number;
  /** How long GET /v1/syncs/:id waits for Temporal to confirm the next run before showing the stored one. */
  readTimeoutMs: number;
  /** A records page stops before the record that would take it past this many bytes (at least one record). */
  maxResponseBytes: number;
  /** pause_after shown for syncs without their own failure_policy (SYNCD_PAUSE_AFTER_FAILURES). */
  defaultPauseAfter: number | null;
}

/** What the REST API does, independent of HTTP: every route is one call here. */
export class SyncService {
  constructor(private readonly deps: SyncServiceDeps) {}

  /**
   * Runs a Temporal call with a deadline and turns its errors into API errors. An update Temporal
   * rejected unapplied because the worker never took it in is sent again, a few times.
   */
  private async within<T>(timeoutMs: number, syncId: number, call: () => Promise<T>, scheduleField?: string): Promise<T> {
    const deadline = Date.now() + timeoutMs;
    for (let delivery = 1; ; delivery += 1) {
      try {
        return await this.deps.client.connection.withDeadline(deadline, call);
      } catch (error) {
        if (isUnprocessedUpdate(error) && delivery < MAX_UPDATE_DELIVERIES) continue;
        throw translateTemporalError(error, syncId, scheduleField);
      }
    }
  }

  private cancelledConflict(syncId: number, what: string): ConflictError {
    return new ConflictError(
      ErrorCode.SyncCancelled,
      `sync ${syncId} is cancelled and cannot ${what}; a cancelled sync can never run again`,
    );
  }

  private async stored(syncId: number): Promise<StoredSync> {
    const sync = await this.deps.storage.getSync(syncId);
    if (!sync) throw new NotFoundError(`sync ${syncId} does not exist`);
    return sync;
  }

  /** The next run as Temporal says now; the stored one, marked unconfirmed, when Temporal does not answer in time. */
  private async confirmedNextRun(sync: StoredSync): Promise<NextRun> {
    if (sync.status !== 'active') return { at: null, unconfirmed: false };
    const deadline = Date.now() + this.deps.readTimeoutMs;
    try {
      const at = await this.deps.client.connection.withDeadline(deadline, async () => {
        try {
          const description = await this.deps.client.schedule.getHandle(syncScheduleId(sync.sync_id)).describe();
          return description.state.paused ? null : (description.info.nextActionTimes[0] ?? null);
        } catch (error) {
          // The entity workflow creates the schedule a moment after the sync row exists.
          if (error instanceof ScheduleNotFoundError) return null;
          throw error;
        }
      });
      return { at: at?.toISOString() ?? null, unconfirmed: false };
    } catch {
      return { at: sync.next_run_at, unconfirmed: true };
    }
  }

  /** One sync, with its next run confirmed by Temporal when it answers in time. */
  private async view(sync: StoredSync): Promise<Sync> {
    const [nextRun, lastJobs] = await Promise.all([this.confirmedNextRun(sync), this.deps.storage.latestJobs([sync.sync_id])]);
    return toSyncView(sync, { nextRun, lastJob: lastJobs.get(sync.sync_id) ?? null, defaultPauseAfter: this.deps.defaultPauseAfter });
  }

  /**
   * One sync as the database has it, right after a change the entity workflow applied: the
   * change's activity stored the next run it made, so no Temporal read is needed.
   */
  private async afterChange(syncId: number): Promise<Sync> {
    const [sync, lastJobs] = await Promise.all([this.stored(syncId), this.deps.storage.latestJobs([syncId])]);
    return toSyncView(sync, {
      nextRun: { at: sync.next_run_at, unconfirmed: false },
      lastJob: lastJobs.get(syncId) ?? null,
      defaultPauseAfter: this.deps.defaultPauseAfter,
    });
  }

  /** Stores the sync, starts its entity workflow and waits until its schedule exists. */
  async create(body: CreateSyncBody, origin: ChangeOrigin): Promise<Sync> {
    const status: SyncStatus = body.paused ? 'paused' : 'active';
    const { definition, secrets } = toSyncDefinition(body);
    const created = await this.deps.storage.createSync(definition, status, secrets);
    const syncId = created.sync_id;
    const input: SyncWorkflowInput = { sync_id: syncId, schedule: definition.schedule, status };
    const handle = await this.within(this.deps.updateTimeoutMs, syncId, () =>
      this.deps.client.workflow.start<typeof syncWorkflow>(workflowTypes.sync, {
        workflowId: syncWorkflowId(syncId),
        taskQueue: this.deps.taskQueue,
        args: [input],
        typedSearchAttributes: [
          { key: SyncIdAttribute, value: syncId },
          { key: SyncStatusAttribute, value: status },
        ],
      }),
    ).catch(async (error: unknown) => {
      await this.deps.storage.deleteSync(syncId);
      throw error;
    });
    // The sync exists durably from here on; a slow worker only delays its first job. A schedule
    // Temporal refuses means the sync never existed for the caller: 400, and no row left behind.
    await this.within(this.deps.updateTimeoutMs, syncId, () => handle.executeUpdate(readyUpdate), scheduleFieldOf(definition)).catch(
      async (error: unknown) => {
        if (!(error instanceof ValidationError)) return;
        await this.deps.storage.deleteSync(syncId);
        throw error;
      },
    );
    await this.recordEvent(syncId, 'create', {}, origin);
    return this.view(await this.stored(syncId));
  }

  async get(syncId: number): Promise<Sync> {
    return this.view(await this.stored(syncId));
  }

  async list(query: { status?: SyncStatus; limit: number; cursor?: string }): Promise<Page<Sync>> {
    const rows = await this.deps.storage.listSyncs({ status: query.status, limit: query.limit + 1, after: decodeCursor(query.cursor) });
    const page = pageOf(
      rows,
      query.limit,
      (row) => row.sync_id,
      (row) => row,
    );
    // From the database alone: the worker stores each sync's next run, so a list never waits for Temporal.
    const lastJobs = await this.deps.storage.latestJobs(page.data.map((row) => row.sync_id));
    const data = page.data.map((row) =>
      toSyncView(row, {
        nextRun: { at: row.next_run_at, unconfirmed: false },
        lastJob: lastJobs.get(row.sync_id) ?? null,
        defaultPauseAfter: this.deps.defaultPauseAfter,
      }),
    );
    return { data, next_cursor: page.next_cursor };
  }

  /**
   * Pause, resume, cancel or trigger through the sync's entity workflow. A cancelled sync answers
   * cancel with 200 (nothing to do) and everything else with 409.
   */
  async act(syncId: number, action: SyncAction, origin: ChangeOrigin): Promise<Sync> {
    const sync = await this.stored(syncId);
    if (sync.status === 'cancelled') {
      if (action === 'cancel') return this.view(sync);
      throw this.cancelledConflict(syncId, action);
    }
    const handle = this.deps.client.workflow.getHandle(syncWorkflowId(syncId));
    await this.within(this.deps.updateTimeoutMs, syncId, () => handle.executeUpdate(lifecycleUpdates[action], { args: [origin] }));
    return this.afterChange(syncId);
  }

  /**
   * Changes a sync in place, atomically: the merged definition is stored only if nobody changed
   * the sync since it was read (else the patch is merged again onto the newer definition), and a
   * new schedule is then applied by the entity workflow from what is stored. If Temporal refuses
   * or cannot be reached, the stored definition goes back, so schedule and definition agree.
   * A running job finishes with the definition it started with.
   */
  async update(syncId: number, patch: UpdateSyncBody, origin: ChangeOrigin): Promise<Sync> {
    for (let attempt = 1; ; attempt += 1) {
      const sync = await this.stored(syncId);
      if (sync.status === 'cancelled') throw this.cancelledConflict(syncId, 'be changed');
      const storedSecrets = patch.auth ? await this.deps.storage.getSyncSecrets(syncId) : null;
      const body = validate(createSyncSchema, patchedBody(sync.definition, withKeptSecrets(patch, sync.definition, storedSecrets)));
      const { definition, secrets } = toSyncDefinition(body);
      if (patch.auth === undefined) definition.auth = sync.definition.auth;
      const newSecrets = patch.auth === undefined ? undefined : secrets;
      const saved = await this.deps.storage.updateSync(syncId, definition, newSecrets, sync.definition);
      if (saved === null) {
        if (attempt < MAX_PATCH_ATTEMPTS) continue;
        throw new ConflictError(ErrorCode.SyncChanged, `sync ${syncId} kept changing while this PATCH was applied; send it again`);
      }
      if (JSON.stringify(definition.schedule) !== JSON.stringify(sync.definition.schedule)) {
        const handle = this.deps.client.workflow.getHandle(syncWorkflowId(syncId));
        await this.within(
          this.deps.updateTimeoutMs,
          syncId,
          () => handle.executeUpdate(rescheduleUpdate, { args: [definition.schedule] }),
          scheduleFieldOf(definition),
        ).catch(async (error: unknown) => {
          await this.deps.storage.updateSync(syncId, sync.definition, newSecrets === undefined ? undefined : storedSecrets, definition);
          throw error;
        });
      }
      // Field names only: a patch may carry secrets.
      await this.recordEvent(syncId, 'patch', { fields: Object.keys(patch).sort() }, origin);
      return this.afterChange(syncId);
    }
  }

  /** Runs a full job now, from scratch; with clear_records the sync's records are emptied first. */
  async resync(syncId: number, options: { clear_records: boolean }, origin: ChangeOrigin): Promise<Sync> {
    const sync = await this.stored(syncId);
    if (sync.status === 'cancelled') throw this.cancelledConflict(syncId, 'resync');
    const handle = this.deps.client.workflow.getHandle(syncWorkflowId(syncId));
    await this.within(this.deps.updateTimeoutMs, syncId, () => handle.executeUpdate(resyncUpdate, { args: [options, origin] }));
    return this.afterChange(syncId);
  }

  async jobs(syncId: number, query: JobsQuery): Promise<Page<Job>> {
    await this.stored(syncId);
    return this.jobPage(query, syncId);
  }

  /** `GET /v1/jobs`: jobs across syncs, or of one sync when the filter names it. */
  async allJobs(query: AllJobsQuery): Promise<Page<Job>> {
    return this.jobPage(query, query.sync_id);
  }

  private async jobPage(query: JobsQuery, syncId: number | undefined): Promise<Page<Job>> {
    const rows = await this.deps.storage.findJobs({
      syncId,
      status: query.status,
      trigger: query.trigger,
      startedAfter: query.started_after,
      startedBefore: query.started_before,
      limit: query.limit + 1,
      after: decodeCursor(query.cursor),
    });
    return pageOf(
      rows,
      query.limit,
      (job) => job.job_id,
      (job) => job,
    );
  }

  /** `GET /v1/syncs/:id/state`: the incremental cursor the next job starts from, and who set it when. */
  async state(syncId: number): Promise<CursorState> {
    const state = await this.deps.storage.getCursorState(syncId);
    if (!state) throw new NotFoundError(`sync ${syncId} does not exist`);
    return state;
  }

  /**
   * Sets the incremental cursor the next job starts from (then minus the sync's lookback). Only
   * for an incremental sync, with a cursor its lookback can be taken from, and never while a job
   * of the sync runs (storage refuses that in the same write, so no job can start in between).
   */
  async setState(syncId: number, body: SetCursorBody, origin: ChangeOrigin): Promise<CursorState> {
    const sync = await this.stored(syncId);
    if (sync.status === 'cancelled') throw this.cancelledConflict(syncId, 'have its cursor changed');
    const { incremental } = sync.definition;
    if (!incremental) {
      throw new ValidationError([{ field: 'cursor', message: `sync ${syncId} is not incremental: give it \`incremental\` first` }]);
    }
    const problem = cursorKindProblem(body.cursor, incremental);
    if (problem !== null) throw new ValidationError([{ field: 'cursor', message: problem }]);
    const state = changedCursorState(syncId, await this.deps.storage.setCursorByUser(syncId, body.cursor));
    await this.recordEvent(syncId, 'state_change', { cursor: body.cursor }, origin);
    return state;
  }

  /** Clears the incremental cursor, so the next job is full; refused while a job of the sync runs. */
  async clearState(syncId: number, origin: ChangeOrigin): Promise<CursorState> {
    const state = changedCursorState(syncId, await this.deps.storage.setCursorByUser(syncId, null));
    await this.recordEvent(syncId, 'state_change', { cursor: null }, origin);
    return state;
  }

  /** The sync's audit trail, newest first. */
  async events(syncId: number, query: { limit: number; cursor?: string }): Promise<Page<SyncEvent>> {
    await this.stored(syncId);
    const rows = await this.deps.storage.listSyncEvents(syncId, { limit: query.limit + 1, after: decodeCursor(query.cursor) });
    return pageOf(
      rows,
      query.limit,
      (event) => event.event_id,
      (event) => event,
    );
  }

  /**
   * Records a change the API applies itself (create, patch, a cursor state change) in the audit
   * trail. Changes through the entity workflow are recorded by the activity that applies them, so
   * an operator's change through Temporal is recorded too.
   */
  recordEvent(syncId: number, action: SyncEventAction, detail: Record<string, unknown>, origin: ChangeOrigin): Promise<void> {
    return this.deps.storage.recordSyncEvent(syncId, { action, detail, actor: origin.actor, request_id: origin.request_id });
  }

  async records(syncId: number, query: RecordsQuery): Promise<Page<SyncedRecord>> {
    await this.stored(syncId);
    const { records, more } = await this.deps.storage.listRecords(syncId, {
      limit: query.limit,
      after: decodeCursor(query.cursor),
      filter: query.filter,
      modifiedAfter: query.modified_after,
      maxBytes: this.deps.maxResponseBytes,
    });
    const last = records.at(-1);
    return {
      data: records.map(({ id: _id, ...record }) => record),
      next_cursor: more && last !== undefined ? encodeCursor(last.id) : null,
    };
  }
}
