// The syncd package (`import ... from 'syncd'`): the HTTP client of the syncd API, its errors, the
// API's request and response types, and webhook verification. Nothing here may reach Temporal or
// the worker: test/unit/sdk-entry.test.ts checks that importing it loads no @temporalio package.

export type { RecordFilter } from './contracts/api.js';
export type { Auth, AuthType } from './contracts/auth.js';
export { type ErrorBody, ErrorCode, type ErrorDetail } from './contracts/errors.js';
export type {
  Job,
  JobMode,
  JobStatus,
  JobTrigger,
  JobWebhookPayload,
  RecordCounts,
  WebhookDelivery,
  WebhookDeliveryStatus,
} from './contracts/job.js';
export type { Paging } from './contracts/paging.js';
export type { SyncSchedule } from './contracts/schedule.js';
export type { Page, Sync, SyncAction, SyncedRecord, SyncStatus } from './contracts/sync.js';
export type { CreateSyncInput, SyncDefinition, UpdateSyncInput } from './contracts/sync-definition.js';
export { SyncApiError, SyncConflictError, SyncNotFoundError, SyncUnavailableError, SyncValidationError } from './sdk/errors.js';
export { type PageOptions, type RecordOptions, SyncClient, type SyncClientOptions } from './sdk/sync-client.js';
export {
  type VerifyWebhookOptions,
  verifyWebhookSignature,
  WEBHOOK_SIGNATURE_HEADER,
  WEBHOOK_TIMESTAMP_HEADER,
} from './webhooks/signature.js';
