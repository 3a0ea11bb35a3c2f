import { ActivityFailure, ApplicationFailure, RetryState, TimeoutFailure, TimeoutType } from '@temporalio/common';
import { describe, expect, it } from 'vitest';
import { asJobError, classifyFailure, FailureCode, httpStatusError, jobFailure } from '../../activities/failure-class.js';
import { BodyTooLargeError, RequestTimeoutError } from '../../activities/http/bounded-fetch.js';
import { NetworkPolicyError } from '../../activities/http/network-policy-error.js';
import { RedirectRefusedError } from '../../activities/http/redirects.js';
import { ErrorCode } from '../../src/contracts/errors.js';

/** What the workflow catches when an activity failed: Temporal's wrapper around the activity's failure. */
function asActivityFailure(cause: Error): ActivityFailure {
  return new ActivityFailure('Activity task failed', 'fetchAndStoreRecords', '1', RetryState.MAXIMUM_ATTEMPTS_REACHED, undefined, cause);
}

describe('httpStatusError', () => {
  it('makes a 4xx other than 408 and 429 a config failure with its status', () => {
    for (const status of [400, 401, 403, 404, 410, 422]) {
      expect(httpStatusError(status, 'answered')).toEqual({
        class: 'config',
        code: `http_${status}`,
        message: 'answered',
        http_status: status,
      });
    }
  });

  it('makes 408, 429 and 5xx transient', () => {
    for (const status of [408, 429, 500, 502, 503]) expect(httpStatusError(status, 'x').class).toBe('transient');
  });
});

describe('classifyFailure', () => {
  it('reads the JobError a failure carries, also through the ActivityFailure Temporal wraps it in', () => {
    const error = httpStatusError(404, 'GET https://api.test/items answered 404 Not Found');
    expect(classifyFailure(jobFailure(error, { nonRetryable: true }))).toEqual(error);
    expect(classifyFailure(asActivityFailure(jobFailure(error, { nonRetryable: true })))).toEqual(error);
  });

  it('keeps a 5xx that outlived its retries transient, with its status', () => {
    const failure = jobFailure(httpStatusError(500, 'answered 500'), { nonRetryable: false });
    expect(classifyFailure(asActivityFailure(failure))).toEqual({
      class: 'transient',
      code: 'http_500',
      message: 'answered 500',
      http_status: 500,
    });
  });

  it('makes a refused address, a refused redirect and a body over the cap config failures', () => {
    expect(classifyFailure(NetworkPolicyError.refusedAddress('10.0.0.1', 'intra.test', 'private'))).toMatchObject({
      class: 'config',
      code: FailureCode.BlockedAddress,
    });
    expect(classifyFailure(new TypeError('fetch failed', { cause: new NetworkPolicyError('refused') }))).toMatchObject({
      class: 'config',
      code: FailureCode.BlockedAddress,
    });
    expect(classifyFailure(new RedirectRefusedError('a redirect to ftp://x'))).toMatchObject({
      class: 'config',
      code: FailureCode.RedirectRefused,
    });
    expect(classifyFailure(new BodyTooLargeError(10))).toMatchObject({ class: 'config', code: FailureCode.PageTooLarge });
  });

  it('makes a request timeout, a network error and an activity timeout transient', () => {
    expect(classifyFailure(new RequestTimeoutError(300))).toEqual({
      class: 'transient',
      code: FailureCode.RequestTimeout,
      message: 'no complete answer within 300 ms',
    });
    const refused = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:9'), { code: 'ECONNREFUSED' });
    expect(classifyFailure(new TypeError('fetch failed', { cause: refused }))).toEqual({
      class: 'transient',
      code: FailureCode.NetworkError,
      message: 'fetch failed (connect ECONNREFUSED 127.0.0.1:9)',
    });
    const timeout = new TimeoutFailure('activity Heartbeat timeout', undefined, TimeoutType.HEARTBEAT);
    expect(classifyFailure(asActivityFailure(timeout))).toMatchObject({ class: 'transient', code: FailureCode.ActivityTimeout });
  });

  it('makes the legacy configuration and response failure types config failures', () => {
    expect(classifyFailure(ApplicationFailure.nonRetryable('bad paging', ErrorCode.JobResponse))).toEqual({
      class: 'config',
      code: FailureCode.BadResponse,
      message: 'bad paging',
    });
    expect(classifyFailure(ApplicationFailure.nonRetryable('bad token url', ErrorCode.JobConfiguration))).toMatchObject({
      class: 'config',
      code: FailureCode.BadConfiguration,
    });
  });

  it('calls anything else internal, with the deepest message', () => {
    expect(classifyFailure(new Error('undefined is not a function'))).toEqual({
      class: 'internal',
      code: FailureCode.Internal,
      message: 'undefined is not a function',
    });
    expect(classifyFailure(asActivityFailure(new RangeError('index out of range')))).toMatchObject({
      class: 'internal',
      message: 'index out of range',
    });
    expect(classifyFailure('thrown text')).toEqual({ class: 'internal', code: FailureCode.Internal, message: 'thrown text' });
  });
});

describe('asJobError', () => {
  it('accepts only the JobError shape', () => {
    expect(asJobError({ class: 'config', code: 'x', message: 'm' })).toEqual({ class: 'config', code: 'x', message: 'm' });
    expect(asJobError({ class: 'fatal', code: 'x', message: 'm' })).toBeNull();
    expect(asJobError({ class: 'config', code: 'x', message: 'm', http_status: '404' })).toBeNull();
    expect(asJobError('config')).toBeNull();
  });
});
