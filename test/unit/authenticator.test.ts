import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ApplicationFailure } from '@temporalio/common';
import { afterEach, describe, expect, it } from 'vitest';
import { classifyFailure } from '../../activities/failure-class.js';
import { createAuthenticator } from '../../activities/http/authenticator.js';
import { OAuthTokenCache } from '../../activities/http/oauth-token-cache.js';
import type { Auth } from '../../src/contracts/auth.js';
import { WorkerMetrics } from '../../src/metrics/metrics.js';
import { defaultOutboundHttp } from '../helpers/outbound-http.js';

const CLIENT_SECRET = 'cl!ent s3cret/+=&';

interface TokenRequest {
  method: string;
  headers: IncomingMessage['headers'];
  body: string;
  form: URLSearchParams;
}

interface TokenServer {
  url: string;
  requests: TokenRequest[];
}

type Handler = (request: TokenRequest, response: ServerResponse, index: number) => void | Promise<void>;

const servers: Server[] = [];

afterEach(async () => {
  for (const server of servers.splice(0)) {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
});

async function tokenServer(handler: Handler): Promise<TokenServer> {
  const requests: TokenRequest[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      const request: TokenRequest = { method: req.method ?? '', headers: req.headers, body, form: new URLSearchParams(body) };
      requests.push(request);
      void Promise.resolve(handler(request, res, requests.length)).catch((error: unknown) => {
        res.statusCode = 500;
        res.end(String(error));
      });
    });
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}/oauth/token`, requests };
}

function json(response: ServerResponse, status: number, body: unknown): void {
  response.writeHead(status, { 'content-type': 'application/json' });
  response.end(JSON.stringify(body));
}

/** Answers token `tok-<n>` for the n-th request. */
function issuing(extra: Record<string, unknown> = { expires_in: 3600 }): Handler {
  return (_request, response, index) => json(response, 200, { access_token: `tok-${index}`, token_type: 'bearer', ...extra });
}

function oauth(tokenUrl: string, overrides: Partial<Extract<Auth, { type: 'oauth2_client_credentials' }>> = {}): Auth {
  return { type: 'oauth2_client_credentials', token_url: tokenUrl, client_id: 'client-1', client_secret: CLIENT_SECRET, ...overrides };
}

const signal = new AbortController().signal;
const http = defaultOutboundHttp();
const metrics = new WorkerMetrics();
const options = (tokenCache = new OAuthTokenCache()) => ({ http, timeoutMs: 5_000, tokenCache, metrics });

async function applied(auth: ReturnType<typeof createAuthenticator>, href = 'https://api.example.com/items?page=1') {
  const url = new URL(href);
  const headers = new Headers({ accept: 'application/json' });
  await auth.apply(url, headers, signal);
  return { url, headers };
}

async function failure(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof Error) return error;
    throw new Error(`not an Error: ${String(error)}`);
  }
  throw new Error('expected a failure');
}

function expectNoSecret(text: string, secrets: string[]): void {
  for (const secret of secrets) {
    expect(text).not.toContain(secret);
    expect(text).not.toContain(encodeURIComponent(secret));
  }
}

describe('createAuthenticator without credentials and with static credentials', () => {
  it('null adds nothing and cannot refresh', async () => {
    const auth = createAuthenticator(null, options());
    const { url, headers } = await applied(auth);
    expect(url.toString()).toBe('https://api.example.com/items?page=1');
    const names: string[] = [];
    headers.forEach((_value, name) => {
      names.push(name);
    });
    expect(names).toEqual(['accept']);
    expect(await auth.refresh(signal)).toBe(false);
    expect(auth.secretValues()).toEqual([]);
  });

  it('bearer sets Authorization: Bearer <token>', async () => {
    const auth = createAuthenticator({ type: 'bearer', token: 'tkn-123' }, options());
    const { url, headers } = await applied(auth);
    expect(headers.get('authorization')).toBe('Bearer tkn-123');
    expect(url.search).toBe('?page=1');
    expect(await auth.refresh(signal)).toBe(false);
    expect(auth.secretValues()).toEqual(['tkn-123']);
  });

  it('basic sets Authorization: Basic base64(username:password)', async () => {
    const auth = createAuthenticator({ type: 'basic', username: 'alice', password: 'pä:ss' }, options());
    const { headers } = await applied(auth);
    const encoded = Buffer.from('alice:pä:ss', 'utf8').toString('base64');
    expect(headers.get('authorization')).toBe(`Basic ${encoded}`);
    expect(Buffer.from(encoded, 'base64').toString('utf8')).toBe('alice:pä:ss');
    expect(await auth.refresh(signal)).toBe(false);
    expect(auth.secretValues()).toEqual(expect.arrayContaining(['pä:ss', encoded]));
  });

  it('api_key in a header', async () => {
    const auth = createAuthenticator({ type: 'api_key', name: 'X-Api-Key', value: 'k-1', in: 'header' }, options());
    const { url, headers } = await applied(auth);
    expect(headers.get('x-api-key')).toBe('k-1');
    expect(url.search).toBe('?page=1');
    expect(await auth.refresh(signal)).toBe(false);
    expect(auth.secretValues()).toEqual(['k-1']);
  });

  it('api_key in the query string, replacing a parameter of the same name', async () => {
    const auth = createAuthenticator({ type: 'api_key', name: 'api_key', value: 'k 1&x=y', in: 'query' }, options());
    const { url, headers } = await applied(auth, 'https://api.example.com/items?page=1&api_key=old');
    expect(url.searchParams.getAll('api_key')).toEqual(['k 1&x=y']);
    expect(url.searchParams.get('page')).toBe('1');
    expect(url.searchParams.has('x')).toBe(false);
    expect(headers.has('authorization')).toBe(false);
    expect(await auth.refresh(signal)).toBe(false);
  });
});

describe('createAuthenticator with oauth2_client_credentials', () => {
  it('posts a client-credentials form and sends the token it gets', async () => {
    const server = await tokenServer(issuing());
    const auth = createAuthenticator(oauth(server.url, { scopes: ['read:items', 'write'] }), options());
    const { headers } = await applied(auth);
    expect(headers.get('authorization')).toBe('Bearer tok-1');
    expect(server.requests).toHaveLength(1);
    const [request] = server.requests;
    expect(request?.method).toBe('POST');
    expect(request?.headers['content-type']).toBe('application/x-www-form-urlencoded');
    expect(request?.headers.accept).toBe('application/json');
    expect(request?.form.get('grant_type')).toBe('client_credentials');
    expect(request?.form.get('client_id')).toBe('client-1');
    expect(request?.form.get('client_secret')).toBe(CLIENT_SECRET);
    expect(request?.form.get('scope')).toBe('read:items write');
  });

  it('sends no scope without scopes', async () => {
    const server = await tokenServer(issuing());
    await applied(createAuthenticator(oauth(server.url), options()));
    expect(server.requests[0]?.form.has('scope')).toBe(false);
  });

  it('keeps a token type other than bearer, and defaults to Bearer', async () => {
    const mac = await tokenServer((_req, res) => json(res, 200, { access_token: 'm-1', token_type: 'MAC' }));
    expect((await applied(createAuthenticator(oauth(mac.url), options()))).headers.get('authorization')).toBe('MAC m-1');
    const none = await tokenServer((_req, res) => json(res, 200, { access_token: 'n-1' }));
    expect((await applied(createAuthenticator(oauth(none.url), options()))).headers.get('authorization')).toBe('Bearer n-1');
    const upper = await tokenServer((_req, res) => json(res, 200, { access_token: 'u-1', token_type: 'BEARER' }));
    expect((await applied(createAuthenticator(oauth(upper.url), options()))).headers.get('authorization')).toBe('Bearer u-1');
  });

  it('fetches the token once and reuses it across apply calls and authenticators sharing one cache', async () => {
    const server = await tokenServer(issuing());
    const cache = new OAuthTokenCache();
    const first = createAuthenticator(oauth(server.url), options(cache));
    expect((await applied(first)).headers.get('authorization')).toBe('Bearer tok-1');
    expect((await applied(first)).headers.get('authorization')).toBe('Bearer tok-1');
    const second = createAuthenticator(oauth(server.url), options(cache));
    expect((await applied(second)).headers.get('authorization')).toBe('Bearer tok-1');
    expect(server.requests).toHaveLength(1);
  });

  it('does not share tokens between caches, client ids, scopes or client secrets', async () => {
    const server = await tokenServer(issuing());
    const cache = new OAuthTokenCache();
    await applied(createAuthenticator(oauth(server.url), options(cache)));
    await applied(createAuthenticator(oauth(server.url), options(new OAuthTokenCache())));
    await applied(createAuthenticator(oauth(server.url, { client_id: 'client-2' }), options(cache)));
    await applied(createAuthenticator(oauth(server.url, { scopes: ['read'] }), options(cache)));
    const rotated = await applied(createAuthenticator(oauth(server.url, { client_secret: 'a new secret' }), options(cache)));
    expect(server.requests).toHaveLength(5);
    expect(rotated.headers.get('authorization')).toBe('Bearer tok-5');
    expect(server.requests[4]?.form.get('client_secret')).toBe('a new secret');
  });

  it('treats a token as expired 30 s before expires_in runs out', async () => {
    let now = 1_000_000;
    const server = await tokenServer(issuing({ expires_in: 31 }));
    const cache = new OAuthTokenCache({ now: () => now });
    const auth = createAuthenticator(oauth(server.url), options(cache));
    expect((await applied(auth)).headers.get('authorization')).toBe('Bearer tok-1');
    now += 999;
    expect((await applied(auth)).headers.get('authorization')).toBe('Bearer tok-1');
    expect(server.requests).toHaveLength(1);
    now += 1;
    expect((await applied(auth)).headers.get('authorization')).toBe('Bearer tok-2');
    expect(server.requests).toHaveLength(2);
  });

  it('caches a token without expires_in for 5 minutes', async () => {
    let now = 1_000_000;
    const server = await tokenServer(issuing({}));
    const auth = createAuthenticator(oauth(server.url), options(new OAuthTokenCache({ now: () => now })));
    await applied(auth);
    now += 5 * 60_000 - 1;
    expect((await applied(auth)).headers.get('authorization')).toBe('Bearer tok-1');
    now += 1;
    expect((await applied(auth)).headers.get('authorization')).toBe('Bearer tok-2');
    expect(server.requests).toHaveLength(2);
  });

  it('accepts expires_in as a numeric string', async () => {
    let now = 1_000_000;
    const server = await tokenServer(issuing({ expires_in: '60' }));
    const auth = createAuthenticator(oauth(server.url), options(new OAuthTokenCache({ now: () => now })));
    await applied(auth);
    now += 29_999;
    await applied(auth);
    expect(server.requests).toHaveLength(1);
    now += 1;
    await applied(auth);
    expect(server.requests).toHaveLength(2);
  });

  it('refresh drops the cached token and fetches a new one', async () => {
    const server = await tokenServer(issuing());
    const cache = new OAuthTokenCache();
    const auth = createAuthenticator(oauth(server.url), options(cache));
    expect((await applied(auth)).headers.get('authorization')).toBe('Bearer tok-1');
    expect(await auth.refresh(signal)).toBe(true);
    expect(server.requests).toHaveLength(2);
    expect((await applied(auth)).headers.get('authorization')).toBe('Bearer tok-2');
    // The new token is shared through the cache too.
    expect((await applied(createAuthenticator(oauth(server.url), options(cache)))).headers.get('authorization')).toBe('Bearer tok-2');
    expect(server.requests).toHaveLength(2);
    expect(auth.secretValues()).toEqual(expect.arrayContaining([CLIENT_SECRET, 'tok-1', 'tok-2']));
  });

  it('concurrent apply calls share one token request', async () => {
    let release!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    const server = await tokenServer(async (_req, res, index) => {
      await released;
      json(res, 200, { access_token: `tok-${index}`, expires_in: 3600 });
    });
    const cache = new OAuthTokenCache();
    const pending = Array.from({ length: 5 }, () => applied(createAuthenticator(oauth(server.url), options(cache))));
    await new Promise((resolve) => setTimeout(resolve, 50));
    release();
    const results = await Promise.all(pending);
    expect(results.map(({ headers }) => headers.get('authorization'))).toEqual(Array(5).fill('Bearer tok-1'));
    expect(server.requests).toHaveLength(1);
  });

  it('a caller that gives up does not abort the request another caller still waits for', async () => {
    let release!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    const server = await tokenServer(async (_req, res, index) => {
      await released;
      json(res, 200, { access_token: `tok-${index}` });
    });
    const cache = new OAuthTokenCache();
    const impatient = new AbortController();
    const first = createAuthenticator(oauth(server.url), options(cache)).apply(new URL('https://x.test'), new Headers(), impatient.signal);
    const headers = new Headers();
    const second = createAuthenticator(oauth(server.url), options(cache)).apply(new URL('https://x.test'), headers, signal);
    await new Promise((resolve) => setTimeout(resolve, 50));
    impatient.abort(new Error('cancelled'));
    expect((await failure(first)).message).toBe('cancelled');
    release();
    await second;
    expect(headers.get('authorization')).toBe('Bearer tok-1');
    expect(server.requests).toHaveLength(1);
  });

  it('a 401 from the token endpoint fails the job without naming the secret', async () => {
    const server = await tokenServer((req, res) =>
      json(res, 401, { error: 'invalid_client', error_description: `bad secret ${req.form.get('client_secret') ?? ''} (${req.body})` }),
    );
    const error = await failure(applied(createAuthenticator(oauth(server.url), options())));
    expect(error).toBeInstanceOf(ApplicationFailure);
    const failureError = error as ApplicationFailure;
    expect(failureError.nonRetryable).toBe(true);
    expect(failureError.type).toBe('auth_refused');
    expect(classifyFailure(error)).toMatchObject({ class: 'config', code: 'auth_refused', http_status: 401 });
    expect(error.message).toContain(server.url);
    expect(error.message).toContain('401');
    expect(error.message).toContain('invalid_client');
    expectNoSecret(error.message, [CLIENT_SECRET]);
  });

  it('a 400 fails the job; a success without access_token fails the job without quoting other values', async () => {
    const bad = await tokenServer((_req, res) => json(res, 400, { error: 'invalid_scope' }));
    const badError = await failure(applied(createAuthenticator(oauth(bad.url), options())));
    expect(badError).toBeInstanceOf(ApplicationFailure);
    expect((badError as ApplicationFailure).nonRetryable).toBe(true);
    expect(badError.message).toContain('invalid_scope');

    const missing = await tokenServer((_req, res) => json(res, 200, { token: 'leaky-token', token_type: 'bearer' }));
    const missingError = await failure(applied(createAuthenticator(oauth(missing.url), options())));
    expect(missingError).toBeInstanceOf(ApplicationFailure);
    expect((missingError as ApplicationFailure).nonRetryable).toBe(true);
    expect(classifyFailure(missingError)).toMatchObject({ class: 'config', code: 'auth_refused', http_status: 200 });
    expect(missingError.message).toContain('access_token');
    expect(missingError.message).toContain(missing.url);
    expect(missingError.message).not.toContain('leaky-token');

    const html = await tokenServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/html' });
      res.end(`<html>login ${CLIENT_SECRET}</html>`);
    });
    const htmlError = await failure(applied(createAuthenticator(oauth(html.url), options())));
    expect((htmlError as ApplicationFailure).nonRetryable).toBe(true);
    expectNoSecret(htmlError.message, [CLIENT_SECRET]);
  });

  it('a 503 or 429 throws a retryable transient failure, so Temporal retries the activity', async () => {
    for (const status of [503, 429]) {
      const server = await tokenServer((req, res) => json(res, status, { message: `busy, ${req.body}` }));
      const error = await failure(applied(createAuthenticator(oauth(server.url), options())));
      expect((error as ApplicationFailure).nonRetryable).toBe(false);
      expect(classifyFailure(error)).toMatchObject({ class: 'transient', code: `http_${status}`, http_status: status });
      expect(error.message).toContain(String(status));
      expect(error.message).toContain(server.url);
      expectNoSecret(error.message, [CLIENT_SECRET]);
    }
  });

  it('network errors and timeouts throw retryable transient failures and are not cached', async () => {
    const closed = await tokenServer(issuing());
    const closedUrl = closed.url;
    const server = servers.pop();
    server?.closeAllConnections();
    await new Promise<void>((resolve) => server?.close(() => resolve()));
    const refused = await failure(applied(createAuthenticator(oauth(closedUrl), options())));
    expect((refused as ApplicationFailure).nonRetryable).toBe(false);
    expect(classifyFailure(refused)).toMatchObject({ class: 'transient', code: 'network_error' });
    expect(refused.message).toContain(closedUrl);

    let answer = false;
    const slow = await tokenServer((_req, res, index) => {
      if (answer) json(res, 200, { access_token: `tok-${index}` });
    });
    const cache = new OAuthTokenCache();
    const auth = createAuthenticator(oauth(slow.url), { http, timeoutMs: 100, tokenCache: cache, metrics });
    const timedOut = await failure(applied(auth));
    expect(classifyFailure(timedOut)).toMatchObject({ class: 'transient', code: 'request_timeout' });
    expect(timedOut.message).toContain('100 ms');
    answer = true;
    expect((await applied(auth)).headers.get('authorization')).toBe('Bearer tok-2');
  });

  it('secretValues lists the client secret and the current access token', async () => {
    const server = await tokenServer(issuing());
    const auth = createAuthenticator(oauth(server.url), options());
    expect(auth.secretValues()).toEqual([CLIENT_SECRET]);
    await applied(auth);
    expect(auth.secretValues()).toEqual(expect.arrayContaining([CLIENT_SECRET, 'tok-1']));
  });
});
