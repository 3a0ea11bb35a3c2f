/**
 * Which class a job's failure is (`src/contracts/job-error.ts`): the one classifier of syncd, used
 * by the job workflow, the preview and tests. Pure and sandbox-safe (the workflow bundles it): the
 * HTTP errors are recognised by their `name`, not by importing their Node-side classes.
 */
import { ApplicationFailure, TimeoutFailure } from '@temporalio/common';
import { FAILURE_CLASSES, type JobError } from '../src/contracts/job-error.js';

/** Codes of the failures syncd itself decides; HTTP answers are `http_<status>`. */
export const FailureCode = {
  BlockedAddress: 'blocked_address',
  RedirectRefused: 'redirect_refused',
  PageTooLarge: 'page_too_large',
  InvalidJson: 'invalid_json',
  BadResponsePath: 'bad_response_path',
  MissingUniqueKey: 'missing_unique_key',
  AuthRefused: 'auth_refused',
  BadResponse: 'bad_response',
  BadConfiguration: 'bad_configuration',
  RequestTimeout: 'request_timeout',
  NetworkError: 'network_error',
  ActivityTimeout: 'activity_timeout',
  JobStalled: 'job_stalled',
  JobTimeout: 'job_timeout',
  Internal: 'internal_error',
} as const;

/** An API's answer with this status fails the job as `http_<status>`: transient for 408, 429 and 5xx, else config. */
export function httpStatusError(status: number, message: string): JobError {
  const transient = status === 408 || status === 429 || status >= 500;
  return { class: transient ? 'transient' : 'config', code: `http_${status}`, message, http_status: status };
}

/**
 * The failure an activity throws for `error`: its `type` is the code and its first detail the
 * JobError, so the workflow reads the class off it instead of parsing the message.
 */
export function jobFailure(error: JobError, options: { nonRetryable: boolean; nextRetryDelay?: number }): ApplicationFailure {
  return ApplicationFailure.create({
    message: error.message,
    type: error.code,
    details: [error],
    nonRetryable: options.nonRetryable,
    ...(options.nextRetryDelay === undefined ? {} : { nextRetryDelay: options.nextRetryDelay }),
  });
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A JobError as carried in a failure's details (after a round trip through Temporal's payloads). */
export function asJobError(value: unknown): JobError | null {
  if (!isRecord(value)) return null;
  const { class: failureClass, code, message, http_status: httpStatus } = value;
  if (!FAILURE_CLASSES.includes(failureClass as JobError['class'])) return null;
  if (typeof code !== 'string' || typeof message !== 'string') return null;
  if (httpStatus !== undefined && typeof httpStatus !== 'number') return null;
  return {
    class: failureClass as JobError['class'],
    code,
    message,
    ...(httpStatus === undefined ? {} : { http_status: httpStatus }),
  };
}

/** Legacy failure types (`ErrorCode.JobConfiguration`, `ErrorCode.JobResponse`): both are the sync's to fix. */
const CONFIG_TYPES: Record<string, string> = {
  job_configuration_error: FailureCode.BadConfiguration,
  job_response_error: FailureCode.BadResponse,
};

/** Node's network error codes (undici puts them on the cause of "fetch failed"). */
function hasNetworkCode(error: Error): boolean {
  const code = (error as { code?: unknown }).code;
  return typeof code === 'string' && /^(E[A-Z_]+|UND_ERR_[A-Z_]+)$/.test(code);
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** "fetch failed (connect ECONNREFUSED ...)": undici's own message says nothing without its cause. */
function networkText(error: Error): string {
  return error.cause instanceof Error && error.cause.message ? `${error.message} (${error.cause.message})` : error.message;
}

/** One link of a cause chain, classified; null when only a deeper cause can tell. */
function classifyOne(error: Error): JobError | null {
  if (error instanceof ApplicationFailure) {
    const carried = asJobError(error.details?.[0]);
    if (carried) return carried;
    const code = error.type ? CONFIG_TYPES[error.type] : undefined;
    if (code) return { class: 'config', code, message: error.message };
    return null;
  }
  if (error instanceof TimeoutFailure) return { class: 'transient', code: FailureCode.ActivityTimeout, message: error.message };
  switch (error.name) {
    case 'NetworkPolicyError':
      return { class: 'config', code: FailureCode.BlockedAddress, message: error.message };
    case 'RedirectRefusedError':
      return { class: 'config', code: FailureCode.RedirectRefused, message: error.message };
    case 'BodyTooLargeError':
      return { class: 'config', code: FailureCode.PageTooLarge, message: error.message };
    case 'RequestTimeoutError':
      return { class: 'transient', code: FailureCode.RequestTimeout, message: error.message };
    default:
      if (hasNetworkCode(error) || (error.name === 'TypeError' && error.message === 'fetch failed')) {
        return { class: 'transient', code: FailureCode.NetworkError, message: networkText(error) };
      }
      return null;
  }
}

/**
 * Why a job failed, from what its activities threw (directly, or wrapped by Temporal in an
 * ActivityFailure): a JobError carried in a failure's details wins; otherwise the error's kind
 * decides (a refused address, a redirect, a body over the cap are `config`; a request timeout, a
 * network error, an activity timeout `transient`); anything else is `internal`.
 */
export function classifyFailure(error: unknown): JobError {
  let current: unknown = error;
  let deepest = messageOf(error);
  // "fetch failed" is only a network error when no deeper cause (a policy refusal) says more.
  let network: JobError | null = null;
  for (let depth = 0; current instanceof Error && depth < 8; depth += 1) {
    const found = classifyOne(current);
    if (found?.code === FailureCode.NetworkError) network ??= found;
    else if (found) return found;
    deepest = current.message || deepest;
    current = current.cause;
  }
  return network ?? { class: 'internal', code: FailureCode.Internal, message: deepest };
}
