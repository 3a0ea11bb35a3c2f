import { WorkflowNotFoundError } from '@temporalio/client';
import express from 'express';
import { afterEach, describe, expect, it } from 'vitest';
import { errorMiddleware } from '../../src/api/error-middleware.js';
import { ConflictError, UnavailableError, ValidationError } from '../../src/api/errors.js';
import { listen } from '../../src/api/listen.js';
import { requestLog } from '../../src/api/request-log.js';
import { translateTemporalError } from '../../src/api/temporal-errors.js';
import { ErrorCode } from '../../src/contracts/errors.js';
import { TestLogger } from '../helpers/test-logger.js';

/** What the gRPC client throws when nothing answers at Temporal's address. */
const unreachable = () =>
  Object.assign(new Error('14 UNAVAILABLE: No connection established'), { code: 14, details: 'No connection established', metadata: {} });

let close: (() => Promise<void>) | undefined;
afterEach(() => close?.());

interface Answered {
  status: number;
  body: unknown;
  logger: TestLogger;
}

/** An app whose one route throws `error`, answered by the error middleware logging into `logger`. */
async function answerTo(error: unknown, headers: Record<string, string> = {}): Promise<Answered> {
  const logger = new TestLogger('ERROR');
  const app = express();
  // Its access lines go elsewhere: this test looks at what the error middleware logs.
  app.use(requestLog(new TestLogger('ERROR')));
  app.post('/v1/syncs/:id/pause', () => {
    throw error;
  });
  app.use(errorMiddleware(logger));
  const { server, port } = await listen(app, 0);
  close = () => new Promise((resolve) => server.close(() => resolve()));
  const response = await fetch(`http://127.0.0.1:${port}/v1/syncs/7/pause?why=test`, { method: 'POST', headers });
  return { status: response.status, body: await response.json(), logger };
}

describe('API errors keep their cause', () => {
  it('each names its class and keeps the Temporal error it was translated from', () => {
    const cause = unreachable();
    const translated = translateTemporalError(cause, 7);
    expect(translated).toBeInstanceOf(UnavailableError);
    expect(translated).toMatchObject({ name: 'UnavailableError', cause });
    const gone = new WorkflowNotFoundError('not found', 'sync-7', undefined);
    expect(translateTemporalError(gone, 7)).toMatchObject({ name: 'ConflictError', cause: gone });
    expect(new ValidationError([{ field: 'url', message: 'is required' }]).name).toBe('ValidationError');
  });

  it('a 503 logs the Temporal error behind it with the method, path and request id, and answers without it', async () => {
    const cause = unreachable();
    const { status, body, logger } = await answerTo(translateTemporalError(cause, 7), { 'x-request-id': 'req-42' });
    expect(status).toBe(503);
    expect(body).toEqual({ error: { code: ErrorCode.TemporalUnavailable, message: expect.any(String) } });
    expect(JSON.stringify(body)).not.toContain('UNAVAILABLE');
    expect(logger.since(0)).toEqual([
      {
        level: 'WARN',
        message: expect.stringContaining('answered 503 temporal_unavailable'),
        meta: { method: 'POST', path: '/v1/syncs/7/pause', request_id: 'req-42', error: cause },
      },
    ]);
  });

  it("a 409 logs its Temporal cause at INFO; a 409 of syncd's own logs nothing", async () => {
    const gone = new WorkflowNotFoundError('not found', 'sync-7', undefined);
    const fromTemporal = await answerTo(translateTemporalError(gone, 7));
    expect(fromTemporal.status).toBe(409);
    expect(fromTemporal.logger.since(0)).toEqual([
      {
        level: 'INFO',
        message: expect.stringContaining('answered 409'),
        meta: { method: 'POST', path: '/v1/syncs/7/pause', request_id: expect.any(String), error: gone },
      },
    ]);
    await close?.();
    const own = await answerTo(new ConflictError(ErrorCode.SyncCancelled, 'sync 7 is cancelled'));
    expect(own.status).toBe(409);
    expect(own.logger.since(0)).toEqual([]);
  });
});
