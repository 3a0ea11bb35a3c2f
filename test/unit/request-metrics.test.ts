import type { AddressInfo } from 'node:net';
import express, { Router } from 'express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { errorMiddleware, notFoundRoute } from '../../src/api/error-middleware.js';
import { NotFoundError } from '../../src/api/errors.js';
import { metricsRouter } from '../../src/api/metrics-router.js';
import { requestLog } from '../../src/api/request-log.js';
import { NO_ROUTE, requestMetrics } from '../../src/api/request-metrics.js';
import { routePattern } from '../../src/api/route-template.js';
import { ApiMetrics } from '../../src/metrics/metrics.js';
import { serveMetrics } from '../../src/metrics/metrics-server.js';
import { parseSamples, type Samples, sampleKey } from '../helpers/prometheus-text.js';
import { testLogger } from '../helpers/test-logger.js';

const counts = { active: 2, paused: 1, cancelled: 0 };
let countFails = false;
const countErrors: unknown[] = [];
const metrics = new ApiMetrics({
  countSyncs: async () => {
    if (countFails) throw new Error('database gone');
    return counts;
  },
  onCountError: (error) => countErrors.push(error),
});

/** An app shaped like the API's: the access log and the metrics first (both follow the route), a router mounted under /v1/syncs, the one error middleware. */
function app() {
  const syncs = Router();
  syncs.post('/', (_req, res) => {
    res.status(201).json({});
  });
  syncs.get('/:id', (req, res) => {
    if (req.params.id === '404') throw new NotFoundError('no such sync');
    res.json({ id: req.params.id });
  });
  syncs.get('/:id/jobs', async (_req, res) => {
    res.json({ data: [] });
  });
  const served = express();
  served.use(requestLog(testLogger));
  served.use(requestMetrics(metrics));
  served.get('/healthz', (_req, res) => {
    res.json({ ok: true });
  });
  served.use('/v1/syncs', syncs);
  served.use(metricsRouter(metrics.registry));
  served.use(notFoundRoute);
  served.use(errorMiddleware(testLogger));
  return served;
}

let baseUrl = '';
let close: () => void = () => undefined;
beforeAll(async () => {
  const server = app().listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  close = () => server.close();
});
afterAll(() => close());

async function scrapeApp(): Promise<{ samples: Samples; text: string }> {
  const response = await fetch(`${baseUrl}/metrics`);
  expect(response.status).toBe(200);
  expect(response.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
  const text = await response.text();
  return { samples: parseSamples(text), text };
}

const requests = (samples: Samples, method: string, route: string, status: number) =>
  samples.get(sampleKey('syncd_api_requests_total', { method, route, status: String(status) })) ?? 0;

describe('API request metrics', () => {
  it('label a request with its route pattern, never its raw path, whether it succeeded or failed', async () => {
    const logMark = testLogger.mark();
    for (const id of ['17', '18', '19']) expect((await fetch(`${baseUrl}/v1/syncs/${id}`)).status).toBe(200);
    expect((await fetch(`${baseUrl}/v1/syncs/404`)).status).toBe(404);
    expect((await fetch(`${baseUrl}/v1/syncs/5/jobs`)).status).toBe(200);
    expect(
      (await fetch(`${baseUrl}/v1/syncs`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' })).status,
    ).toBe(201);
    expect((await fetch(`${baseUrl}/healthz`)).status).toBe(200);
    expect((await fetch(`${baseUrl}/no/such/7`)).status).toBe(404);

    const { samples, text } = await scrapeApp();
    expect(requests(samples, 'GET', '/v1/syncs/:id', 200)).toBe(3);
    // The error left the router before it was answered, so the router had restored req.baseUrl by then.
    expect(requests(samples, 'GET', '/v1/syncs/:id', 404)).toBe(1);
    expect(requests(samples, 'GET', '/v1/syncs/:id/jobs', 200)).toBe(1);
    expect(requests(samples, 'POST', '/v1/syncs', 201)).toBe(1);
    expect(requests(samples, 'GET', '/healthz', 200)).toBe(1);
    expect(requests(samples, 'GET', NO_ROUTE, 404)).toBe(1);
    expect(
      samples.get(sampleKey('syncd_api_request_duration_seconds_count', { method: 'GET', route: '/v1/syncs/:id', status: '200' })),
    ).toBe(3);
    for (const raw of ['/v1/syncs/17', '/v1/syncs/404', '/v1/syncs/5/jobs', '/no/such/7']) expect(text).not.toContain(`route="${raw}"`);
    // The access log follows the same route as the metrics: two watchers of one request must not hide each other.
    const accessRoutes = testLogger
      .since(logMark)
      .filter((record) => record.message === 'request' && record.meta?.status === 404)
      .map((record) => record.meta?.route);
    expect(accessRoutes).toEqual(['/v1/syncs/:id', '/no/such/7']);
  });

  it('join a mount path and a route path without a trailing slash', () => {
    expect(routePattern('/v1/syncs', '/')).toBe('/v1/syncs');
    expect(routePattern('/v1/syncs', '/:id')).toBe('/v1/syncs/:id');
    expect(routePattern('', '/healthz')).toBe('/healthz');
    expect(routePattern('', '/')).toBe('/');
  });
});

describe('syncs by status', () => {
  it('is read at each scrape, every status present', async () => {
    const { samples } = await scrapeApp();
    expect(samples.get('syncd_syncs{status="active"}')).toBe(2);
    expect(samples.get('syncd_syncs{status="paused"}')).toBe(1);
    expect(samples.get('syncd_syncs{status="cancelled"}')).toBe(0);
  });

  it('is left out, and the failure told, when storage cannot count; the rest of the scrape still answers', async () => {
    countFails = true;
    try {
      const { samples, text } = await scrapeApp();
      expect(text).not.toContain('syncd_syncs{');
      expect(samples.get('process_cpu_user_seconds_total')).toBeGreaterThan(0);
      expect(countErrors).toHaveLength(1);
      expect(String(countErrors[0])).toContain('database gone');
    } finally {
      countFails = false;
    }
    expect((await scrapeApp()).samples.get('syncd_syncs{status="active"}')).toBe(2);
  });
});

describe('worker metrics server', () => {
  it('serves the registry at /metrics on a free port and fails to start, naming the address, when the port is taken', async () => {
    const server = await serveMetrics(metrics.registry, 0, '127.0.0.1');
    try {
      expect(server.port).toBeGreaterThan(0);
      const response = await fetch(`http://127.0.0.1:${server.port}/metrics`);
      expect(response.status).toBe(200);
      expect(await response.text()).toContain('# TYPE syncd_api_requests_total counter');
      const taken = await serveMetrics(metrics.registry, server.port, '127.0.0.1').then(
        () => new Error('expected the start to fail'),
        (error: unknown) => error,
      );
      expect(String(taken)).toContain(`could not serve worker metrics on 127.0.0.1:${server.port}`);
    } finally {
      await server.close();
    }
  });
});
