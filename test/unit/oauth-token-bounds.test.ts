import { createServer, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ApplicationFailure } from '@temporalio/common';
import { afterEach, describe, expect, it } from 'vitest';
import { classifyFailure } from '../../activities/failure-class.js';
import { createAuthenticator } from '../../activities/http/authenticator.js';
import { OAuthTokenCache } from '../../activities/http/oauth-token-cache.js';
import { WorkerMetrics } from '../../src/metrics/metrics.js';
import { defaultOutboundHttp } from '../helpers/outbound-http.js';

const metrics = new WorkerMetrics();

const servers: Server[] = [];
afterEach(async () => {
  for (const server of servers.splice(0)) {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
});

async function serve(handler: (path: string, res: ServerResponse) => void): Promise<{ base: string; paths: string[] }> {
  const paths: string[] = [];
  const server = createServer((req, res) => {
    paths.push(req.url ?? '');
    req.resume();
    req.on('end', () => handler(req.url ?? '', res));
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { base: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, paths };
}

async function tokenFailure(tokenUrl: string, timeoutMs = 5_000): Promise<unknown> {
  const authenticator = createAuthenticator(
    { type: 'oauth2_client_credentials', token_url: tokenUrl, client_id: 'client', client_secret: 'client-secret-0123' },
    { http: defaultOutboundHttp(), timeoutMs, tokenCache: new OAuthTokenCache(), metrics },
  );
  return authenticator.apply(new URL('http://api.test/items'), new Headers(), new AbortController().signal).then(
    () => expect.unreachable('expected the token request to fail'),
    (error: unknown) => error,
  );
}

describe('OAuth token requests', () => {
  it('never follow a redirect: the client secret goes to token_url only', async () => {
    const elsewhere = await serve((_path, res) => res.end('{"access_token":"stolen"}'));
    const token = await serve((_path, res) => {
      res.writeHead(302, { location: `${elsewhere.base}/token` });
      res.end();
    });
    const error = await tokenFailure(`${token.base}/token`);
    expect(error).toBeInstanceOf(ApplicationFailure);
    expect((error as ApplicationFailure).nonRetryable).toBe(true);
    expect((error as ApplicationFailure).message).toContain('answered 302 Found to');
    expect((error as ApplicationFailure).message).toContain('token requests never follow redirects');
    expect(elsewhere.paths).toEqual([]);
  });

  it('stop reading an answer larger than 1 MiB', async () => {
    const token = await serve((_path, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(`{"access_token":"${'x'.repeat(2 * 1024 * 1024)}"}`);
    });
    const error = await tokenFailure(`${token.base}/token`);
    expect(error).toBeInstanceOf(ApplicationFailure);
    expect((error as ApplicationFailure).message).toContain('the answer is larger than 1048576 bytes');
  });

  it('time out on an answer that never ends', async () => {
    const token = await serve((_path, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.write('{"access_token":"');
      const timer = setInterval(() => res.write('x'), 10);
      res.on('close', () => clearInterval(timer));
    });
    const error = await tokenFailure(`${token.base}/token`, 300);
    expect((error as ApplicationFailure).nonRetryable).toBe(false);
    expect(classifyFailure(error)).toMatchObject({ class: 'transient', code: 'request_timeout' });
    expect((error as Error).message).toContain('failed: no complete answer within 300 ms');
  });
});
