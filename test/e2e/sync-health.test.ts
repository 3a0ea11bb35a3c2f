import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Sync } from '../../src/contracts/sync-definition.js';
import { verifyWebhookSignature } from '../../src/webhooks/signature.js';
import { EventReceiver, type ReceivedPost } from '../helpers/event-receiver.js';
import { numberedRecords } from '../helpers/fake-api.js';
import { type Harness, waitFor } from '../helpers/harness.js';
import { growth, scrape } from '../helpers/prometheus-text.js';
import { startTestHarness } from '../helpers/test-harness.js';

let h: Harness;
let receiver: EventReceiver;
beforeAll(async () => {
  h = await startTestHarness();
  h.fakeApi.reset(numberedRecords(2));
  receiver = await new EventReceiver().start();
});
afterAll(async () => {
  await receiver?.stop();
  await h?.stop();
});

// A 404 fails a job at once (no retries), so a streak of failures takes a few quick triggers.
const failingUrl = () => h.fakeApi.url('/status/404');
const goodUrl = () => h.fakeApi.url('/items');
const view = async (syncId: number): Promise<Sync> => (await h.api('GET', `/v1/syncs/${syncId}`)).body;
const isSigned = (post: ReceivedPost): boolean =>
  verifyWebhookSignature({
    secret: h.webhookSecret,
    rawBody: post.rawBody,
    timestampHeader: post.headers['x-syncd-timestamp'],
    signatureHeader: post.headers['x-syncd-signature'],
  });

/**
 * An active sync whose first job (an active sync runs one at once) succeeded, now pointed at a URL
 * that fails: each job from here on is one the test triggers.
 */
async function failingSync(fields: Record<string, unknown>): Promise<Sync> {
  const sync = await h.createSync({ url: goodUrl(), ...fields });
  expect((await h.waitForNewJob(sync.sync_id, 0)).status).toBe('succeeded');
  const patched = await h.api('PATCH', `/v1/syncs/${sync.sync_id}`, { url: failingUrl() });
  expect(patched.status).toBe(200);
  return patched.body;
}

async function failJob(syncId: number): Promise<void> {
  expect((await h.runJob(syncId)).status).toBe('failed');
}

describe('failure policy', () => {
  it('warns once at half of pause_after, then pauses the sync with its reason, a webhook, a metric and an event', async () => {
    if (h.workerMetricsUrl === undefined) throw new Error('the harness runs its worker in process');
    const before = (await scrape(h.workerMetricsUrl)).samples;
    const sync = await failingSync({ webhook_url: receiver.url, failure_policy: { pause_after: 3 } });
    expect(sync.health).toEqual({ state: 'healthy', consecutive_failures: 0, last_success_at: expect.any(String), reason: null });
    expect(sync.failure_policy).toEqual({ pause_after: 3 });

    await failJob(sync.sync_id);
    expect((await view(sync.sync_id)).health).toMatchObject({
      state: 'failing',
      consecutive_failures: 1,
      reason: expect.stringMatching(/404/),
    });
    await failJob(sync.sync_id);
    const [warning] =
      (await waitFor(
        async () => receiver.events('sync.failing', sync.sync_id),
        (posts) => posts.length > 0,
      )) ?? [];
    expect(isSigned(warning!)).toBe(true);
    expect(JSON.parse(warning!.rawBody)).toMatchObject({ event: 'sync.failing', consecutive_failures: 2, pause_after: 3 });
    expect((await view(sync.sync_id)).status).toBe('active');

    await failJob(sync.sync_id);
    const paused = await waitFor(
      () => view(sync.sync_id),
      (current) => current.status === 'paused',
    );
    expect(paused.paused_reason).toMatchObject({ by: 'policy', message: expect.stringMatching(/^3 consecutive jobs failed .*404/) });
    expect(paused.health).toMatchObject({ state: 'auto_paused', consecutive_failures: 3, reason: expect.stringMatching(/404/) });
    const [announced] = await waitFor(
      async () => receiver.events('sync.auto_paused', sync.sync_id),
      (posts) => posts.length > 0,
    );
    expect(isSigned(announced!)).toBe(true);
    expect(JSON.parse(announced!.rawBody)).toMatchObject({ event: 'sync.auto_paused', sync_id: sync.sync_id, consecutive_failures: 3 });
    const after = (await scrape(h.workerMetricsUrl)).samples;
    expect(growth(before, after, 'syncd_sync_health_events_total', { event: 'auto_paused' })).toBe(1);
    expect(growth(before, after, 'syncd_sync_health_events_total', { event: 'failing' })).toBe(1);
    const events = (await h.api('GET', `/v1/syncs/${sync.sync_id}/events`)).body.data;
    expect(events[0]).toMatchObject({ action: 'auto_pause', actor: 'policy', request_id: null });
    // The warning fired once in the streak, at two failures, not again at three.
    expect(receiver.events('sync.failing', sync.sync_id)).toHaveLength(1);

    // Fixed and resumed: the reason goes, and the job the resume starts succeeds and resets the count.
    expect((await h.api('PATCH', `/v1/syncs/${sync.sync_id}`, { url: goodUrl() })).status).toBe(200);
    const resumed = await h.act('resume', sync.sync_id);
    expect(resumed.body).toMatchObject({ status: 'active', paused_reason: null });
    const healthy = await waitFor(
      () => view(sync.sync_id),
      (current) => current.health.consecutive_failures === 0,
    );
    expect(healthy.health).toMatchObject({ state: 'healthy', reason: null, last_success_at: expect.any(String) });
  });

  it('a successful job resets the count, so failures around it never reach pause_after', async () => {
    const sync = await failingSync({ failure_policy: { pause_after: 2 } });
    await failJob(sync.sync_id);
    await h.api('PATCH', `/v1/syncs/${sync.sync_id}`, { url: goodUrl() });
    expect((await h.runJob(sync.sync_id)).status).toBe('succeeded');
    expect((await view(sync.sync_id)).health).toMatchObject({ state: 'healthy', consecutive_failures: 0 });
    await h.api('PATCH', `/v1/syncs/${sync.sync_id}`, { url: failingUrl() });
    await failJob(sync.sync_id);
    const current = await view(sync.sync_id);
    expect(current).toMatchObject({ status: 'active', paused_reason: null, health: { consecutive_failures: 1 } });
  });

  it('pause_after null never pauses, and PATCH null goes back to the default', async () => {
    const sync = await failingSync({ failure_policy: { pause_after: null } });
    expect(sync.failure_policy).toEqual({ pause_after: null });
    await failJob(sync.sync_id);
    expect((await view(sync.sync_id)).status).toBe('active');
    const patched = await h.api('PATCH', `/v1/syncs/${sync.sync_id}`, { failure_policy: null });
    expect(patched.body.failure_policy).toEqual({ pause_after: 5 });
  });

  it('refuses a pause_after that is not a whole number from 1, naming the field', async () => {
    const zero = await h.api('POST', '/v1/syncs', { url: goodUrl(), unique_key: 'id', failure_policy: { pause_after: 0 } });
    expect(zero.status).toBe(400);
    expect(zero.body.error.details[0].field).toBe('failure_policy.pause_after');
    const sync = await h.createSync({ url: goodUrl(), paused: true });
    const patched = await h.api('PATCH', `/v1/syncs/${sync.sync_id}`, { failure_policy: { pause_after: 'often' } });
    expect(patched.status).toBe(400);
    expect(patched.body.error.details[0].field).toBe('failure_policy.pause_after');
  });

  it('a user pause shows by "user", an auto-pause never overrides it, and resume clears it', async () => {
    const sync = await failingSync({ failure_policy: { pause_after: 1 } });
    const paused = await h.act('pause', sync.sync_id);
    expect(paused.body.paused_reason).toMatchObject({ by: 'user', at: expect.any(String) });
    expect(paused.body.health.state).toBe('healthy');
    // A job triggered while paused fails past pause_after: the user's pause stays as it was.
    await failJob(sync.sync_id);
    const still = await view(sync.sync_id);
    expect(still).toMatchObject({ status: 'paused', paused_reason: paused.body.paused_reason, health: { state: 'failing' } });
    const actions = (await h.api('GET', `/v1/syncs/${sync.sync_id}/events`)).body.data.map((event: { action: string }) => event.action);
    expect(actions).not.toContain('auto_pause');
    await h.api('PATCH', `/v1/syncs/${sync.sync_id}`, { url: goodUrl() });
    const resumed = await h.act('resume', sync.sync_id);
    expect(resumed.body.paused_reason).toBeNull();
  });
});
