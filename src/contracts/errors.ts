/** Machine-readable codes of API errors; also the `type` of workflow ApplicationFailures. */
export const ErrorCode = {
  InvalidRequest: 'invalid_request',
  /** No API key, or one syncd does not know: 401. */
  Unauthorized: 'unauthorized',
  /** A read-only API key on a request that would change something: 403. */
  Forbidden: 'forbidden',
  /** A request that changes something without `Content-Type: application/json`: 415. */
  UnsupportedMediaType: 'unsupported_media_type',
  NotFound: 'not_found',
  SyncCancelled: 'sync_cancelled',
  SyncWorkflowClosed: 'sync_workflow_closed',
  /** A PATCH lost every race against other changes of the same sync; sending it again is safe. */
  SyncChanged: 'sync_changed',
  /** A change that must wait until the sync's running job ends, such as setting its incremental cursor. */
  JobRunning: 'job_running',
  /** Temporal refused the sync's schedule (an expression or time zone it does not accept). */
  ScheduleRejected: 'schedule_rejected',
  TemporalUnavailable: 'temporal_unavailable',
  /** The database could not be reached or went away; sending the request again is safe. */
  StorageUnavailable: 'storage_unavailable',
  JobConfiguration: 'job_configuration_error',
  JobResponse: 'job_response_error',
  Internal: 'internal_error',
} as const;
export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];

export interface ErrorDetail {
  field: string;
  message: string;
}

export interface ErrorBody {
  error: { code: ErrorCode; message: string; details?: ErrorDetail[] };
}
