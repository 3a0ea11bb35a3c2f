import type { RecordFilter } from '../contracts/api.js';
import type { ErrorBody } from '../contracts/errors.js';
import type { Job } from '../contracts/job.js';
import type { Page, Sync, SyncAction, SyncedRecord, SyncStatus } from '../contracts/sync.js';
import type { CreateSyncInput, UpdateSyncInput } from '../contracts/sync-definition.js';
import { apiErrorFor, SyncApiError } from './errors.js';

export interface SyncClientOptions {
  /** Where the syncd API listens, such as http://localhost:3003. */
  baseUrl: string;
  /** Headers sent with every request, such as an Authorization header for a proxy in front. */
  headers?: Record<string, string>;
}

export interface PageOptions {
  limit?: number;
  cursor?: string;
}

export interface RecordOptions extends PageOptions {
  /** Only records added, updated, or (soft-)deleted. */
  filter?: RecordFilter;
  /** Only records changed after this ISO time. */
  modified_after?: string;
}

function isErrorBody(value: unknown): value is ErrorBody {
  return typeof value === 'object' && value !== null && 'error' in value && typeof (value as ErrorBody).error?.message === 'string';
}

/** Typed client of the syncd REST API; API errors become SyncApiError subclasses. */
export class SyncClient {
  private readonly baseUrl: string;

  constructor(private readonly options: SyncClientOptions) {
    this.baseUrl = options.baseUrl.replace(/\/+$/, '');
  }

  private async request<T>(method: string, path: string, body?: unknown, query?: Record<string, string | number | undefined>): Promise<T> {
    const url = new URL(`${this.baseUrl}${path}`);
    for (const [name, value] of Object.entries(query ?? {})) {
      if (value !== undefined) url.searchParams.set(name, String(value));
    }
    const response = await fetch(url, {
      method,
      headers: {
        accept: 'application/json',
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        ...this.options.headers,
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    const payload: unknown = text ? JSON.parse(text) : undefined;
    if (response.ok) return payload as T;
    if (isErrorBody(payload)) throw apiErrorFor(response.status, payload.error.code, payload.error.message, payload.error.details);
    throw new SyncApiError(response.status, 'internal_error', `${method} ${path} answered ${response.status}: ${text.slice(0, 200)}`);
  }

  create(input: CreateSyncInput): Promise<Sync> {
    return this.request('POST', '/v1/syncs', input);
  }

  get(syncId: number): Promise<Sync> {
    return this.request('GET', `/v1/syncs/${syncId}`);
  }

  list(options: PageOptions & { status?: SyncStatus } = {}): Promise<Page<Sync>> {
    return this.request('GET', '/v1/syncs', undefined, { ...options });
  }

  jobs(syncId: number, options: PageOptions = {}): Promise<Page<Job>> {
    return this.request('GET', `/v1/syncs/${syncId}/jobs`, undefined, { ...options });
  }

  /** Changes schedule and job config in place; `null` clears an optional field. */
  update(syncId: number, changes: UpdateSyncInput): Promise<Sync> {
    return this.request('PATCH', `/v1/syncs/${syncId}`, changes);
  }

  /** Runs a full job now, from scratch; `clear_records` empties the sync's records first. */
  resync(syncId: number, options: { clear_records?: boolean } = {}): Promise<Sync> {
    return this.request('POST', `/v1/syncs/${syncId}/resync`, options);
  }

  records(syncId: number, options: RecordOptions = {}): Promise<Page<SyncedRecord>> {
    return this.request('GET', `/v1/syncs/${syncId}/records`, undefined, { ...options });
  }

  /** The seed contract: `PUT /v1/syncs {"action", "sync_id"}`. */
  act(action: SyncAction, syncId: number): Promise<Sync> {
    return this.request('PUT', '/v1/syncs', { action, sync_id: syncId });
  }

  pause(syncId: number): Promise<Sync> {
    return this.act('pause', syncId);
  }

  resume(syncId: number): Promise<Sync> {
    return this.act('resume', syncId);
  }

  cancel(syncId: number): Promise<Sync> {
    return this.act('cancel', syncId);
  }

  trigger(syncId: number): Promise<Sync> {
    return this.act('trigger', syncId);
  }
}
