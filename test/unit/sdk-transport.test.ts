import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { SyncClient, SyncConflictError, SyncRequestError, SyncUnavailableError } from '../../src/sdk/index.js';

const SYNC = { sync_id: 7, status: 'paused' };

let server: Server | undefined;
afterEach(() => new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve())));

/** A stand-in API answering each request with the next of `answers` (the last one repeats), recording what came. */
async function fakeApi(answers: { status: number; body?: unknown; delayMs?: number; headers?: Record<string, string> }[]) {
  const seen: IncomingMessage[] = [];
  server = createServer((req, res) => {
    const answer = answers[Math.min(seen.length, answers.length - 1)]!;
    seen.push(req);
    setTimeout(() => {
      res.writeHead(answer.status, { 'content-type': 'application/json', ...answer.headers });
      res.end(JSON.stringify(answer.body ?? {}));
    }, answer.delayMs ?? 0);
  });
  await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
  const baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { seen, client: (options: { timeoutMs?: number; apiKey?: string } = {}) => new SyncClient({ baseUrl, ...options }) };
}

const unavailable = { status: 503, body: { error: { code: 'temporal_unavailable', message: 'Temporal did not answer' } } };

describe('the SDK transport', () => {
  it('retries a read after a 503 and sends one request id and the API key with every attempt', async () => {
    const api = await fakeApi([unavailable, { status: 200, body: SYNC }]);
    expect(await api.client({ apiKey: 'k-123' }).get(7)).toEqual(SYNC);
    expect(api.seen).toHaveLength(2);
    expect(api.seen.map((req) => req.headers.authorization)).toEqual(['Bearer k-123', 'Bearer k-123']);
    const ids = api.seen.map((req) => req.headers['x-request-id']);
    expect(ids[0]).toMatch(/^[0-9a-f-]{36}$/);
    expect(ids[1]).toBe(ids[0]);
  });

  it('retries pause at most twice, then throws SyncUnavailableError with the request id', async () => {
    const api = await fakeApi([unavailable]);
    const error = await api
      .client()
      .pause(7)
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(SyncUnavailableError);
    expect(api.seen.map((req) => `${req.method} ${req.url}`)).toEqual(Array(3).fill('POST /v1/syncs/7/pause'));
    expect(error).toMatchObject({ status: 503, code: 'temporal_unavailable', requestId: api.seen[0]!.headers['x-request-id'] });
  });

  it('declares JSON on every change, body or not, and not on reads (syncd answers 415 otherwise)', async () => {
    const api = await fakeApi([{ status: 200, body: SYNC }]);
    await api.client().pause(7);
    await api.client().update(7, { friendly_name: 'x' });
    await api.client().get(7);
    expect(api.seen.map((req) => `${req.method} ${req.headers['content-type']}`)).toEqual([
      'POST application/json',
      'PATCH application/json',
      'GET undefined',
    ]);
  });

  it('never retries a trigger, a create or a conflict', async () => {
    const api = await fakeApi([unavailable]);
    await expect(api.client().trigger(7)).rejects.toBeInstanceOf(SyncUnavailableError);
    await expect(api.client().create({ url: 'https://example.com', unique_key: 'id' })).rejects.toBeInstanceOf(SyncUnavailableError);
    expect(api.seen.map((req) => req.method)).toEqual(['POST', 'POST']);
  });

  it("carries the server's x-request-id when it sends one", async () => {
    const api = await fakeApi([
      { status: 409, body: { error: { code: 'sync_cancelled', message: 'cancelled' } }, headers: { 'x-request-id': 'srv-1' } },
    ]);
    const error = await api
      .client()
      .resume(7)
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(SyncConflictError);
    expect(error).toMatchObject({ status: 409, requestId: 'srv-1' });
    expect(api.seen).toHaveLength(1);
  });

  it('fails a slow answer with SyncRequestError after timeoutMs, without retrying it', async () => {
    const api = await fakeApi([{ status: 200, body: SYNC, delayMs: 1_000 }]);
    const error = await api
      .client({ timeoutMs: 100 })
      .get(7)
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(SyncRequestError);
    expect(error).toMatchObject({ timedOut: true, message: 'GET /v1/syncs/7: no answer within 100 ms' });
    expect(api.seen).toHaveLength(1);
  });

  it('retries a read after a network failure, then throws SyncRequestError naming the cause', async () => {
    const api = await fakeApi([{ status: 200 }]);
    await new Promise<void>((resolve) => server!.close(() => resolve()));
    server = undefined;
    const error = await api
      .client()
      .list()
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(SyncRequestError);
    expect(error).toMatchObject({ timedOut: false, message: expect.stringMatching(/^GET \/v1\/syncs: fetch failed: .*ECONNREFUSED/) });
  });
});
