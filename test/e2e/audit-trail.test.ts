import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { syncWorkflowId } from '../../src/contracts/ids.js';
import type { SyncEvent } from '../../src/contracts/sync-health.js';
import { pauseUpdate } from '../../src/temporal/messages.js';
import { numberedRecords } from '../helpers/fake-api.js';
import { type Harness, type RunningApi, waitFor } from '../helpers/harness.js';
import { startTestHarness } from '../helpers/test-harness.js';

const CI_KEY = randomBytes(24).toString('hex');
const OPS_KEY = randomBytes(24).toString('hex');
const BARE_KEY = randomBytes(24).toString('hex');

let h: Harness;
let anonymous: RunningApi;
beforeAll(async () => {
  // The harness's own calls and SDK use the first key: `ci`.
  h = await startTestHarness({ env: { SYNCD_API_KEYS: `ci:${CI_KEY},ops:${OPS_KEY},${BARE_KEY}` } });
  h.fakeApi.reset(numberedRecords(2));
  anonymous = await h.startApi({ SYNCD_API_KEYS: undefined });
});
afterAll(async () => {
  await anonymous?.stop();
  await h?.stop();
});

const temporal = (...args: string[]) =>
  promisify(execFile)(inject('temporalCliPath'), [...args, '--address', inject('temporalAddress'), '--namespace', 'default']);

/** A request as `key` (none: no Authorization) with its own X-Request-Id. */
async function send(base: string, key: string | null, method: string, path: string, requestId: string, body?: unknown) {
  const response = await fetch(`${base}${path}`, {
    method,
    headers: {
      'content-type': 'application/json',
      'x-request-id': requestId,
      ...(key === null ? {} : { authorization: `Bearer ${key}` }),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  expect(response.status).toBe(200);
  return response.json();
}

const eventsOf = async (syncId: number): Promise<SyncEvent[]> => (await h.sdk.events(syncId, { limit: 100 })).data;

describe('the audit trail', () => {
  it('records each control action with who (key names, anonymous, operator), what and the request id, newest first', async () => {
    const sync = await h.createSync({ url: h.fakeApi.url('/items'), paused: true, incremental: { cursor_path: 'id', param: 'since' } });
    const syncId = sync.sync_id;
    await send(h.baseUrl, OPS_KEY, 'PUT', `/v1/syncs/${syncId}/state`, 'req-state-set', { cursor: 5 });
    await send(anonymous.baseUrl, null, 'DELETE', `/v1/syncs/${syncId}/state`, 'req-state-clear');
    const secret = 'Bearer sup3r-s3cret-t0ken';
    await send(h.baseUrl, OPS_KEY, 'PATCH', `/v1/syncs/${syncId}`, 'req-patch', {
      friendly_name: 'renamed',
      headers: { Authorization: secret },
    });
    await send(h.baseUrl, BARE_KEY, 'POST', `/v1/syncs/${syncId}/resume`, 'req-resume');
    await send(anonymous.baseUrl, null, 'POST', `/v1/syncs/${syncId}/pause`, 'req-pause');
    await send(h.baseUrl, CI_KEY, 'POST', `/v1/syncs/${syncId}/trigger`, 'req-trigger');
    await send(h.baseUrl, CI_KEY, 'POST', `/v1/syncs/${syncId}/resync`, 'req-resync', { clear_records: true });
    // An update sent through Temporal directly, without an origin, and a cancel of the workflow.
    await temporal('workflow', 'update', 'execute', '--workflow-id', syncWorkflowId(syncId), '--name', 'resume');
    await temporal('workflow', 'update', 'execute', '--workflow-id', syncWorkflowId(syncId), '--name', pauseUpdate.name);
    await temporal('workflow', 'cancel', '--workflow-id', syncWorkflowId(syncId));
    const events = await waitFor(
      () => eventsOf(syncId),
      (list) => list[0]?.action === 'cancel',
    );

    expect(events.map(({ action, actor, request_id, detail }) => ({ action, actor, request_id, detail }))).toEqual([
      { action: 'cancel', actor: 'operator', request_id: null, detail: {} },
      { action: 'pause', actor: 'operator', request_id: null, detail: {} },
      { action: 'resume', actor: 'operator', request_id: null, detail: {} },
      { action: 'resync', actor: 'ci', request_id: 'req-resync', detail: { clear_records: true } },
      { action: 'trigger', actor: 'ci', request_id: 'req-trigger', detail: {} },
      { action: 'pause', actor: 'anonymous', request_id: 'req-pause', detail: {} },
      { action: 'resume', actor: 'key-3', request_id: 'req-resume', detail: {} },
      { action: 'patch', actor: 'ops', request_id: 'req-patch', detail: { fields: ['friendly_name', 'headers'] } },
      { action: 'state_change', actor: 'anonymous', request_id: 'req-state-clear', detail: { cursor: null } },
      { action: 'state_change', actor: 'ops', request_id: 'req-state-set', detail: { cursor: 5 } },
      { action: 'create', actor: 'ci', request_id: expect.any(String), detail: {} },
    ]);
    expect(JSON.stringify(events)).not.toContain('s3cret');
    for (const event of events) expect(event).toMatchObject({ sync_id: syncId, at: expect.any(String) });
    expect(events.map((event) => event.event_id)).toEqual([...events.map((event) => event.event_id)].sort((a, b) => b - a));
  });

  it('pages newest first and answers 404 for a sync that does not exist', async () => {
    const sync = await h.createSync({ url: h.fakeApi.url('/items'), paused: true });
    await h.act('trigger', sync.sync_id);
    await h.act('trigger', sync.sync_id);
    const first = await h.sdk.events(sync.sync_id, { limit: 2 });
    expect(first.data.map((event) => event.action)).toEqual(['trigger', 'trigger']);
    expect(first.next_cursor).not.toBeNull();
    const rest = await h.sdk.events(sync.sync_id, { limit: 2, cursor: first.next_cursor ?? undefined });
    expect(rest).toMatchObject({ data: [{ action: 'create' }], next_cursor: null });

    const missing = await h.api('GET', '/v1/syncs/999999999999/events');
    expect(missing.status).toBe(404);
    const badCursor = await h.api('GET', `/v1/syncs/${sync.sync_id}/events?cursor=nope`);
    expect(badCursor.status).toBe(400);
  });
});
