import express from 'express';
import { afterEach, describe, expect, it } from 'vitest';
import { errorMiddleware } from '../../src/api/error-middleware.js';
import { listen } from '../../src/api/listen.js';
import { ErrorCode } from '../../src/contracts/errors.js';
import { isStorageUnavailable } from '../../src/storage/storage-unavailable.js';
import { TestLogger } from '../helpers/test-logger.js';

const coded = (message: string, code: string) => Object.assign(new Error(message), { code });

let close: (() => Promise<void>) | undefined;
afterEach(() => close?.());

describe('a database that cannot be reached', () => {
  it('is told apart from a query that is wrong, through causes too', () => {
    expect(isStorageUnavailable(coded('connect ECONNREFUSED 127.0.0.1:5432', 'ECONNREFUSED'))).toBe(true);
    expect(isStorageUnavailable(coded('terminating connection due to administrator command', '57P01'))).toBe(true);
    expect(isStorageUnavailable(coded('connection failure', '08006'))).toBe(true);
    expect(isStorageUnavailable(new Error('Connection terminated unexpectedly'))).toBe(true);
    expect(isStorageUnavailable(new Error('timeout exceeded when trying to connect'))).toBe(true);
    expect(isStorageUnavailable(new AggregateError([coded('connect ECONNREFUSED ::1:5432', 'ECONNREFUSED')]))).toBe(true);
    expect(isStorageUnavailable(new Error('activity failed', { cause: coded('refused', 'ECONNREFUSED') }))).toBe(true);
    expect(isStorageUnavailable(coded('duplicate key value violates unique constraint', '23505'))).toBe(false);
    expect(isStorageUnavailable(coded('syntax error at or near "SELEC"', '42601'))).toBe(false);
    expect(isStorageUnavailable(new Error('boom'))).toBe(false);
  });

  it('makes the API answer 503 storage_unavailable with a JSON body, logging the driver error', async () => {
    const logger = new TestLogger('ERROR');
    const cause = coded('terminating connection due to administrator command', '57P01');
    const app = express();
    app.get('/v1/syncs', () => {
      throw cause;
    });
    app.use(errorMiddleware(logger));
    const { server, port } = await listen(app, 0);
    close = () => new Promise((resolve) => server.close(() => resolve()));
    const response = await fetch(`http://127.0.0.1:${port}/v1/syncs`);
    expect(response.status).toBe(503);
    expect(await response.json()).toEqual({ error: { code: ErrorCode.StorageUnavailable, message: expect.stringContaining('database') } });
    expect(logger.since(0)).toEqual([
      {
        level: 'WARN',
        message: expect.stringContaining('answered 503 storage_unavailable'),
        meta: { method: 'GET', path: '/v1/syncs', error: cause },
      },
    ]);
  });
});
