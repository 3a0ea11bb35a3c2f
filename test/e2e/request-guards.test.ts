// What stops a request before any route, on an API without keys: JSON only on changes (cross-site
// forms), the Host check (DNS rebinding), security headers, body and definition bounds.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CONTENT_SECURITY_POLICY } from '../../src/api/security-headers.js';
import { numberedRecords } from '../helpers/fake-api.js';
import type { Harness } from '../helpers/harness.js';
import { type RawAnswer, rawRequest } from '../helpers/raw-request.js';
import { startTestHarness } from '../helpers/test-harness.js';

let h: Harness;
let port: string;
beforeAll(async () => {
  h = await startTestHarness();
  h.fakeApi.records = numberedRecords(2);
  port = new URL(h.baseUrl).port;
});
afterAll(() => h.stop());

const valid = () => ({ url: h.fakeApi.url('/items'), unique_key: 'id' });
const storedSyncs = async () => (await h.storage.listSyncs({ limit: 1000, after: 0 })).length;

function expectError(answer: RawAnswer, status: number, code: string): void {
  expect(answer.status, answer.text).toBe(status);
  expect(answer.body.error).toMatchObject({ code, message: expect.any(String) });
}

describe('a change not sent as JSON', () => {
  it('a plain HTML form POST to cancel answers 415 and the sync stays active', async () => {
    const sync = await h.createSync({ ...valid(), frequency: '1 hour' });
    const answer = await rawRequest(h.baseUrl, {
      method: 'POST',
      path: `/v1/syncs/${sync.sync_id}/cancel`,
      headers: { 'content-type': 'application/x-www-form-urlencoded', origin: 'https://evil.example' },
      body: 'confirm=yes',
    });
    expectError(answer, 415, 'unsupported_media_type');
    expect(answer.body.error.message).toBe('POST requests must be sent with "Content-Type: application/json"');
    expect((await h.api('GET', `/v1/syncs/${sync.sync_id}`)).body.status).toBe('active');
    // Still a live sync: it takes a pause sent properly.
    expect((await h.api('POST', `/v1/syncs/${sync.sync_id}/pause`)).body.status).toBe('paused');
  });

  it('text/plain, multipart and no content type at all answer 415 on every kind of change, changing nothing', async () => {
    const sync = await h.createSync({ ...valid(), paused: true, friendly_name: 'as created' });
    const before = await storedSyncs();
    const cases: [string, string, Record<string, string>, string | undefined][] = [
      ['POST', '/v1/syncs', { 'content-type': 'text/plain' }, JSON.stringify(valid())],
      ['POST', '/v1/syncs', { 'content-type': 'multipart/form-data; boundary=x' }, '--x--'],
      ['POST', `/v1/syncs/${sync.sync_id}/resume`, {}, undefined],
      ['PUT', '/v1/syncs', { 'content-type': 'text/plain' }, JSON.stringify({ action: 'cancel', sync_id: sync.sync_id })],
      ['PATCH', `/v1/syncs/${sync.sync_id}`, { 'content-type': 'text/plain;charset=utf-8' }, JSON.stringify({ friendly_name: 'x' })],
      ['DELETE', `/v1/syncs/${sync.sync_id}`, {}, undefined],
    ];
    for (const [method, path, headers, body] of cases) {
      expectError(
        await rawRequest(h.baseUrl, { method, path, headers, ...(body === undefined ? {} : { body }) }),
        415,
        'unsupported_media_type',
      );
    }
    expect(await storedSyncs()).toBe(before);
    expect((await h.api('GET', `/v1/syncs/${sync.sync_id}`)).body).toMatchObject({ status: 'paused', friendly_name: 'as created' });
    expect(await h.jobsOf(sync.sync_id)).toEqual([]);
  });

  it('application/json with a charset, and a change with no body, are accepted', async () => {
    const sync = await h.createSync({ ...valid(), paused: true });
    const renamed = await rawRequest(h.baseUrl, {
      method: 'PATCH',
      path: `/v1/syncs/${sync.sync_id}`,
      headers: { 'content-type': 'application/json; charset=utf-8' },
      body: JSON.stringify({ friendly_name: 'renamed' }),
    });
    expect(renamed.status, renamed.text).toBe(200);
    expect(renamed.body.friendly_name).toBe('renamed');
    const cancelled = await rawRequest(h.baseUrl, {
      method: 'POST',
      path: `/v1/syncs/${sync.sync_id}/cancel`,
      headers: { 'content-type': 'application/json' },
    });
    expect(cancelled.status, cancelled.text).toBe(200);
    expect(cancelled.body.status).toBe('cancelled');
  });
});

describe('the Host check of an API on loopback', () => {
  it.each(['/v1/syncs', '/', '/dashboard.js', '/healthz'])('a request for %s naming another host answers 400 naming Host', async (path) => {
    const answer = await rawRequest(h.baseUrl, { path, headers: { host: `rebound.evil.example:${port}` } });
    expectError(answer, 400, 'invalid_request');
    expect(answer.body.error.details).toEqual([
      {
        field: 'Host',
        message: `"rebound.evil.example:${port}" is not a name this server answers to; list it in SYNCD_PUBLIC_HOSTS if it should be`,
      },
    ]);
  });

  it('a change naming another host answers 400 and changes nothing', async () => {
    const sync = await h.createSync({ ...valid(), frequency: '1 hour' });
    const answer = await rawRequest(h.baseUrl, {
      method: 'POST',
      path: `/v1/syncs/${sync.sync_id}/cancel`,
      headers: { host: 'evil.example', 'content-type': 'application/json' },
      body: '{}',
    });
    expectError(answer, 400, 'invalid_request');
    expect((await h.api('GET', `/v1/syncs/${sync.sync_id}`)).body.status).toBe('active');
  });

  it.each(['localhost:PORT', '127.0.0.1:PORT', '[::1]:PORT', 'LOCALHOST'])('Host %s is answered', async (name) => {
    const host = name.replace('PORT', port);
    const answer = await rawRequest(h.baseUrl, { path: '/v1/syncs', headers: { host } });
    expect(answer.status, answer.text).toBe(200);
  });

  it('names listed in SYNCD_PUBLIC_HOSTS are answered too', async () => {
    const other = await h.startApi({ SYNCD_PUBLIC_HOSTS: 'syncd.example,dash.internal' });
    try {
      for (const host of ['syncd.example', 'dash.internal:8443', `localhost:${new URL(other.baseUrl).port}`]) {
        const answer = await rawRequest(other.baseUrl, { path: '/v1/syncs', headers: { host } });
        expect(answer.status, `${host}: ${answer.text}`).toBe(200);
      }
      expectError(await rawRequest(other.baseUrl, { path: '/v1/syncs', headers: { host: 'other.example' } }), 400, 'invalid_request');
    } finally {
      await other.stop();
    }
    expectError(await rawRequest(h.baseUrl, { path: '/v1/syncs', headers: { host: 'syncd.example' } }), 400, 'invalid_request');
  });
});

describe('security headers', () => {
  it.each(['/', '/index.html', '/dashboard.js', '/dashboard.css', '/v1/syncs', '/healthz', '/no-such-page'])(
    '%s carries the CSP, DENY and nosniff',
    async (path) => {
      const answer = await rawRequest(h.baseUrl, { path });
      expect(answer.headers).toMatchObject({
        'content-security-policy': CONTENT_SECURITY_POLICY,
        'x-frame-options': 'DENY',
        'x-content-type-options': 'nosniff',
      });
    },
  );

  it('a refused request carries them too', async () => {
    const answer = await rawRequest(h.baseUrl, { path: '/', headers: { host: 'evil.example' } });
    expect(answer.status).toBe(400);
    expect(answer.headers['content-security-policy']).toBe(CONTENT_SECURITY_POLICY);
  });

  it('the CSP is exactly the agreed one', () => {
    expect(CONTENT_SECURITY_POLICY).toBe(
      "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'",
    );
  });

  it('the dashboard page has nothing inline the CSP would block', async () => {
    const page = (await rawRequest(h.baseUrl, { path: '/' })).text;
    const scripts = [...page.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/gi)];
    expect(scripts.length).toBeGreaterThan(0);
    for (const [, attributes = '', content = ''] of scripts) {
      expect(attributes).toMatch(/\bsrc=/);
      expect(content.trim()).toBe('');
    }
    expect(page).not.toMatch(/<style\b/i);
    expect(page).not.toMatch(/\sstyle\s*=/i);
    expect(page).not.toMatch(/\son[a-z]+\s*=/i);
    expect(page).not.toMatch(/javascript:/i);
  });
});

describe('bounds of a request', () => {
  const create = (body: unknown) => h.api('POST', '/v1/syncs', body);
  const fieldsOf = (body: { error?: { details?: { field: string }[] } }) => body.error?.details?.map((detail) => detail.field) ?? [];
  const many = (count: number) => Object.fromEntries(Array.from({ length: count }, (_, index) => [`k${index}`, 'v']));

  it('a body over 1 MB answers 413 with the error body and creates nothing', async () => {
    const before = await storedSyncs();
    const answer = await create({ ...valid(), metadata: { big: 'x'.repeat(1_100_000) } });
    expect(answer.status).toBe(413);
    expect(answer.body).toEqual({
      error: {
        code: 'invalid_request',
        message: 'request body: request entity too large',
        details: [{ field: '(body)', message: 'request entity too large' }],
      },
    });
    expect(await storedSyncs()).toBe(before);
  });

  it.each([
    ['headers', { headers: many(51) }, 'at most 50 headers'],
    ['headers.X-Big', { headers: { 'X-Big': 'v'.repeat(8193) } }, 'values must be at most 8192 characters'],
    ['query_params', { query_params: many(101) }, 'at most 100 query params'],
    ['body', { method: 'POST', body: { text: 'b'.repeat(262_144) } }, 'must be at most 256 KiB as JSON'],
    ['metadata', { metadata: many(51) }, 'at most 50 keys'],
    ['metadata', { metadata: { note: 'm'.repeat(16_384) } }, 'must be at most 16 KiB as JSON'],
  ])('a definition over its bounds answers 400 naming %s, creating nothing', async (field, fields, message) => {
    const before = await storedSyncs();
    const answer = await create({ ...valid(), ...fields });
    expect(answer.status, JSON.stringify(answer.body)).toBe(400);
    expect(answer.body.error.code).toBe('invalid_request');
    expect(answer.body.error.details).toContainEqual({ field, message });
    expect(await storedSyncs()).toBe(before);
  });

  it('a PATCH over the bounds answers 400 naming the field and leaves the sync as it was', async () => {
    const sync = await h.createSync({ ...valid(), paused: true, metadata: { team: 'a' } });
    const answer = await h.api('PATCH', `/v1/syncs/${sync.sync_id}`, { metadata: many(51), headers: many(51) });
    expect(answer.status).toBe(400);
    expect(fieldsOf(answer.body).sort()).toEqual(['headers', 'metadata']);
    expect((await h.api('GET', `/v1/syncs/${sync.sync_id}`)).body).toMatchObject({ metadata: { team: 'a' }, headers: {} });
  });
});
