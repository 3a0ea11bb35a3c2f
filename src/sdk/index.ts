// The SDK's public surface, published as @syncd/client (sdk/) and re-exported by the server
// package's own entry: the HTTP client of the syncd API, its errors, the API's request and response
// types, and webhook verification. Nothing here may reach Temporal, the worker or zod at run time
// (test/unit/sdk-entry.test.ts checks what importing it loads), nor zod in its declarations: the
// types the server defines by zod schemas come from the generated ./api-types.ts, through ./types.ts.

export type { BulkActionResponse, BulkActionResult } from '../contracts/bulk.js';
export { type ErrorBody, ErrorCode, type ErrorDetail } from '../contracts/errors.js';
export type {
  Job,
  JobMode,
  JobStatus,
  JobTrigger,
  JobWebhookPayload,
  RecordCounts,
  WebhookDelivery,
  WebhookDeliveryStatus,
} from '../contracts/job.js';
export type { FailureClass, JobError } from '../contracts/job-error.js';
export type { Readiness, ReadinessCheck } from '../contracts/readiness.js';
export type { SyncSchedule } from '../contracts/schedule.js';
export type { Page, SyncAction, SyncedRecord, SyncStatus } from '../contracts/sync.js';
export {
  type VerifyWebhookOptions,
  verifyWebhookSignature,
  WEBHOOK_SIGNATURE_HEADER,
  WEBHOOK_TIMESTAMP_HEADER,
} from '../webhooks/signature.js';
export {
  SyncApiError,
  SyncConflictError,
  SyncNotFoundError,
  SyncRequestError,
  SyncUnavailableError,
  SyncValidationError,
} from './errors.js';
export {
  type BulkSelection,
  type ListOptions,
  type PageOptions,
  type RecordOptions,
  type ResyncOptions,
  SyncClient,
  type SyncClientOptions,
} from './sync-client.js';
export type {
  Auth,
  AuthType,
  BulkFilter,
  CreateSyncInput,
  JsonValue,
  Paging,
  RecordFilter,
  Sync,
  SyncDefinition,
  UpdateSyncInput,
} from './types.js';
