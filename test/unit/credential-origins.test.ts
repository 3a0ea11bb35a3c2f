import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ApplicationFailure } from '@temporalio/common';
import { afterEach, describe, expect, it } from 'vitest';
import { createAuthenticator } from '../../activities/http/authenticator.js';
import { fetchPage } from '../../activities/http/fetch-page.js';
import { OAuthTokenCache } from '../../activities/http/oauth-token-cache.js';
import { credentialOrigins, definitionSecrets, withoutSecretHeaders, withoutSecretParams } from '../../activities/http/origins.js';
import type { Auth } from '../../src/contracts/auth.js';
import { type CreateSyncInput, createSyncSchema, toSyncDefinition } from '../../src/contracts/sync-definition.js';
import { WorkerMetrics } from '../../src/metrics/metrics.js';
import { defaultOutboundHttp } from '../helpers/outbound-http.js';

const metrics = new WorkerMetrics();

describe('the origin rule', () => {
  it('trusts the origin of url and the allowed origins, nothing else', () => {
    const origins = credentialOrigins({ url: 'https://api.example.com/v1/items?x=1', allowed_origins: ['https://cdn.example.com'] });
    expect([...origins]).toEqual(['https://api.example.com', 'https://cdn.example.com']);
    expect(origins.has(new URL('https://api.example.com:8443/v1').origin)).toBe(false);
    expect(origins.has(new URL('http://api.example.com/v1').origin)).toBe(false);
    expect(origins.has(new URL('https://evil.example.com/v1').origin)).toBe(false);
  });

  it('treats a definition stored before allowed_origins existed as having none', () => {
    const stored = { url: 'https://api.example.com/items' } as { url: string; allowed_origins: string[] };
    expect([...credentialOrigins(stored)]).toEqual(['https://api.example.com']);
  });

  it('drops secret-looking headers and query params that carry a known secret', () => {
    const headers = withoutSecretHeaders(new Headers({ Authorization: 'Bearer t', 'X-Api-Key': 'k', Accept: 'application/json' }));
    expect([headers.has('authorization'), headers.has('x-api-key'), headers.get('accept')]).toEqual([false, false, 'application/json']);
    const url = withoutSecretParams(new URL('https://other.test/items?api_key=k&page_token=abc&start=3'), ['k']);
    expect(url.toString()).toBe('https://other.test/items?page_token=abc&start=3');
    expect(definitionSecrets({ headers: { 'X-Api-Key': 'hk', Accept: 'json' }, query_params: { token: 'qt', page: 1 } })).toEqual([
      'hk',
      'qt',
    ]);
  });
});

interface Logged {
  url: string;
  headers: IncomingMessage['headers'];
}

const servers: Server[] = [];
afterEach(async () => {
  for (const server of servers.splice(0)) {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
});

/** A server answering `answer(path)`: [status, headers, body]. */
async function serve(answer: (url: URL) => [number, Record<string, string>, string]): Promise<{ base: string; log: Logged[] }> {
  const log: Logged[] = [];
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    log.push({ url: req.url ?? '', headers: req.headers });
    const [status, headers, body] = answer(url);
    res.writeHead(status, headers);
    res.end(body);
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { base: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, log };
}

const API_KEY = 'key-0123456789';
const HEADER_SECRET = 'header-secret-0123';

async function fetchWith(input: Partial<CreateSyncInput> & { url: string }, auth: Auth, nextUrl: string | null = null) {
  const body = createSyncSchema.parse({ unique_key: 'id', headers: { 'X-Api-Key': HEADER_SECRET }, auth, ...input });
  const { definition } = toSyncDefinition(body);
  const http = defaultOutboundHttp();
  const authenticator = createAuthenticator(auth, { http, timeoutMs: 5_000, tokenCache: new OAuthTokenCache(), metrics });
  const options = {
    http,
    signal: new AbortController().signal,
    timeoutMs: 5_000,
    maxPageBytes: 1024 * 1024,
    authenticator,
    extraParams: {},
    metrics,
  };
  return fetchPage({ ...definition, auth }, { url: nextUrl, params: {} }, options);
}

function credentialsIn(request: Logged): string[] {
  const url = new URL(request.url, 'http://localhost');
  return [request.headers.authorization, request.headers['x-api-key'], url.searchParams.get('api_key')].filter(
    (value) => value != null,
  ) as string[];
}

describe('fetchPage sends credentials only to the sync origins', () => {
  const queryKey: Auth = { type: 'api_key', name: 'api_key', value: API_KEY, in: 'query' };
  const bearer: Auth = { type: 'bearer', token: 'bearer-token-0123' };

  it('fetches a next URL on another origin without credentials, even one the API echoed the key into', async () => {
    const other = await serve(() => [200, { 'content-type': 'application/json' }, '[{"id":2}]']);
    const home = await serve(() => [200, {}, '[]']);
    const page = await fetchWith({ url: `${home.base}/items` }, queryKey, `${other.base}/items?api_key=${API_KEY}&start=3`);
    expect(page.records).toEqual([{ id: 2 }]);
    expect(other.log.map(credentialsIn)).toEqual([[]]);
    expect(other.log[0]!.url).toBe('/items?start=3');
  });

  it('follows a redirect to another origin without credentials, and keeps them on its own origin', async () => {
    const other = await serve(() => [200, {}, '[{"id":3}]']);
    const home = await serve((url) =>
      url.pathname === '/away'
        ? [302, { location: `${other.base}/items` }, '']
        : url.pathname === '/here'
          ? [307, { location: '/items' }, '']
          : [200, {}, '[{"id":1}]'],
    );
    expect((await fetchWith({ url: `${home.base}/away` }, bearer)).records).toEqual([{ id: 3 }]);
    expect(other.log.map(credentialsIn)).toEqual([[]]);
    expect((await fetchWith({ url: `${home.base}/here` }, bearer)).records).toEqual([{ id: 1 }]);
    expect(home.log.map(credentialsIn)).toEqual([
      ['Bearer bearer-token-0123', HEADER_SECRET],
      ['Bearer bearer-token-0123', HEADER_SECRET],
      ['Bearer bearer-token-0123', HEADER_SECRET],
    ]);
  });

  it('sends credentials to an origin listed in allowed_origins', async () => {
    const other = await serve(() => [200, {}, '[{"id":2}]']);
    const home = await serve(() => [302, { location: `${other.base}/items` }, '']);
    await fetchWith({ url: `${home.base}/items`, allowed_origins: [other.base] }, bearer);
    expect(other.log.map(credentialsIn)).toEqual([['Bearer bearer-token-0123', HEADER_SECRET]]);
  });

  it('fails at once, without retries, on a redirect loop', async () => {
    const home = await serve(() => [302, { location: '/loop' }, '']);
    const error = await fetchWith({ url: `${home.base}/loop` }, bearer).catch((failure: unknown) => failure);
    expect(error).toBeInstanceOf(ApplicationFailure);
    expect((error as ApplicationFailure).nonRetryable).toBe(true);
    expect((error as ApplicationFailure).message).toContain('was redirected: more than 5 redirects');
    expect(home.log).toHaveLength(6);
  });

  it('fails at once on a redirect to a scheme other than http(s)', async () => {
    const home = await serve(() => [302, { location: 'file:///etc/passwd' }, '']);
    const error = await fetchWith({ url: `${home.base}/items` }, bearer).catch((failure: unknown) => failure);
    expect(error).toBeInstanceOf(ApplicationFailure);
    expect((error as ApplicationFailure).nonRetryable).toBe(true);
    expect((error as ApplicationFailure).message).toContain('only http and https are followed');
  });
});
