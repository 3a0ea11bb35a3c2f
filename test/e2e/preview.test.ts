import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { PreviewResult } from '../../src/contracts/preview.js';
import { SyncClient, SyncValidationError } from '../../src/index.js';
import { numberedRecords } from '../helpers/fake-api.js';
import type { Harness } from '../helpers/harness.js';
import { startTestHarness } from '../helpers/test-harness.js';

// POST /v1/syncs/preview against the fake external API: the API process fetches, nothing is stored.

let h: Harness;
beforeAll(async () => {
  h = await startTestHarness();
});
afterAll(() => h.stop());
beforeEach(() => h.fakeApi.reset(numberedRecords(7)));

const preview = async (body: Record<string, unknown>) => h.api('POST', '/v1/syncs/preview', { unique_key: 'id', ...body });

/** Everything the API shows as stored: syncs and jobs. */
const stored = async () => ({
  syncs: (await h.api('GET', '/v1/syncs?limit=100')).body.data.length,
  jobs: (await h.api('GET', '/v1/jobs?limit=100')).body.data.length,
});

describe('POST /v1/syncs/preview', () => {
  it('answers the first page: records with their keys, the next request, status and timing; stores nothing', async () => {
    const before = await stored();
    const requestsBefore = h.fakeApi.requests.length;
    const answer = await preview({ url: h.fakeApi.url('/offset'), paging: { type: 'offset', limit: 3 }, query_params: { team: 'a' } });
    expect(answer.status).toBe(200);
    const body = answer.body as PreviewResult & { ok: true };
    expect(body).toMatchObject({ ok: true, records_truncated: false });
    expect(body.records).toEqual(numberedRecords(3).map((record) => ({ key: String(record.id), data: record })));
    expect(body.pages).toEqual([
      {
        request: { method: 'GET', url: h.fakeApi.url('/offset?team=a'), params: { offset: 0, limit: 3 } },
        http_status: 200,
        duration_ms: expect.any(Number),
        records: 3,
      },
    ]);
    expect(body.next_request).toEqual({ method: 'GET', url: h.fakeApi.url('/offset?team=a'), params: { offset: 3, limit: 3 } });
    expect(h.fakeApi.requests.length - requestsBefore).toBe(1);
    expect(await stored()).toEqual(before);
  });

  it('fetches as many pages as asked, at most 3, with response_path and the paging of the definition', async () => {
    const two = (await preview({ url: h.fakeApi.url('/cursor'), response_path: 'items', paging: cursorPaging, pages: 2 })).body;
    expect(two.records.map((record: { key: string }) => record.key)).toEqual(['1', '2', '3', '4', '5', '6']);
    expect(two.pages.map((page: { request: { params: unknown }; records: number }) => [page.request.params, page.records])).toEqual([
      [{}, 3],
      [{ cursor: '3' }, 3],
    ]);
    expect(two.next_request.params).toEqual({ cursor: '6' });
    // Paging ends before the pages asked for: no next request.
    const all = (await preview({ url: h.fakeApi.url('/cursor'), response_path: 'items', paging: cursorPaging, pages: 3 })).body;
    expect(all).toMatchObject({ ok: true, next_request: null });
    expect(all.records).toHaveLength(7);
    for (const pages of [0, 4, 1.5, '2']) {
      const refused = await preview({ url: h.fakeApi.url('/items'), pages });
      expect(refused.status).toBe(400);
      expect(refused.body.error.details.map((detail: { field: string }) => detail.field)).toEqual(['pages']);
    }
  });

  it('answers a failing API as ok: false with the classified error and the page that failed', async () => {
    const answer = await preview({ url: h.fakeApi.url('/status/404') });
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({ ok: false, error: { class: 'config' }, pages: [{ http_status: 404, records: 0 }] });
    expect(answer.body.error.message).toContain('404');
    const noKey = await preview({ url: h.fakeApi.url('/items'), unique_key: 'missing' });
    expect(noKey.body).toMatchObject({ ok: false, error: { class: 'config' }, pages: [{ http_status: 200 }] });
    expect(noKey.body.error.message).toContain('unique_key "missing"');
  });

  it('refuses a literal blocked address with 400 like create, and a redirect to one as a config failure', async () => {
    const literal = await preview({ url: 'http://169.254.169.254/latest/meta-data/' });
    expect(literal.status).toBe(400);
    expect(literal.body.error.details).toEqual([{ field: 'url', message: expect.stringContaining('169.254.169.254') }]);
    const redirected = await preview({ url: h.fakeApi.url(`/redirect?to=${encodeURIComponent('http://169.254.169.254/')}`) });
    expect(redirected.status).toBe(200);
    expect(redirected.body).toMatchObject({ ok: false, error: { class: 'config' } });
    expect(redirected.body.error.message).toContain('169.254.169.254');
  });

  it('validates the definition as create does', async () => {
    const answer = await h.api('POST', '/v1/syncs/preview', { url: 'not a url', unique_key: 'id', auth: { type: 'bearer', token: '***' } });
    expect(answer.status).toBe(400);
    expect(answer.body.error.details.map((detail: { field: string }) => detail.field)).toContain('url');
    const masked = await preview({ url: h.fakeApi.url('/items'), auth: { type: 'bearer', token: '***' } });
    expect(masked.status).toBe(400);
  });

  it('uses the real auth and never echoes a secret: not in records, next requests or errors', async () => {
    const token = 'preview-bearer-token-1';
    h.fakeApi.requiredAuthorization = `Bearer ${token}`;
    h.fakeApi.records = [{ id: 1, echoed: `token ${token}` }];
    const bearer = (await preview({ url: h.fakeApi.url('/items'), auth: { type: 'bearer', token } })).body;
    expect(bearer).toMatchObject({ ok: true, records: [{ key: '1', data: { id: 1, echoed: 'token ***' } }] });
    expect(h.fakeApi.requests.at(-1)?.headers.authorization).toBe(`Bearer ${token}`);
    const refused = (await preview({ url: h.fakeApi.url('/echo-authorization'), auth: { type: 'bearer', token } })).body;
    expect(refused).toMatchObject({ ok: false, error: { class: 'config' }, pages: [{ http_status: 400 }] });
    expect(refused.error.message).toContain('rejected credentials: Bearer ***');

    const key = 'preview-api-key-1';
    h.fakeApi.reset(numberedRecords(7));
    h.fakeApi.requiredApiKey = { in: 'query', name: 'key', value: key };
    const apiKey = (
      await preview({
        url: h.fakeApi.url('/next-url'),
        response_path: 'items',
        paging: { type: 'next_url', next_url_path: 'links.next' },
        auth: { type: 'api_key', in: 'query', name: 'key', value: key },
        pages: 2,
      })
    ).body;
    expect(apiKey.ok).toBe(true);
    expect(apiKey.records).toHaveLength(6);
    // The API repeats the key in its next links; the preview shows where they lead, not the key.
    expect(apiKey.next_request.url).toContain('start=6');
    for (const text of [JSON.stringify(apiKey), JSON.stringify(bearer), JSON.stringify(refused)]) {
      expect(text).not.toContain(key);
      expect(text).not.toContain(token);
    }
  });

  it('the SDK sends it and answers the result; a bad definition is a SyncValidationError', async () => {
    const sdk = new SyncClient({ baseUrl: h.baseUrl });
    const result = await sdk.preview({ url: h.fakeApi.url('/items'), unique_key: 'id' }, { pages: 1 });
    expect(result).toMatchObject({ ok: true, next_request: null });
    if (result.ok) expect(result.records).toHaveLength(7);
    await expect(sdk.preview({ url: h.fakeApi.url('/items'), unique_key: 'id' }, { pages: 9 })).rejects.toBeInstanceOf(SyncValidationError);
  });
});

const cursorPaging = { type: 'cursor', cursor_param: 'cursor', next_cursor_path: 'next' };
