// Examples shown in the API description. Typed by the contracts, and test/unit/openapi-document.test.ts
// parses each with the schema it illustrates, so none can show a field the API does not have.
import type { Job } from '../../contracts/job.js';
import type { SyncedRecord } from '../../contracts/sync.js';
import type { CreateSyncInput, Sync } from '../../contracts/sync-definition.js';
import type { SyncEvent } from '../../contracts/sync-health.js';

export const createSyncExample = {
  url: 'https://api.example.com/v1/customers',
  headers: { Accept: 'application/json' },
  response_path: 'data',
  unique_key: 'id',
  friendly_name: 'Customers',
  metadata: { tenant: 'acme' },
  frequency: '1 hour',
  paging: { type: 'cursor', cursor_param: 'starting_after', next_cursor_path: 'next_cursor' },
  auth: { type: 'bearer', token: 'sk_live_0123456789abcdef' },
  webhook_url: 'https://hooks.example.com/syncd',
} satisfies CreateSyncInput;

export const jobExample: Job = {
  job_id: 7,
  sync_id: 42,
  status: 'succeeded',
  trigger: 'schedule',
  mode: 'full',
  started_at: '2026-01-31T12:00:00.000Z',
  ended_at: '2026-01-31T12:00:04.512Z',
  records: { created: 3, updated: 1, unchanged: 120, deleted: 0, fetched: 124 },
  pages: 2,
  max_total_reached: false,
  deletes_skipped: null,
  error: null,
  workflow_id: 'sync-42-job-2026-01-31T12:00:00Z',
  run_id: '0195b7e4-8d0a-7c3e-9f1e-2b6f0e8c1a55',
  webhook: {
    delivery_id: 7,
    url: 'https://hooks.example.com/syncd',
    status: 'delivered',
    attempts: 1,
    last_status_code: 200,
    last_error: null,
    updated_at: '2026-01-31T12:00:05.020Z',
  },
};

export const syncExample: Sync = {
  sync_id: 42,
  url: createSyncExample.url,
  method: 'GET',
  headers: createSyncExample.headers,
  query_params: {},
  response_path: createSyncExample.response_path,
  unique_key: createSyncExample.unique_key,
  friendly_name: createSyncExample.friendly_name,
  metadata: createSyncExample.metadata,
  paging: createSyncExample.paging,
  auth: { type: 'bearer', token: '***' },
  soft_delete: false,
  request_timeout_seconds: 30,
  stall_timeout_seconds: 900,
  max_job_seconds: 21_600,
  webhook_url: createSyncExample.webhook_url,
  allowed_origins: [],
  frequency: createSyncExample.frequency,
  cron: null,
  timezone: null,
  status: 'active',
  paused_reason: null,
  health: { state: 'healthy', consecutive_failures: 0, last_success_at: '2026-01-31T12:00:04.812Z', reason: null },
  failure_policy: { pause_after: 5 },
  next_run_at: '2026-01-31T13:00:00.000Z',
  next_run_at_stale: false,
  last_job: jobExample,
  totals: { records: 124 },
  created_at: '2026-01-30T09:15:00.000Z',
  updated_at: '2026-01-30T09:15:00.000Z',
};

export const syncEventExample: SyncEvent = {
  event_id: 311,
  sync_id: 42,
  at: '2026-01-31T12:30:00.000Z',
  action: 'patch',
  detail: { fields: ['frequency', 'headers'] },
  actor: 'ci',
  request_id: '5f0c9d7e-1b2a-4c3d-8e9f-0a1b2c3d4e5f',
};

export const recordExample: SyncedRecord = {
  key: 'cus_123',
  data: { id: 'cus_123', name: 'Ada Lovelace', email: 'ada@example.com' },
  created_at: '2026-01-30T09:15:02.000Z',
  updated_at: '2026-01-31T12:00:03.000Z',
  deleted_at: null,
};
