import { randomUUID } from 'node:crypto';
import type { Client } from '@temporalio/client';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { TIME_ZONE_NAMES } from '../../src/contracts/time-zones.js';
import { numberedRecords } from '../helpers/fake-api.js';
import type { Harness, RunningApi } from '../helpers/harness.js';
import { ACCEPTED_CRONS, REJECTED_CRONS, REJECTED_TIME_ZONES } from '../helpers/schedule-cases.js';
import { startTestHarness } from '../helpers/test-harness.js';

let h: Harness;
beforeAll(async () => {
  h = await startTestHarness();
});
afterAll(() => h.stop());
beforeEach(() => h.fakeApi.reset(numberedRecords(2)));

const valid = () => ({ url: h.fakeApi.url('/items'), unique_key: 'id', paused: true });
/** What the API answered, as the harness gives it. */
type ApiAnswer = Awaited<ReturnType<Harness['api']>>;

const fieldsOf = (body: { error?: { details?: { field: string }[] } }): string[] =>
  body.error?.details?.map((detail) => detail.field) ?? [];

async function expect400(response: ApiAnswer, field: string): Promise<void> {
  expect(response.status, JSON.stringify(response.body)).toBe(400);
  expect(response.body.error.code).toBe('invalid_request');
  expect(fieldsOf(response.body)).toContain(field);
}

/** Creates a paused Temporal schedule with `spec`, reads it back and deletes it: null when Temporal accepts it. */
async function temporalRefusal(
  client: Client,
  spec: { cronExpressions?: string[]; timezone?: string; intervals?: { every: string }[] },
): Promise<string | null> {
  try {
    const handle = await client.schedule.create({
      scheduleId: `hostile-input-${randomUUID()}`,
      spec,
      action: { type: 'startWorkflow', workflowType: 'neverRuns', taskQueue: `unused-${randomUUID()}`, args: [] },
      state: { paused: true },
    });
    const description = await handle.describe();
    await handle.delete();
    return description.info.nextActionTimes.length > 0 ? null : 'never runs';
  } catch (error) {
    return (error as Error).message;
  }
}

/** Runs `task` over `items`, `width` at a time, so hundreds of schedules do not flood the dev server. */
async function inBatches<T, R>(items: readonly T[], width: number, task: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = [];
  for (let start = 0; start < items.length; start += width)
    results.push(...(await Promise.all(items.slice(start, start + width).map(task))));
  return results;
}

describe('schedules: only what Temporal runs as meant', () => {
  it('Temporal accepts, and can fire, every sample cron syncd accepts', async () => {
    const refusals = await inBatches(ACCEPTED_CRONS, 8, async (cron) => [
      cron,
      await temporalRefusal(h.client, { cronExpressions: [cron], timezone: 'UTC' }),
    ]);
    expect(refusals.filter(([, refusal]) => refusal !== null)).toEqual([]);
  });

  it('Temporal accepts every time zone syncd accepts', async () => {
    const refusals = await inBatches(TIME_ZONE_NAMES, 16, async (timezone) => [
      timezone,
      await temporalRefusal(h.client, { cronExpressions: ['0 3 * * *'], timezone }),
    ]);
    expect(refusals.filter(([, refusal]) => refusal !== null)).toEqual([]);
  }, 120_000);

  it('Temporal accepts the shortest and the longest interval syncd accepts', async () => {
    expect(await temporalRefusal(h.client, { intervals: [{ every: '1s' }] })).toBeNull();
    expect(await temporalRefusal(h.client, { intervals: [{ every: `${366 * 86_400}s` }] })).toBeNull();
  });

  it("the issue's examples are refused by Temporal today, so syncd must refuse them first", async () => {
    for (const cron of ['H * * * *', '0 0 L * *', '5L * * * *'])
      expect(await temporalRefusal(h.client, { cronExpressions: [cron], timezone: 'UTC' })).not.toBeNull();
    for (const timezone of ['utc', 'europe/paris'])
      expect(await temporalRefusal(h.client, { cronExpressions: ['0 3 * * *'], timezone })).not.toBeNull();
  });

  it.each(REJECTED_CRONS)('POST refuses cron %j with 400 naming cron', async (cron, reason) => {
    const response = await h.api('POST', '/v1/syncs', { ...valid(), cron });
    await expect400(response, 'cron');
    expect(response.body.error.message).toContain(reason);
  });

  it.each(REJECTED_TIME_ZONES)('POST refuses time zone %j with 400 naming timezone', async (timezone) => {
    await expect400(await h.api('POST', '/v1/syncs', { ...valid(), cron: '0 3 * * *', timezone }), 'timezone');
  });

  it.each(['99999999 weeks', '367 days', '0 seconds', `${'9'.repeat(400)} seconds`])(
    'POST refuses frequency %j with 400 naming frequency',
    async (frequency) => {
      await expect400(await h.api('POST', '/v1/syncs', { ...valid(), frequency }), 'frequency');
    },
  );

  it('PATCH refuses the same schedules and changes nothing', async () => {
    const { sync_id: syncId } = await h.createSync(valid());
    for (const [patch, field] of [
      [{ cron: 'H * * * *' }, 'cron'],
      [{ cron: '0 3 * * *', timezone: 'utc' }, 'timezone'],
      [{ frequency: '99999999 weeks' }, 'frequency'],
    ] as const) {
      await expect400(await h.api('PATCH', `/v1/syncs/${syncId}`, patch), field);
    }
    expect((await h.api('GET', `/v1/syncs/${syncId}`)).body).toMatchObject({ frequency: '1 hour', cron: null, timezone: null });
  });

  describe('with the default minimum frequency', () => {
    let other: RunningApi;
    let baseUrl: string;
    beforeAll(async () => {
      other = await h.startApi({ SYNCD_MIN_FREQUENCY_SECONDS: undefined });
      ({ baseUrl } = other);
    });
    afterAll(() => other.stop());

    const send = async (method: string, route: string, body: unknown) => {
      const response = await fetch(`${baseUrl}${route}`, {
        method,
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
      return { status: response.status, body: (await response.json()) as ApiAnswer['body'] };
    };

    it('refuses a frequency under 10 seconds on create and patch, saying the minimum', async () => {
      const created = await send('POST', '/v1/syncs', { ...valid(), frequency: '9 seconds' });
      await expect400(created, 'frequency');
      expect(created.body.error.message).toContain('at least 10 seconds');
      const { sync_id: syncId } = await h.createSync(valid());
      await expect400(await send('PATCH', `/v1/syncs/${syncId}`, { frequency: '5s' }), 'frequency');
      expect((await send('PATCH', `/v1/syncs/${syncId}`, { frequency: '10 seconds' })).status).toBe(200);
    });
  });
});

describe('masked values sent back', () => {
  it('a PATCH sending back the "***" header it read keeps the real value, which the next job sends', async () => {
    const created = await h.createSync({ ...valid(), headers: { 'X-Api-Key': 'real-secret-value-123', 'X-Tenant': 'acme' } });
    const read = await h.api('GET', `/v1/syncs/${created.sync_id}`);
    expect(read.body.headers).toEqual({ 'X-Api-Key': '***', 'X-Tenant': 'acme' });
    const patched = await h.api('PATCH', `/v1/syncs/${created.sync_id}`, { headers: read.body.headers, friendly_name: 'renamed' });
    expect(patched.status, JSON.stringify(patched.body)).toBe(200);
    expect(patched.body).toMatchObject({ friendly_name: 'renamed', headers: { 'X-Api-Key': '***', 'X-Tenant': 'acme' } });
    const job = await h.runJob(created.sync_id);
    expect(job.status).toBe('succeeded');
    const sent = h.fakeApi.requests.filter((request) => request.path === '/items');
    expect(sent.length).toBeGreaterThan(0);
    expect(sent.every((request) => request.headers['x-api-key'] === 'real-secret-value-123')).toBe(true);
  });

  it('"***" for a header with no stored value is a 400 naming the header', async () => {
    const { sync_id: syncId } = await h.createSync(valid());
    await expect400(await h.api('PATCH', `/v1/syncs/${syncId}`, { headers: { 'X-Token': '***' } }), 'headers.X-Token');
    await expect400(await h.api('POST', '/v1/syncs', { ...valid(), headers: { 'X-Token': '***' } }), 'headers.X-Token');
    await expect400(await h.api('POST', '/v1/syncs', { ...valid(), auth: { type: 'bearer', token: '***' } }), 'auth.token');
  });

  it('moving the url to another origin without sending the credentials again is a 400 naming auth', async () => {
    const { sync_id: syncId } = await h.createSync({ ...valid(), auth: { type: 'bearer', token: 'origin-bound-token' } });
    const moved = h.fakeApi.url('/items').replace('127.0.0.1', 'localhost');
    await expect400(await h.api('PATCH', `/v1/syncs/${syncId}`, { url: moved }), 'auth');
    expect((await h.api('PATCH', `/v1/syncs/${syncId}`, { url: moved, auth: { type: 'bearer', token: 'a-new-token-123' } })).status).toBe(
      200,
    );
  });
});

describe('sync ids: decimal digits only', () => {
  let syncId: number;
  beforeAll(async () => {
    syncId = (await h.createSync(valid())).sync_id;
  });

  const spellings = (id: number) => [
    `0x${id.toString(16)}`,
    `${id}e0`,
    `+${id}`,
    `0${id}`,
    `${id}.0`,
    `%20${id}`,
    `${id}%20`,
    '-1',
    '0',
    '9007199254740992',
  ];

  it.each(['', '/jobs', '/records'])(
    'GET /v1/syncs/:id%s refuses every other spelling of an id with 400 naming sync_id',
    async (suffix) => {
      for (const spelled of spellings(syncId)) await expect400(await h.api('GET', `/v1/syncs/${spelled}${suffix}`), 'sync_id');
      expect((await h.api('GET', `/v1/syncs/${syncId}${suffix}`)).status).toBe(200);
    },
  );

  it('PATCH and POST actions refuse them too', async () => {
    await expect400(await h.api('PATCH', `/v1/syncs/0x${syncId.toString(16)}`, { friendly_name: 'x' }), 'sync_id');
    await expect400(await h.api('POST', `/v1/syncs/${syncId}e0/pause`), 'sync_id');
    await expect400(await h.api('POST', `/v1/syncs/+${syncId}/resync`, {}), 'sync_id');
  });

  it.each(['1', 1.5, -1, 0, 2 ** 53, '0x1', null])('PUT /v1/syncs refuses sync_id %j with 400 naming sync_id', async (bad) => {
    await expect400(await h.api('PUT', '/v1/syncs', { action: 'pause', sync_id: bad }), 'sync_id');
  });

  it('PUT /v1/syncs refuses a number too large for a safe integer, written in JSON', async () => {
    await expect400(await h.api('PUT', '/v1/syncs', '{"action": "pause", "sync_id": 1e400}'), 'sync_id');
  });
});

describe('odd bodies never answer 500', () => {
  const deep = (levels: number): string => '['.repeat(levels) + ']'.repeat(levels);
  const base = () => JSON.stringify(valid()).slice(0, -1);
  const cases: [name: string, body: () => string, field: string][] = [
    ['deep metadata', () => `${base()}, "metadata": {"a": ${deep(100_000)}}}`, 'metadata'],
    ['metadata one level too deep', () => `${base()}, "metadata": {"a": ${deep(32)}}}`, 'metadata'],
    ['a deep POST body field', () => `${base()}, "method": "POST", "body": ${deep(50)}}`, 'body'],
    ['a deep array as the whole body', () => deep(100_000), '(body)'],
    ['__proto__ in metadata', () => `${base()}, "metadata": {"__proto__": {"polluted": true}}}`, 'metadata.__proto__'],
    ['__proto__ nested in metadata', () => `${base()}, "metadata": {"a": [{"__proto__": 1}]}}`, 'metadata.a.0.__proto__'],
    ['__proto__ as a header name', () => `${base()}, "headers": {"__proto__": "x"}}`, 'headers.__proto__'],
    ['__proto__ as a query param', () => `${base()}, "query_params": {"__proto__": "x"}}`, 'query_params.__proto__'],
    ['a header name with unicode', () => `${base()}, "headers": {"X-Ünïcode": "x"}}`, 'headers.X-Ünïcode'],
    ['a header name with CR LF', () => `${base()}, "headers": {"X-A\\r\\nX-B": "x"}}`, 'headers.X-A\r\nX-B'],
    ['a header value with CR LF', () => `${base()}, "headers": {"X-A": "1\\r\\nX-Injected: 2"}}`, 'headers.X-A'],
    ['a header value with NUL', () => `${base()}, "headers": {"X-A": "1\\u0000"}}`, 'headers.X-A'],
    ['a query param name with a newline', () => `${base()}, "query_params": {"a\\nb": 1}}`, 'query_params.a\nb'],
    ['a huge max_total', () => `${base()}, "max_total": 1e400}`, 'max_total'],
    ['a huge request timeout', () => `${base()}, "request_timeout_seconds": 123456789012345678901234567890}`, 'request_timeout_seconds'],
    ['a huge paging limit', () => `${base()}, "paging": {"type": "offset", "limit": 1e308}}`, 'paging.limit'],
    ['a short bearer token', () => `${base()}, "auth": {"type": "bearer", "token": "abc"}}`, 'auth.token'],
    ['a bearer token with CR LF', () => `${base()}, "auth": {"type": "bearer", "token": "long-enough\\r\\nX: 1"}}`, 'auth.token'],
    [
      'an api key header name with a space',
      () => `${base()}, "auth": {"type": "api_key", "name": "X Key", "value": "12345678"}}`,
      'auth.name',
    ],
    ['an array body', () => '[1, 2, 3]', '(body)'],
    ['a string body', () => '"text"', '(body)'],
    ['null', () => 'null', '(body)'],
    ['a number as the url', () => `{"url": 1e400, "unique_key": "id"}`, 'url'],
  ];

  it.each(cases)('POST with %s answers 400 naming the field', async (_name, body, field) => {
    await expect400(await h.api('POST', '/v1/syncs', body()), field);
  });

  it('PATCH with deep metadata answers 400 naming metadata', async () => {
    const { sync_id: syncId } = await h.createSync(valid());
    await expect400(await h.api('PATCH', `/v1/syncs/${syncId}`, `{"metadata": {"a": ${deep(100_000)}}}`), 'metadata');
  });

  it('a body over 1 MB answers 413', async () => {
    const response = await h.api('POST', '/v1/syncs', { ...valid(), metadata: { big: 'x'.repeat(1_100_000) } });
    expect(response.status).toBe(413);
    expect(response.body.error.code).toBe('invalid_request');
  });

  it('a body declared as JSON that is not JSON answers 400', async () => {
    const response = await fetch(`${h.baseUrl}/v1/syncs`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: 'url=x',
    });
    expect(response.status).toBe(400);
  });

  it('metadata with nesting within the limit and odd but valid keys is stored as sent', async () => {
    const metadata = { a: JSON.parse(deep(31)), constructor: 'c', toString: 1, 'ü ñ': [null, true, 1.5e300] };
    const created = await h.createSync({ ...valid(), metadata });
    expect((await h.api('GET', `/v1/syncs/${created.sync_id}`)).body.metadata).toEqual(metadata);
  });
});
