// syncd's own API keys (SYNCD_API_KEYS, SYNCD_READ_API_KEYS); auth.test.ts is about the credentials
// a sync sends to the external APIs it reads.
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildOpenApiDocument } from '../../src/api/openapi/document.js';
import { SyncApiError, SyncClient } from '../../src/sdk/index.js';
import { numberedRecords } from '../helpers/fake-api.js';
import type { Harness } from '../helpers/harness.js';
import { type RawAnswer, rawRequest } from '../helpers/raw-request.js';
import { startTestHarness } from '../helpers/test-harness.js';
import { testLogger } from '../helpers/test-logger.js';

const root = path.resolve(import.meta.dirname, '..', '..');
const WRITE_KEY = randomBytes(24).toString('hex');
const READ_KEY = randomBytes(24).toString('base64url');
const WRONG_KEY = randomBytes(24).toString('hex');

let h: Harness;
let logMark: number;
beforeAll(async () => {
  logMark = testLogger.mark();
  h = await startTestHarness({ env: { SYNCD_API_KEYS: WRITE_KEY, SYNCD_READ_API_KEYS: READ_KEY } });
  h.fakeApi.records = numberedRecords(2);
});
afterAll(() => h.stop());

const JSON_TYPE = { 'content-type': 'application/json' };
const bearer = (key: string) => ({ authorization: `Bearer ${key}` });

function send(method: string, apiPath: string, headers: Record<string, string>, body?: unknown): Promise<RawAnswer> {
  return rawRequest(h.baseUrl, { method, path: apiPath, headers, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
}

function expectError(answer: RawAnswer, status: number, code: string): void {
  expect(answer.status, answer.text).toBe(status);
  expect(answer.body).toEqual({ error: { code, message: expect.any(String) } });
}

const storedSyncs = async () => h.storage.listSyncs({ limit: 1000, after: 0 });

describe('with API keys configured', () => {
  it('a request without a key answers 401 with the error body and a Bearer challenge, and changes nothing', async () => {
    const sync = await h.createSync({ url: h.fakeApi.url('/items'), paused: true, friendly_name: 'kept' });
    const before = (await storedSyncs()).length;
    for (const [method, apiPath, body] of [
      ['GET', '/v1/syncs', undefined],
      ['GET', `/v1/syncs/${sync.sync_id}/records`, undefined],
      ['POST', '/v1/syncs', { url: h.fakeApi.url('/items'), unique_key: 'id' }],
      ['POST', `/v1/syncs/${sync.sync_id}/cancel`, {}],
      ['PATCH', `/v1/syncs/${sync.sync_id}`, { friendly_name: 'changed' }],
      ['GET', '/metrics', undefined],
      ['GET', '/no-such-page', undefined],
    ] as const) {
      const answer = await send(method, apiPath, JSON_TYPE, body);
      expectError(answer, 401, 'unauthorized');
      expect(answer.body.error.message).toContain('Authorization: Bearer <key>');
      expect(answer.headers['www-authenticate']).toBe('Bearer realm="syncd"');
    }
    expect((await storedSyncs()).length).toBe(before);
    expect((await h.api('GET', `/v1/syncs/${sync.sync_id}`)).body).toMatchObject({ status: 'paused', friendly_name: 'kept' });
  });

  it.each([
    ['an unknown key', `Bearer ${WRONG_KEY}`],
    ['a known key with a character more', `Bearer ${WRITE_KEY}x`],
    ['a known key cut short', `Bearer ${WRITE_KEY.slice(0, -1)}`],
    ['a known key in another scheme', `Basic ${WRITE_KEY}`],
    ['an empty bearer', 'Bearer '],
  ])('%s answers 401', async (_name, authorization) => {
    const answer = await send('GET', '/v1/syncs', { authorization });
    expectError(answer, 401, 'unauthorized');
  });

  it('a read-write key reads and changes', async () => {
    const created = await send(
      'POST',
      '/v1/syncs',
      { ...JSON_TYPE, ...bearer(WRITE_KEY) },
      { url: h.fakeApi.url('/items'), unique_key: 'id', paused: true },
    );
    expect(created.status, created.text).toBe(201);
    const paused = await send(
      'PATCH',
      `/v1/syncs/${created.body.sync_id}`,
      { ...JSON_TYPE, authorization: `bearer  ${WRITE_KEY}` },
      { friendly_name: 'renamed' },
    );
    expect(paused.status, paused.text).toBe(200);
    expect(paused.body.friendly_name).toBe('renamed');
  });

  it('a read-only key reads (200) and is refused every change (403) without changing anything', async () => {
    const sync = await h.createSync({ url: h.fakeApi.url('/items'), paused: true, friendly_name: 'as created' });
    const read = await send('GET', `/v1/syncs/${sync.sync_id}`, bearer(READ_KEY));
    expect(read.status, read.text).toBe(200);
    expect(read.body).toMatchObject({ sync_id: sync.sync_id, status: 'paused' });
    expect((await send('GET', `/v1/syncs/${sync.sync_id}/jobs`, bearer(READ_KEY))).status).toBe(200);
    expect((await send('HEAD', '/v1/syncs', bearer(READ_KEY))).status).toBe(200);
    // /metrics is a read like any other.
    const metrics = await send('GET', '/metrics', bearer(READ_KEY));
    expect(metrics.status, metrics.text).toBe(200);
    expect(metrics.text).toContain('# TYPE syncd_api_requests_total counter');

    const before = (await storedSyncs()).length;
    const headers = { ...JSON_TYPE, ...bearer(READ_KEY) };
    for (const [method, apiPath, body] of [
      ['POST', '/v1/syncs', { url: h.fakeApi.url('/items'), unique_key: 'id' }],
      ['POST', `/v1/syncs/${sync.sync_id}/cancel`, {}],
      ['POST', `/v1/syncs/${sync.sync_id}/resume`, {}],
      ['PUT', '/v1/syncs', { action: 'cancel', sync_id: sync.sync_id }],
      ['PATCH', `/v1/syncs/${sync.sync_id}`, { friendly_name: 'changed' }],
      ['DELETE', `/v1/syncs/${sync.sync_id}`, undefined],
    ] as const) {
      const answer = await send(method, apiPath, headers, body);
      expectError(answer, 403, 'forbidden');
      expect(answer.body.error.message).toBe(`this API key may only read (GET); ${method} needs a key from SYNCD_API_KEYS`);
    }
    expect((await storedSyncs()).length).toBe(before);
    expect((await h.api('GET', `/v1/syncs/${sync.sync_id}`)).body).toMatchObject({ status: 'paused', friendly_name: 'as created' });
    expect(await h.jobsOf(sync.sync_id)).toEqual([]);
  });

  it('a read-only key is refused every write operation the API describes (403), changing nothing', async () => {
    const sync = await h.createSync({ url: h.fakeApi.url('/items'), paused: true, friendly_name: 'as created' });
    const path = (template: string) => template.replace('{id}', String(sync.sync_id));
    // The API description lists every route of the app (openapi-document.test.ts), so no write route is left out.
    const writes = Object.entries(buildOpenApiDocument().paths ?? {}).flatMap(([template, item]) =>
      (['post', 'put', 'patch', 'delete'] as const)
        .filter((method) => item?.[method] !== undefined)
        .map((method): [string, string] => [method.toUpperCase(), path(template)]),
    );
    expect(writes).toEqual(
      expect.arrayContaining([
        ['PUT', '/v1/syncs'],
        ['POST', '/v1/syncs/preview'],
        ['DELETE', path('/v1/syncs/{id}/state')],
      ]),
    );
    const state = await h.api('GET', path('/v1/syncs/{id}/state'));
    const events = await h.api('GET', path('/v1/syncs/{id}/events'));
    const before = (await storedSyncs()).length;
    for (const [method, apiPath] of writes) {
      // Node's client sends a DELETE body without a length, which the server would read as a second request.
      const answer = await send(method, apiPath, { ...JSON_TYPE, ...bearer(READ_KEY) }, method === 'DELETE' ? undefined : {});
      expect(answer.status, `${method} ${apiPath}: ${answer.text}`).toBe(403);
      expect(answer.body.error.code).toBe('forbidden');
    }
    expect((await storedSyncs()).length).toBe(before);
    expect((await h.api('GET', path('/v1/syncs/{id}'))).body).toMatchObject({ status: 'paused', friendly_name: 'as created' });
    expect(await h.jobsOf(sync.sync_id)).toEqual([]);
    expect((await h.api('GET', path('/v1/syncs/{id}/state'))).body).toEqual(state.body);
    expect((await h.api('GET', path('/v1/syncs/{id}/events'))).body).toEqual(events.body);
  });

  it('health, the dashboard and the API description need no key', async () => {
    const health = await send('GET', '/healthz', {});
    expect(health).toMatchObject({ status: 200, body: { ok: true } });
    expect((await send('HEAD', '/healthz', {})).status).toBe(200);
    for (const page of ['/', '/index.html', '/dashboard.js', '/sign-in.js', '/dashboard.css']) {
      expect((await send('GET', page, {})).status, page).toBe(200);
    }
    // Served by other parts of syncd; whatever they answer, it is not a demand for a key.
    for (const open of ['/readyz', '/openapi.json', '/docs', '/docs/index.html']) {
      expect((await send('GET', open, {})).status, open).not.toBe(401);
    }
    // Only reads are open there.
    expectError(await send('POST', '/healthz', JSON_TYPE, {}), 401, 'unauthorized');
  });

  it('the SDK sends its apiKey as a bearer header; a read-only key gets a 403 SyncApiError on a change', async () => {
    const sync = await h.createSync({ url: h.fakeApi.url('/items'), paused: true });
    expect((await new SyncClient({ baseUrl: h.baseUrl, apiKey: WRITE_KEY }).get(sync.sync_id)).status).toBe('paused');
    const reader = new SyncClient({ baseUrl: h.baseUrl, apiKey: READ_KEY });
    expect((await reader.get(sync.sync_id)).sync_id).toBe(sync.sync_id);
    const refused = await reader.resume(sync.sync_id).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(SyncApiError);
    expect(refused).toMatchObject({ status: 403, code: 'forbidden' });
    const anonymous = await new SyncClient({ baseUrl: h.baseUrl, retries: 0 }).list().catch((error: unknown) => error);
    expect(anonymous).toMatchObject({ status: 401, code: 'unauthorized' });
    expect((await h.api('GET', `/v1/syncs/${sync.sync_id}`)).body.status).toBe('paused');
  });

  it('an API listening beyond loopback with keys takes any Host, and still wants a key', async () => {
    const wide = await h.startApi({ SYNCD_API_HOST: '0.0.0.0' });
    try {
      const anyHost = await rawRequest(wide.baseUrl, { path: '/v1/syncs', headers: { host: 'syncd.example.com', ...bearer(READ_KEY) } });
      expect(anyHost.status, anyHost.text).toBe(200);
      const noKey = await rawRequest(wide.baseUrl, { path: '/v1/syncs', headers: { host: 'syncd.example.com' } });
      expectError(noKey, 401, 'unauthorized');
    } finally {
      await wide.stop();
    }
  });

  it('an API without keys warns once that it is unauthenticated; one with keys does not', async () => {
    const mark = testLogger.mark();
    const open = await h.startApi({ SYNCD_API_KEYS: undefined, SYNCD_READ_API_KEYS: undefined });
    await open.stop();
    const warnings = testLogger.since(mark).filter((record) => record.message.includes('unauthenticated'));
    expect(warnings).toEqual([
      {
        level: 'WARN',
        message: 'the API is unauthenticated (no SYNCD_API_KEYS): it listens on 127.0.0.1 only, so only this machine can reach it',
      },
    ]);
    expect(testLogger.since(logMark).filter((record) => record.message.includes('unauthenticated'))).toHaveLength(1);
  });

  it('no key, known or not, reaches the log', async () => {
    // A refused request, and a logged answer (409 with its cause) to a request made with a key.
    await send('GET', '/v1/syncs', bearer(WRONG_KEY));
    const sync = await h.createSync({ url: h.fakeApi.url('/items'), paused: true });
    expect((await send('POST', `/v1/syncs/${sync.sync_id}/cancel`, { ...JSON_TYPE, ...bearer(WRITE_KEY) }, {})).status).toBe(200);
    const resumed = await send('POST', `/v1/syncs/${sync.sync_id}/resume`, { ...JSON_TYPE, ...bearer(WRITE_KEY) }, {});
    expect(resumed.status).toBe(409);
    const logged = JSON.stringify(testLogger.since(logMark));
    // The access lines of the refused request and of the ones made with a key are among them.
    expect(testLogger.since(logMark)).toContainEqual(
      expect.objectContaining({ message: 'request', meta: expect.objectContaining({ route: '/v1/syncs', status: 401 }) }),
    );
    expect(testLogger.since(logMark)).toContainEqual(
      expect.objectContaining({ message: 'request', meta: expect.objectContaining({ route: '/v1/syncs/:id/:action', status: 409 }) }),
    );
    for (const key of [WRITE_KEY, READ_KEY, WRONG_KEY]) expect(logged).not.toContain(key);
  });
});

/** Runs an entry point as its npm script does, with `env` only (and PATH). */
function run(script: string, env: Record<string, string>): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve) => {
    const child = execFile(process.execPath, ['--import', 'tsx', script], {
      cwd: root,
      env: { PATH: process.env.PATH, ...env },
      timeout: 60_000,
    });
    let stderr = '';
    child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.once('close', (code) => resolve({ code, stderr }));
  });
}

describe('the entry points', () => {
  it.each(['scripts/api.ts', 'scripts/start.ts'])(
    '%s refuses to listen beyond loopback without a key, saying why, and exits 1',
    async (script) => {
      const { code, stderr } = await run(script, { SYNCD_API_HOST: '0.0.0.0' });
      expect(code).toBe(1);
      expect(stderr).toContain('syncd: could not start: invalid configuration:');
      expect(stderr).toContain('SYNCD_API_HOST: 0.0.0.0 is not a loopback address, so SYNCD_API_KEYS must be set');
    },
  );

  it('a short key stops the start without being printed', async () => {
    const short = `short-${randomBytes(4).toString('hex')}`;
    const { code, stderr } = await run('scripts/api.ts', { SYNCD_API_KEYS: short });
    expect(code).toBe(1);
    expect(stderr).toContain(`SYNCD_API_KEYS: the key has ${short.length} characters; each key must have at least 32`);
    expect(stderr).not.toContain(short);
  });
});
