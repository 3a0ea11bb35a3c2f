import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OAuthTokenCache } from '../../activities/http/oauth-token-cache.js';
import { createPreviewFetcher } from '../../activities/preview-fetch.js';
import { createSyncSchema, toSyncDefinition } from '../../src/contracts/sync-definition.js';
import { WorkerMetrics } from '../../src/metrics/metrics.js';
import { defaultOutboundHttp } from '../helpers/outbound-http.js';

// The preview's own bounds, which the e2e file cannot reach: its time limit and the answer's bytes.

let server: Server;
let base: string;
beforeAll(async () => {
  server = createServer((req, res) => {
    // /hang never answers; anything else answers three records of 100 bytes each.
    if (req.url === '/hang') return;
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify([1, 2, 3].map((id) => ({ id, padding: 'x'.repeat(100) }))));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

const fetcher = (options: { timeLimitMs?: number; maxResponseBytes?: number }) =>
  createPreviewFetcher({
    http: defaultOutboundHttp(),
    tokenCache: new OAuthTokenCache(),
    fetchLimits: { maxPageBytes: 1_000_000, maxRecordBytes: 1_000_000, maxRecordDepth: 10 },
    metrics: new WorkerMetrics(),
    maxResponseBytes: options.maxResponseBytes ?? 1_000_000,
    ...(options.timeLimitMs === undefined ? {} : { timeLimitMs: options.timeLimitMs }),
  });

const definitionOf = (path: string) => toSyncDefinition(createSyncSchema.parse({ url: `${base}${path}`, unique_key: 'id' }));

describe('the preview fetcher', () => {
  it('answers a request timeout (transient) once its time limit passes, however long the request timeout is', async () => {
    const result = await fetcher({ timeLimitMs: 200 })({ ...definitionOf('/hang'), pages: 1 });
    expect(result).toMatchObject({ ok: false, error: { class: 'transient', code: 'request_timeout' } });
    expect(result.pages).toEqual([expect.objectContaining({ http_status: null, records: 0 })]);
  });

  it('leaves out records past the answer bytes, keeping the first, and says so', async () => {
    const some = await fetcher({ maxResponseBytes: 250 })({ ...definitionOf('/items'), pages: 1 });
    expect(some).toMatchObject({ ok: true, records_truncated: true, pages: [{ records: 3 }] });
    if (some.ok) expect(some.records.map((record) => record.key)).toEqual(['1', '2']);
    const one = await fetcher({ maxResponseBytes: 1 })({ ...definitionOf('/items'), pages: 1 });
    if (one.ok) expect(one.records.map((record) => record.key)).toEqual(['1']);
    expect(one.ok).toBe(true);
  });
});
