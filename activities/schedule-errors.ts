import { isGrpcServiceError, ServiceError } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import { ErrorCode } from '../src/contracts/errors.js';

export function missingSchedule(syncId: number): ApplicationFailure {
  return ApplicationFailure.nonRetryable(
    `the schedule of sync ${syncId} was deleted outside syncd; cancel the sync and create it again`,
    ErrorCode.SyncWorkflowClosed,
  );
}

const GRPC_INVALID_ARGUMENT = 3;

/**
 * Temporal answers INVALID_ARGUMENT for a spec it cannot run (a cron or time zone it does not
 * know): no retry can fix that, so the workflow gets a non-retryable failure naming it.
 */
export function rejectedSchedule(error: unknown, syncId: number): unknown {
  const grpc = error instanceof ServiceError && isGrpcServiceError(error.cause) ? error.cause : error;
  if (!isGrpcServiceError(grpc) || grpc.code !== GRPC_INVALID_ARGUMENT) return error;
  return ApplicationFailure.nonRetryable(`Temporal rejected the schedule of sync ${syncId}: ${grpc.details}`, ErrorCode.ScheduleRejected);
}
