import { SyncApiError, SyncRequestError } from '../sdk/errors.js';

/** What `syncd` exits with, so a script can tell the outcomes apart; `syncd --help` lists them. */
export const ExitCode = {
  Ok: 0,
  Unexpected: 1,
  /** Bad arguments, or the API refused the request as invalid (400). */
  Invalid: 2,
  NotFound: 3,
  /** The sync's state forbids the action (409), such as resuming a cancelled sync. */
  Conflict: 4,
  /** No answer from the API, or it answered 503 (Temporal or the database down). */
  Unavailable: 5,
  /** The API key is missing, unknown (401) or may only read (403). */
  Unauthorized: 6,
  /** `trigger --wait`: the job ended failed or cancelled; `preview`: the external API failed it. */
  JobFailed: 7,
} as const;
export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];

export const EXIT_CODE_HELP = `Exit codes:
  0  ok
  1  unexpected error, or a confirmation declined
  2  invalid: bad arguments, or the API answered 400
  3  not found (404)
  4  conflict (409): the sync's state forbids the action, such as a cancelled sync; bulk: the action failed on a sync
  5  unavailable: the API did not answer, or answered 503
  6  unauthorized (401) or forbidden (403): check SYNCD_API_KEY
  7  trigger --wait: the job failed or was cancelled; preview: the external API failed it`;

const BY_STATUS: ReadonlyMap<number, ExitCode> = new Map([
  [400, ExitCode.Invalid],
  [401, ExitCode.Unauthorized],
  [403, ExitCode.Unauthorized],
  [404, ExitCode.NotFound],
  [409, ExitCode.Conflict],
  [503, ExitCode.Unavailable],
]);

/** Arguments the CLI refuses before sending anything. */
export class UsageError extends Error {
  override name = 'UsageError';
}

export function exitCodeFor(error: unknown): ExitCode {
  if (error instanceof UsageError) return ExitCode.Invalid;
  if (error instanceof SyncRequestError) return ExitCode.Unavailable;
  if (error instanceof SyncApiError) return BY_STATUS.get(error.status) ?? ExitCode.Unexpected;
  return ExitCode.Unexpected;
}
