import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { syncScheduleId } from '../../src/contracts/ids.js';
import { numberedRecords } from '../helpers/fake-api.js';
import { type Harness, waitFor } from '../helpers/harness.js';
import { startTestHarness } from '../helpers/test-harness.js';

let h: Harness;
beforeAll(async () => {
  h = await startTestHarness();
});
afterAll(() => h.stop());

describe('creating a sync', () => {
  it('answers 201 with the sync and runs its first job at once', async () => {
    h.fakeApi.records = numberedRecords(4);
    const before = Date.now();
    const created = await h.api('POST', '/v1/syncs', {
      url: h.fakeApi.url('/wrapped'),
      response_path: 'data.items',
      unique_key: 'id',
      frequency: '1 hour',
      friendly_name: 'CRM contacts',
      metadata: { owner: 'team-a', tags: ['crm'] },
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      url: h.fakeApi.url('/wrapped'),
      method: 'GET',
      status: 'active',
      friendly_name: 'CRM contacts',
      metadata: { owner: 'team-a', tags: ['crm'] },
      frequency: '1 hour',
      cron: null,
      paging: { type: 'none' },
    });
    expect(Number.isInteger(created.body.sync_id)).toBe(true);
    // Phased at creation, not at the next UTC hour boundary.
    const nextRun = Date.parse(created.body.next_run_at);
    expect(nextRun).toBeGreaterThanOrEqual(Math.floor(before / 1000) * 1000 + 3_600_000);
    expect(nextRun).toBeLessThanOrEqual(Date.now() + 3_600_000);

    const jobs = await waitFor(
      () => h.jobsOf(created.body.sync_id),
      (list) => list[0]?.status === 'succeeded',
    );
    expect(jobs).toHaveLength(1);
    expect(jobs[0]).toMatchObject({
      trigger: 'create',
      pages: 1,
      error: null,
      records: { created: 4, updated: 0, unchanged: 0, fetched: 4 },
    });

    const view = await h.api('GET', `/v1/syncs/${created.body.sync_id}`);
    expect(view.status).toBe(200);
    expect(view.body.totals).toEqual({ records: 4 });
    expect(view.body.last_job).toMatchObject({ job_id: jobs[0]!.job_id, status: 'succeeded' });
  });

  it('never shows header or query values that look secret', async () => {
    const created = await h.api('POST', '/v1/syncs', {
      url: h.fakeApi.url('/items'),
      unique_key: 'id',
      paused: true,
      headers: { Authorization: 'Bearer top-secret', Accept: 'application/json' },
      query_params: { api_key: 'k-123', page_size: 50 },
    });
    expect(created.status).toBe(201);
    expect(created.body.headers).toEqual({ Authorization: '***', Accept: 'application/json' });
    expect(created.body.query_params).toEqual({ api_key: '***', page_size: 50 });
    const view = await h.api('GET', `/v1/syncs/${created.body.sync_id}`);
    expect(JSON.stringify(view.body)).not.toContain('top-secret');
    expect(JSON.stringify(view.body)).not.toContain('k-123');
  });

  it('shows the next cron time in the cron timezone', async () => {
    const created = await h.api('POST', '/v1/syncs', {
      url: h.fakeApi.url('/items'),
      unique_key: 'id',
      cron: '30 3 * * *',
      timezone: 'Asia/Tokyo',
      paused: false,
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ cron: '30 3 * * *', timezone: 'Asia/Tokyo', frequency: null });
    // 03:30 in Tokyo (UTC+9, no DST) is 18:30 UTC.
    const expected = new Date();
    expected.setUTCHours(18, 30, 0, 0);
    if (expected.getTime() <= Date.now()) expected.setUTCDate(expected.getUTCDate() + 1);
    expect(created.body.next_run_at).toBe(expected.toISOString());
  });

  it('a sync created paused runs no job and has no next run', async () => {
    const created = await h.api('POST', '/v1/syncs', {
      url: h.fakeApi.url('/items'),
      unique_key: 'id',
      frequency: '1 second',
      paused: true,
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ status: 'paused', next_run_at: null, last_job: null });
    // A paused schedule starts nothing (lifecycle.test.ts watches one over several intervals).
    const schedule = await h.client.schedule.getHandle(syncScheduleId(created.body.sync_id)).describe();
    expect(schedule.state.paused).toBe(true);
    expect(schedule.info.recentActions).toEqual([]);
    expect(await h.jobsOf(created.body.sync_id)).toEqual([]);
  });

  it('defaults to an hourly schedule when neither frequency nor cron is given', async () => {
    const created = await h.api('POST', '/v1/syncs', { url: h.fakeApi.url('/items'), unique_key: 'id', paused: true });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ frequency: '1 hour', cron: null, timezone: null });
  });
});

describe('bad input', () => {
  const valid = { url: 'http://127.0.0.1:9/items', unique_key: 'id', paused: true };
  const cases: [string, unknown, string][] = [
    ['a missing unique_key', { url: valid.url }, 'unique_key'],
    ['a non-http url', { ...valid, url: 'ftp://example.com/x' }, 'url'],
    ['an unknown field', { ...valid, colour: 'red' }, 'colour'],
    ['both frequency and cron', { ...valid, frequency: '1 hour', cron: '0 * * * *' }, 'cron'],
    ['a frequency in unknown words', { ...valid, frequency: 'fortnightly-ish' }, 'frequency'],
    ['a cron with six fields', { ...valid, cron: '0 0 3 * * *' }, 'cron'],
    ['an unknown timezone', { ...valid, cron: '0 3 * * *', timezone: 'Mars/Olympus' }, 'timezone'],
    ['an unknown paging type', { ...valid, paging: { type: 'telepathy' } }, 'paging.type'],
    ['a cursor paging without its fields', { ...valid, paging: { type: 'cursor' } }, 'paging.cursor_param'],
    ['a body with GET', { ...valid, body: { q: 1 } }, 'body'],
  ];
  it.each(cases)('rejects %s with 400 naming the field', async (_name, body, field) => {
    const response = await h.api('POST', '/v1/syncs', body);
    expect(response.status).toBe(400);
    expect(response.body.error.code).toBe('invalid_request');
    expect(response.body.error.details.map((detail: { field: string }) => detail.field)).toContain(field);
    expect(response.body.error.message).toContain(field);
  });

  it('rejects malformed JSON with 400, not 500', async () => {
    const response = await h.api('POST', '/v1/syncs', '{"url": ');
    expect(response.status).toBe(400);
    expect(response.body.error.code).toBe('invalid_request');
  });

  it('creates nothing when the input is bad', async () => {
    const before = (await h.api('GET', '/v1/syncs?limit=100')).body.data.length;
    await h.api('POST', '/v1/syncs', { url: 'nope', unique_key: 'id' });
    expect((await h.api('GET', '/v1/syncs?limit=100')).body.data.length).toBe(before);
  });

  it('answers 404 for a sync that does not exist, on every route', async () => {
    const missing = 999_999_999_999;
    for (const [method, path, body] of [
      ['GET', `/v1/syncs/${missing}`, undefined],
      ['GET', `/v1/syncs/${missing}/jobs`, undefined],
      ['GET', `/v1/syncs/${missing}/records`, undefined],
      ['PUT', '/v1/syncs', { action: 'pause', sync_id: missing }],
      ['POST', `/v1/syncs/${missing}/trigger`, undefined],
    ] as const) {
      const response = await h.api(method, path, body);
      expect(response.status, `${method} ${path}`).toBe(404);
      expect(response.body.error).toMatchObject({ code: 'not_found', message: `sync ${missing} does not exist` });
    }
  });

  it('rejects a bad action, sync id, status filter or cursor with 400 naming it', async () => {
    const badAction = await h.api('PUT', '/v1/syncs', { action: 'explode', sync_id: 1 });
    expect(badAction.status).toBe(400);
    expect(badAction.body.error.details[0].field).toBe('action');
    const badId = await h.api('PUT', '/v1/syncs', { action: 'pause', sync_id: 'abc' });
    expect(badId.status).toBe(400);
    expect(badId.body.error.details[0].field).toBe('sync_id');
    const badPathId = await h.api('GET', '/v1/syncs/abc');
    expect(badPathId.status).toBe(400);
    expect(badPathId.body.error.details[0].field).toBe('sync_id');
    const badStatus = await h.api('GET', '/v1/syncs?status=sleeping');
    expect(badStatus.status).toBe(400);
    expect(badStatus.body.error.details[0].field).toBe('query.status');
    const badCursor = await h.api('GET', '/v1/syncs?cursor=zzz');
    expect(badCursor.status).toBe(400);
    expect(badCursor.body.error.details[0].field).toBe('cursor');
  });
});

describe('listing', () => {
  it('lists syncs filtered by status, page by page', async () => {
    const ids: number[] = [];
    for (let i = 0; i < 3; i += 1) {
      ids.push(
        (await h.api('POST', '/v1/syncs', { url: h.fakeApi.url('/items'), unique_key: 'id', paused: true, friendly_name: `list ${i}` }))
          .body.sync_id,
      );
    }
    const seen: number[] = [];
    let cursor: string | null = null;
    do {
      const query: string = `/v1/syncs?status=paused&limit=2${cursor ? `&cursor=${cursor}` : ''}`;
      const page = await h.api('GET', query);
      expect(page.status).toBe(200);
      expect(page.body.data.length).toBeLessThanOrEqual(2);
      for (const sync of page.body.data) expect(sync.status).toBe('paused');
      seen.push(...page.body.data.map((sync: { sync_id: number }) => sync.sync_id));
      cursor = page.body.next_cursor;
    } while (cursor);
    expect(seen).toEqual(expect.arrayContaining(ids));
    expect(new Set(seen).size).toBe(seen.length);
    const active = await h.api('GET', '/v1/syncs?status=active&limit=100');
    for (const id of ids) expect(active.body.data.map((sync: { sync_id: number }) => sync.sync_id)).not.toContain(id);
  });
});
