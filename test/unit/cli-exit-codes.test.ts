import { describe, expect, it } from 'vitest';
import { ExitCode, exitCodeFor, UsageError } from '../../src/cli/exit-codes.js';
import { apiErrorFor, SyncApiError, SyncRequestError } from '../../src/sdk/errors.js';

describe('the exit code of each failure', () => {
  it.each([
    [400, ExitCode.Invalid],
    [401, ExitCode.Unauthorized],
    [403, ExitCode.Unauthorized],
    [404, ExitCode.NotFound],
    [409, ExitCode.Conflict],
    [503, ExitCode.Unavailable],
    [415, ExitCode.Unexpected],
    [500, ExitCode.Unexpected],
  ])('an API answer of %i exits %i', (status, code) => {
    expect(exitCodeFor(apiErrorFor(status, 'internal_error', 'answered'))).toBe(code);
  });

  it('no answer is unavailable, refused arguments are invalid, anything else is unexpected', () => {
    expect(exitCodeFor(new SyncRequestError('GET /v1/syncs: fetch failed', false, 'id'))).toBe(ExitCode.Unavailable);
    expect(exitCodeFor(new SyncRequestError('GET /v1/syncs: no answer within 30000 ms', true, 'id'))).toBe(ExitCode.Unavailable);
    expect(exitCodeFor(new UsageError('bad'))).toBe(ExitCode.Invalid);
    expect(exitCodeFor(new SyncApiError(502, 'internal_error', 'bad gateway'))).toBe(ExitCode.Unexpected);
    expect(exitCodeFor(new TypeError('a bug'))).toBe(ExitCode.Unexpected);
  });
});
