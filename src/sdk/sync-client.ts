import type { BulkActionResponse } from '../contracts/bulk.js';
import type { CursorState } from '../contracts/cursor-state.js';
import type { Job, JobStatus, JobTrigger } from '../contracts/job.js';
import type { PreviewResult } from '../contracts/preview.js';
import type { Readiness } from '../contracts/readiness.js';
import type { Page, SyncAction, SyncedRecord, SyncStatus } from '../contracts/sync.js';
import type { SyncEvent } from '../contracts/sync-health.js';
import { type Call, Transport } from './transport.js';
import type { BulkFilter, CreateSyncInput, RecordFilter, Sync, UpdateSyncInput } from './types.js';

export interface SyncClientOptions {
  /** Where the syncd API listens, such as http://localhost:3003. */
  baseUrl: string;
  /** Sent as `Authorization: Bearer <apiKey>` with every request: a key of SYNCD_API_KEYS, or of SYNCD_READ_API_KEYS to only read. */
  apiKey?: string;
  /** Headers sent with every request. */
  headers?: Record<string, string>;
  /** How long one attempt may take, answer body included, before it fails with SyncRequestError. Default 30 s. */
  timeoutMs?: number;
  /** How often a read, pause, resume, cancel or cursor state change is sent again after a 503 or a network failure. Default 2. */
  retries?: number;
}

export interface PageOptions {
  limit?: number;
  cursor?: string;
}

export interface ListOptions extends PageOptions {
  status?: SyncStatus;
}

export interface RecordOptions extends PageOptions {
  /** Only records added, updated, or (soft-)deleted. */
  filter?: RecordFilter;
  /** Only records changed after this ISO time. */
  modified_after?: string;
}

/** Which jobs a listing returns; every given filter must match. */
export interface JobOptions extends PageOptions {
  status?: JobStatus;
  trigger?: JobTrigger;
  /** Only jobs started after this ISO 8601 time (with its offset, such as 2026-01-31T12:00:00Z). */
  started_after?: string;
  /** Only jobs started before this ISO 8601 time; must be later than started_after. */
  started_before?: string;
}

/** Which jobs `allJobs` returns: across syncs, or of `sync_id`. */
export interface AllJobsFilter extends JobOptions {
  sync_id?: number;
}

export interface PreviewOptions {
  /** How many pages to fetch, 1 to 3; default 1. */
  pages?: number;
}

export interface ResyncOptions {
  /** Empty the sync's records before the job runs. */
  clear_records?: boolean;
}

/** Which syncs a bulk action acts on: these ids, or those a filter selects. */
export type BulkSelection = { sync_ids: number[] } | { filter: BulkFilter };

/** Pause, resume and cancel end in the same state when sent twice; a trigger would run a second job. */
const IDEMPOTENT_ACTIONS: ReadonlySet<SyncAction> = new Set(['pause', 'resume', 'cancel']);

/** Typed client of the syncd REST API; API errors become SyncApiError subclasses. */
export class SyncClient {
  private readonly transport: Transport;

  constructor(options: SyncClientOptions) {
    this.transport = new Transport({ ...options, timeoutMs: options.timeoutMs ?? 30_000, retries: options.retries ?? 2 });
  }

  private read<T>(path: string, query?: Call['query']): Promise<T> {
    return this.transport.send({ method: 'GET', path, ...(query ? { query } : {}), idempotent: true });
  }

  /** `GET /healthz`: the API process answers. */
  health(): Promise<{ ok: boolean }> {
    return this.read('/healthz');
  }

  /**
   * `GET /readyz`: whether the database and Temporal answer and a worker polls syncd's task queue,
   * each check with its result. Not ready (a 503) is an answer here, not an error.
   */
  ready(): Promise<Readiness> {
    return this.transport.send({ method: 'GET', path: '/readyz', idempotent: true, answeredBy: [503] });
  }

  /** `POST /v1/syncs`: creates a sync; its first job starts at once unless `paused`. */
  create(input: CreateSyncInput): Promise<Sync> {
    return this.transport.send({ method: 'POST', path: '/v1/syncs', body: input, idempotent: false });
  }

  /**
   * `POST /v1/syncs/preview`: fetches the first page(s) of a definition as a job would, storing
   * nothing. A failing external API answers `{ok: false, error}`; an invalid definition throws
   * SyncValidationError, as create would.
   */
  preview(definition: CreateSyncInput, options: PreviewOptions = {}): Promise<PreviewResult> {
    return this.transport.send({ method: 'POST', path: '/v1/syncs/preview', body: { ...definition, ...options }, idempotent: true });
  }

  /** `GET /v1/syncs/:id`. */
  get(syncId: number): Promise<Sync> {
    return this.read(`/v1/syncs/${syncId}`);
  }

  /** `GET /v1/syncs`: oldest first; pass `next_cursor` as `cursor` for the next page. */
  list(options: ListOptions = {}): Promise<Page<Sync>> {
    return this.read('/v1/syncs', { ...options });
  }

  /** `GET /v1/syncs/:id/jobs`: newest first, narrowed by the given filters. */
  jobs(syncId: number, options: JobOptions = {}): Promise<Page<Job>> {
    return this.read(`/v1/syncs/${syncId}/jobs`, { ...options });
  }

  /** `GET /v1/jobs`: jobs across syncs, newest first, such as `{status: 'failed', started_after}`. */
  allJobs(filter: AllJobsFilter = {}): Promise<Page<Job>> {
    return this.read('/v1/jobs', { ...filter });
  }

  /** `GET /v1/syncs/:id/events`: the sync's audit trail of control actions, newest first. */
  events(syncId: number, options: PageOptions = {}): Promise<Page<SyncEvent>> {
    return this.read(`/v1/syncs/${syncId}/events`, { ...options });
  }

  /** `GET /v1/syncs/:id/records`: live records by default, in a stable order. */
  records(syncId: number, options: RecordOptions = {}): Promise<Page<SyncedRecord>> {
    return this.read(`/v1/syncs/${syncId}/records`, { ...options });
  }

  /** `GET /v1/syncs/:id/state`: the incremental cursor the next job starts from, and who set it when. */
  getState(syncId: number): Promise<CursorState> {
    return this.read(`/v1/syncs/${syncId}/state`);
  }

  /**
   * `PUT /v1/syncs/:id/state`: the incremental cursor the next job starts from (the sync's lookback
   * is still taken off it). Only while no job of the sync runs (else SyncConflictError `job_running`).
   */
  setState(syncId: number, cursor: string | number): Promise<CursorState> {
    return this.transport.send({ method: 'PUT', path: `/v1/syncs/${syncId}/state`, body: { cursor }, idempotent: true });
  }

  /** `DELETE /v1/syncs/:id/state`: clears the incremental cursor, so the next job is full. */
  clearState(syncId: number): Promise<CursorState> {
    return this.transport.send({ method: 'DELETE', path: `/v1/syncs/${syncId}/state`, idempotent: true });
  }

  /** `PATCH /v1/syncs/:id`: changes schedule and job config in place; `null` clears an optional field. */
  update(syncId: number, changes: UpdateSyncInput): Promise<Sync> {
    return this.transport.send({ method: 'PATCH', path: `/v1/syncs/${syncId}`, body: changes, idempotent: false });
  }

  /** `POST /v1/syncs/:id/resync`: runs a full job now, from scratch. */
  resync(syncId: number, options: ResyncOptions = {}): Promise<Sync> {
    return this.transport.send({ method: 'POST', path: `/v1/syncs/${syncId}/resync`, body: options, idempotent: false });
  }

  /** `PUT /v1/syncs {"action", "sync_id"}`: the seed contract, the same as the action's own method. */
  act(action: SyncAction, syncId: number): Promise<Sync> {
    return this.transport.send({
      method: 'PUT',
      path: '/v1/syncs',
      body: { action, sync_id: syncId },
      idempotent: IDEMPOTENT_ACTIONS.has(action),
    });
  }

  /**
   * `PUT /v1/syncs {"action", "sync_ids" | "filter"}`: one action on many syncs, answered per sync;
   * a sync the action failed on carries the `error` the single form would have answered.
   */
  actOnMany(action: SyncAction, selection: BulkSelection): Promise<BulkActionResponse> {
    return this.transport.send({
      method: 'PUT',
      path: '/v1/syncs',
      body: { action, ...selection },
      idempotent: IDEMPOTENT_ACTIONS.has(action),
    });
  }

  pauseMany(selection: BulkSelection): Promise<BulkActionResponse> {
    return this.actOnMany('pause', selection);
  }

  resumeMany(selection: BulkSelection): Promise<BulkActionResponse> {
    return this.actOnMany('resume', selection);
  }

  cancelMany(selection: BulkSelection): Promise<BulkActionResponse> {
    return this.actOnMany('cancel', selection);
  }

  /** Never retried, like `trigger`. */
  triggerMany(selection: BulkSelection): Promise<BulkActionResponse> {
    return this.actOnMany('trigger', selection);
  }

  private action(action: SyncAction, syncId: number): Promise<Sync> {
    return this.transport.send({ method: 'POST', path: `/v1/syncs/${syncId}/${action}`, idempotent: IDEMPOTENT_ACTIONS.has(action) });
  }

  /** `POST /v1/syncs/:id/pause`: no further scheduled jobs; a running one finishes. */
  pause(syncId: number): Promise<Sync> {
    return this.action('pause', syncId);
  }

  /** `POST /v1/syncs/:id/resume`: a job starts at once and the schedule runs again. */
  resume(syncId: number): Promise<Sync> {
    return this.action('resume', syncId);
  }

  /** `POST /v1/syncs/:id/cancel`: permanent; stops a running job and removes the schedule. */
  cancel(syncId: number): Promise<Sync> {
    return this.action('cancel', syncId);
  }

  /** `POST /v1/syncs/:id/trigger`: a job now; never retried, since a second send queues a second job. */
  trigger(syncId: number): Promise<Sync> {
    return this.action('trigger', syncId);
  }
}
