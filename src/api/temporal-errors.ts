import {
  isGrpcDeadlineError,
  isGrpcServiceError,
  ServiceError,
  WorkflowNotFoundError,
  WorkflowUpdateFailedError,
  WorkflowUpdateRPCTimeoutOrCancelledError,
} from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import { ErrorCode } from '../contracts/errors.js';
import { ConflictError, UnavailableError, ValidationError } from './errors.js';

const GRPC_UNAVAILABLE = 14;

function isUnreachable(error: unknown): boolean {
  if (isGrpcDeadlineError(error) || error instanceof WorkflowUpdateRPCTimeoutOrCancelledError) return true;
  if (isGrpcServiceError(error)) return error.code === GRPC_UNAVAILABLE;
  return error instanceof ServiceError && isUnreachable(error.cause);
}

/** The innermost ApplicationFailure of a failure chain (an activity's failure sits inside an ActivityFailure). */
function applicationFailureIn(error: unknown): ApplicationFailure | undefined {
  let found: ApplicationFailure | undefined;
  for (let cause = error; cause instanceof Error; cause = cause.cause) {
    if (cause instanceof ApplicationFailure) found = cause;
  }
  return found;
}

/**
 * An update the worker was handed but completed its workflow task without taking in: Temporal
 * rejects it unapplied and never redelivers it. The TypeScript SDK does this at times to updates
 * that reach a workflow while a local activity holds its workflow task; sending it again is safe.
 */
export function isUnprocessedUpdate(error: unknown): boolean {
  return error instanceof WorkflowUpdateFailedError && applicationFailureIn(error.cause)?.type === UNPROCESSED_UPDATE;
}

const UNPROCESSED_UPDATE = 'UnprocessedUpdate';

/**
 * Turns what the Temporal client throws into the API's 400, 409 and 503 answers, each keeping the
 * Temporal error as its `cause`; anything else passes on. `scheduleField` names the field a
 * schedule Temporal rejected came from.
 */
export function translateTemporalError(error: unknown, syncId: number, scheduleField = 'frequency'): unknown {
  const failure = error instanceof WorkflowUpdateFailedError ? applicationFailureIn(error.cause) : undefined;
  const options = { cause: error };
  if (failure?.type === UNPROCESSED_UPDATE) {
    return new UnavailableError('the syncd worker did not take the change in; nothing was changed and the request can be retried', options);
  }
  if (failure?.type === ErrorCode.ScheduleRejected)
    return new ValidationError([{ field: scheduleField, message: failure.message }], options);
  if (failure) {
    // A sync cancelled meanwhile, or a schedule an operator deleted behind the workflow's back.
    const code = failure.type === ErrorCode.SyncWorkflowClosed ? ErrorCode.SyncWorkflowClosed : ErrorCode.SyncCancelled;
    return new ConflictError(code, failure.message, options);
  }
  if (error instanceof WorkflowNotFoundError) {
    return new ConflictError(
      ErrorCode.SyncWorkflowClosed,
      `the workflow of sync ${syncId} is no longer running (ended outside syncd); create a new sync`,
      options,
    );
  }
  if (isUnreachable(error)) {
    return new UnavailableError('Temporal or the syncd worker did not answer in time; the request can be retried', options);
  }
  return error;
}
