import { ScheduleNotFoundError, type Client } from '@temporalio/client';
import { ErrorCode } from '../contracts/errors.js';
import { syncScheduleId, syncWorkflowId } from '../contracts/ids.js';
import type { Job } from '../contracts/job.js';
import type { RecordsQuery } from '../contracts/api.js';
import { lifecycleUpdates, readyUpdate, rescheduleUpdate, resyncUpdate, type SyncWorkflowInput } from '../contracts/messages.js';
import { SyncIdAttribute, SyncStatusAttribute } from '../contracts/search-attributes.js';
import type { Page, Sync, SyncAction, SyncStatus, SyncedRecord } from '../contracts/sync.js';
import {
  createSyncSchema,
  patchedBody,
  toSyncDefinition,
  type CreateSyncBody,
  type UpdateSyncBody,
} from '../contracts/sync-definition.js';
import type { StoredSync, Storage } from '../storage/storage.js';
import { decodeCursor, pageOf } from './cursor.js';
import { ConflictError, NotFoundError } from './errors.js';
import { toSyncView } from './sync-view.js';
import { translateTemporalError } from './temporal-errors.js';
import { validate } from './validate.js';
import { withKeptSecrets } from './kept-secrets.js';

export interface SyncServiceDeps {
  storage: Storage;
  client: Client;
  taskQueue: string;
  /** How long a lifecycle change may wait for the worker before the API answers 503. */
  updateTimeoutMs: number;
  /** How long reads from Temporal (next run time) may take. */
  readTimeoutMs: number;
}

/** What the REST API does, independent of HTTP: every route is one call here. */
export class SyncService {
  constructor(private readonly deps: SyncServiceDeps) {}

  private within<T>(timeoutMs: number, syncId: number, call: () => Promise<T>): Promise<T> {
    return this.deps.client.connection.withDeadline(Date.now() + timeoutMs, call).catch((error: unknown) => {
      throw translateTemporalError(error, syncId);
    });
  }

  private cancelledConflict(syncId: number, what: string): ConflictError {
    return new ConflictError(ErrorCode.SyncCancelled, `sync ${syncId} is cancelled and cannot ${what}; a cancelled sync can never run again`);
  }

  private async stored(syncId: number): Promise<StoredSync> {
    const sync = await this.deps.storage.getSync(syncId);
    if (!sync) throw new NotFoundError(`sync ${syncId} does not exist`);
    return sync;
  }

  private async nextRunAt(sync: StoredSync): Promise<Date | null> {
    if (sync.status !== 'active') return null;
    return this.within(this.deps.readTimeoutMs, sync.sync_id, async () => {
      try {
        const description = await this.deps.client.schedule.getHandle(syncScheduleId(sync.sync_id)).describe();
        return description.state.paused ? null : (description.info.nextActionTimes[0] ?? null);
      } catch (error) {
        // The entity workflow creates the schedule a moment after the sync row exists.
        if (error instanceof ScheduleNotFoundError) return null;
        throw error;
      }
    });
  }

  private async view(sync: StoredSync): Promise<Sync> {
    const [nextRunAt, jobs, records] = await Promise.all([
      this.nextRunAt(sync),
      this.deps.storage.listJobs(sync.sync_id, { limit: 1 }),
      this.deps.storage.countRecords(sync.sync_id),
    ]);
    return toSyncView(sync, { nextRunAt, lastJob: jobs[0] ?? null, records });
  }

  /** Stores the sync, starts its entity workflow and waits until its schedule exists. */
  async create(body: CreateSyncBody): Promise<Sync> {
    const status: SyncStatus = body.paused ? 'paused' : 'active';
    const { definition, secrets } = toSyncDefinition(body);
    const created = await this.deps.storage.createSync(definition, status, secrets);
    const syncId = created.sync_id;
    const input: SyncWorkflowInput = { sync_id: syncId, schedule: definition.schedule, status };
    const handle = await this.within(this.deps.updateTimeoutMs, syncId, () =>
      this.deps.client.workflow.start('syncWorkflow', {
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
    // The sync exists durably from here on; a slow worker only delays its first job.
    await this.within(this.deps.updateTimeoutMs, syncId, () => handle.executeUpdate(readyUpdate)).catch(() => undefined);
    return this.view(await this.stored(syncId));
  }

  async get(syncId: number): Promise<Sync> {
    return this.view(await this.stored(syncId));
  }

  async list(query: { status?: SyncStatus; limit: number; cursor?: string }): Promise<Page<Sync>> {
    const rows = await this.deps.storage.listSyncs({ status: query.status, limit: query.limit + 1, after: decodeCursor(query.cursor) });
    const page = pageOf(rows, query.limit, (row) => row.sync_id, (row) => row);
    return { data: await Promise.all(page.data.map((row) => this.view(row))), next_cursor: page.next_cursor };
  }

  /**
   * Pause, resume, cancel or trigger through the sync's entity workflow. A cancelled sync answers
   * cancel with 200 (nothing to do) and everything else with 409.
   */
  async act(syncId: number, action: SyncAction): Promise<Sync> {
    const sync = await this.stored(syncId);
    if (sync.status === 'cancelled') {
      if (action === 'cancel') return this.view(sync);
      throw this.cancelledConflict(syncId, action);
    }
    const handle = this.deps.client.workflow.getHandle(syncWorkflowId(syncId));
    await this.within(this.deps.updateTimeoutMs, syncId, () => handle.executeUpdate(lifecycleUpdates[action]));
    return this.view(await this.stored(syncId));
  }

  /**
   * Changes a sync in place. A new schedule goes to the entity workflow first (so a 409 or 503
   * changes nothing), then the definition is stored; a running job finishes with the old one.
   */
  async update(syncId: number, patch: UpdateSyncBody): Promise<Sync> {
    const sync = await this.stored(syncId);
    if (sync.status === 'cancelled') throw this.cancelledConflict(syncId, 'be changed');
    const storedSecrets = patch.auth ? await this.deps.storage.getSyncSecrets(syncId) : null;
    const body = validate(createSyncSchema, patchedBody(sync.definition, withKeptSecrets(patch, sync.definition, storedSecrets)));
    const { definition, secrets } = toSyncDefinition(body);
    if (patch.auth === undefined) definition.auth = sync.definition.auth;
    if (JSON.stringify(definition.schedule) !== JSON.stringify(sync.definition.schedule)) {
      const handle = this.deps.client.workflow.getHandle(syncWorkflowId(syncId));
      await this.within(this.deps.updateTimeoutMs, syncId, () => handle.executeUpdate(rescheduleUpdate, { args: [definition.schedule] }));
    }
    await this.deps.storage.updateSync(syncId, definition, patch.auth === undefined ? undefined : secrets);
    return this.view(await this.stored(syncId));
  }

  /** Runs a full job now, from scratch; with clear_records the sync's records are emptied first. */
  async resync(syncId: number, options: { clear_records: boolean }): Promise<Sync> {
    const sync = await this.stored(syncId);
    if (sync.status === 'cancelled') throw this.cancelledConflict(syncId, 'resync');
    const handle = this.deps.client.workflow.getHandle(syncWorkflowId(syncId));
    await this.within(this.deps.updateTimeoutMs, syncId, () => handle.executeUpdate(resyncUpdate, { args: [options] }));
    return this.view(await this.stored(syncId));
  }

  async jobs(syncId: number, query: { limit: number; cursor?: string }): Promise<Page<Job>> {
    await this.stored(syncId);
    const rows = await this.deps.storage.listJobs(syncId, { limit: query.limit + 1, after: decodeCursor(query.cursor) });
    return pageOf(rows, query.limit, (job) => job.job_id, (job) => job);
  }

  async records(syncId: number, query: RecordsQuery): Promise<Page<SyncedRecord>> {
    await this.stored(syncId);
    const rows = await this.deps.storage.listRecords(syncId, {
      limit: query.limit + 1,
      after: decodeCursor(query.cursor),
      filter: query.filter,
      modifiedAfter: query.modified_after,
    });
    return pageOf(rows, query.limit, (row) => row.id, ({ id: _id, ...record }) => record);
  }
}
