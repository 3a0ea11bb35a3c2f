import { WorkflowFailedError } from '@temporalio/client';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Job } from '../../src/contracts/job.js';
import { webhookDeliveryWorkflowId } from '../../workflows/webhook-delivery-workflow.js';
import { numberedRecords } from '../helpers/fake-api.js';
import { type Harness, waitFor } from '../helpers/harness.js';
import { startTestHarness } from '../helpers/test-harness.js';

/**
 * The outbound network policy end to end: the API refuses literal addresses before storing
 * anything, and the worker refuses at connect time what a host name resolves to and where a
 * redirect leads, failing the job at once. `localhost` stands for a host name that resolves to a
 * refused address (127.0.0.1); the fake API listens on 127.0.0.1.
 */
const ALWAYS = 'link-local and cloud metadata addresses are always refused';
const PRIVATE = 'private networks are refused (SYNCD_DENY_PRIVATE_NETWORKS=true)';

/** The attempt of the job's fetch activity that ended it: 1 when it failed without a retry. */
async function fetchAttempt(h: Harness, job: Job): Promise<number | null | undefined> {
  const events = (await h.client.workflow.getHandle(job.workflow_id, job.run_id).fetchHistory()).events ?? [];
  const scheduled = events.filter((event) => event.activityTaskScheduledEventAttributes?.activityType?.name === 'fetchAndStoreRecords');
  expect(scheduled).toHaveLength(1);
  const started = events.find(
    (event) => String(event.activityTaskStartedEventAttributes?.scheduledEventId ?? '') === String(scheduled[0]!.eventId),
  );
  return started?.activityTaskStartedEventAttributes?.attempt;
}

async function runOneJob(h: Harness, fields: Record<string, unknown>): Promise<{ syncId: number; job: Job }> {
  const { sync_id: syncId } = await h.createSync({ paused: true, ...fields });
  return { syncId, job: await h.runJob(syncId) };
}

/** The fake API's URL for `path` with its host spelled `host` (a name or another loopback address). */
function urlOn(h: Harness, host: string, path: string): string {
  const url = new URL(h.fakeApi.url(path));
  url.hostname = host;
  return url.toString();
}

const syncCount = async (h: Harness): Promise<number> => (await h.api('GET', '/v1/syncs?limit=100')).body.data.length;

describe('with SYNCD_DENY_PRIVATE_NETWORKS=true', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startTestHarness({ env: { SYNCD_DENY_PRIVATE_NETWORKS: 'true' } });
  });
  afterAll(() => h?.stop());
  beforeEach(() => h.fakeApi.reset(numberedRecords(3)));

  it('a create naming a metadata or private address answers 400 naming each field, and stores nothing', async () => {
    const before = await syncCount(h);
    const created = await h.api('POST', '/v1/syncs', {
      unique_key: 'id',
      url: 'http://169.254.169.254/latest/meta-data/',
      auth: { type: 'oauth2_client_credentials', token_url: h.fakeApi.url('/oauth/token'), client_id: 'c', client_secret: 'secret-123' },
      webhook_url: 'http://[fd00:ec2::254]/hook',
      allowed_origins: ['http://10.0.0.1'],
    });
    expect(created.status).toBe(400);
    expect(created.body.error).toMatchObject({ code: 'invalid_request' });
    expect(created.body.error.details).toEqual([
      { field: 'url', message: `syncd does not connect to 169.254.169.254: ${ALWAYS}` },
      { field: 'auth.token_url', message: `syncd does not connect to 127.0.0.1: ${PRIVATE}` },
      { field: 'webhook_url', message: `syncd does not connect to fd00:ec2::254: ${ALWAYS}` },
      { field: 'allowed_origins.0', message: `syncd does not connect to 10.0.0.1: ${PRIVATE}` },
    ]);
    expect(await syncCount(h)).toBe(before);
  });

  it('an API without the setting still refuses metadata addresses but takes private ones; the allow list opens them too', async () => {
    const lenient = await h.startApi({ SYNCD_DENY_PRIVATE_NETWORKS: undefined });
    const allowing = await h.startApi({ SYNCD_ALLOW_NETWORKS: '127.0.0.0/8' });
    try {
      const post = (baseUrl: string, url: string) =>
        fetch(`${baseUrl}/v1/syncs`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ unique_key: 'id', paused: true, url }),
        }).then(async (response) => ({ status: response.status, body: await response.json() }));
      const metadata = await post(lenient.baseUrl, 'http://[::ffff:169.254.169.254]/latest/meta-data/');
      expect(metadata.status).toBe(400);
      expect(metadata.body.error.details).toEqual([{ field: 'url', message: `syncd does not connect to 169.254.169.254: ${ALWAYS}` }]);
      expect((await post(lenient.baseUrl, h.fakeApi.url('/items'))).status).toBe(201);
      expect((await post(allowing.baseUrl, h.fakeApi.url('/items'))).status).toBe(201);
      expect((await post(allowing.baseUrl, 'http://169.254.169.254/')).status).toBe(400);
    } finally {
      await lenient.stop();
      await allowing.stop();
    }
  });

  it('a PATCH to a refused address answers 400 naming the field and changes nothing', async () => {
    const created = await h.createSync({ paused: true, url: urlOn(h, 'localhost', '/items') });
    const patched = await h.api('PATCH', `/v1/syncs/${created.sync_id}`, {
      webhook_url: 'http://100.100.100.200/hook',
      friendly_name: 'x',
    });
    expect(patched.status).toBe(400);
    expect(patched.body.error.details).toEqual([{ field: 'webhook_url', message: `syncd does not connect to 100.100.100.200: ${ALWAYS}` }]);
    const token = await h.api('PATCH', `/v1/syncs/${created.sync_id}`, {
      auth: {
        type: 'oauth2_client_credentials',
        token_url: 'http://[::ffff:a9fe:a9fe]/token',
        client_id: 'c',
        client_secret: 'secret-123',
      },
    });
    expect(token.status).toBe(400);
    expect(token.body.error.details).toEqual([
      { field: 'auth.token_url', message: `syncd does not connect to 169.254.169.254: ${ALWAYS}` },
    ]);
    const origins = await h.api('PATCH', `/v1/syncs/${created.sync_id}`, {
      allowed_origins: ['https://api.example.com', 'http://[::1]:8080'],
    });
    expect(origins.status).toBe(400);
    expect(origins.body.error.details).toEqual([{ field: 'allowed_origins.1', message: `syncd does not connect to ::1: ${PRIVATE}` }]);
    const url = await h.api('PATCH', `/v1/syncs/${created.sync_id}`, { url: h.fakeApi.url('/items') });
    expect(url.status).toBe(400);
    expect(url.body.error.details).toEqual([{ field: 'url', message: `syncd does not connect to 127.0.0.1: ${PRIVATE}` }]);
    const after = (await h.api('GET', `/v1/syncs/${created.sync_id}`)).body;
    expect(after).toMatchObject({ url: created.url, allowed_origins: [], auth: null });
    expect(after.webhook_url ?? null).toBeNull();
  });

  it('a host name that resolves to a private address fails the job on its first attempt, before any request is sent', async () => {
    const before = h.fakeApi.requests.length;
    const { job } = await runOneJob(h, { url: urlOn(h, 'localhost', '/items') });
    expect(job.status).toBe('failed');
    expect(job.error).toEqual({
      class: 'config',
      code: 'blocked_address',
      message: `GET ${urlOn(h, 'localhost', '/items')}: refused to connect to 127.0.0.1 (localhost): ${PRIVATE}`,
    });
    expect(await fetchAttempt(h, job)).toBe(1);
    expect(h.fakeApi.requests.length).toBe(before);
  });

  it('an OAuth token URL that resolves to a private address fails the job at once; no token is asked for', async () => {
    const before = h.fakeApi.requests.length;
    const tokenUrl = urlOn(h, 'localhost', '/oauth/token');
    const { job } = await runOneJob(h, {
      url: urlOn(h, 'localhost', '/oauth/items'),
      auth: {
        type: 'oauth2_client_credentials',
        token_url: tokenUrl,
        client_id: h.fakeApi.oauthClient.id,
        client_secret: h.fakeApi.oauthClient.secret,
      },
    });
    expect(job.status).toBe('failed');
    expect(job.error?.message).toBe(`OAuth token request to ${tokenUrl}: refused to connect to 127.0.0.1 (localhost): ${PRIVATE}`);
    expect(await fetchAttempt(h, job)).toBe(1);
    expect(h.fakeApi.requests.length).toBe(before);
  });

  it('a webhook to a refused address is marked failed after one attempt, with the refusal as its error', async () => {
    const before = h.fakeApi.requests.length;
    const hookUrl = urlOn(h, 'localhost', '/hook');
    const { syncId, job } = await runOneJob(h, { url: urlOn(h, 'localhost', '/items'), webhook_url: hookUrl });
    expect(job.status).toBe('failed');
    // The job row fails before its workflow starts the delivery; the workflow fails once it has.
    await expect(h.client.workflow.getHandle(job.workflow_id, job.run_id).result()).rejects.toBeInstanceOf(WorkflowFailedError);
    const outcome = await h.client.workflow.getHandle(webhookDeliveryWorkflowId(job.workflow_id, job.job_id)).result();
    expect(outcome).toEqual({
      delivered: false,
      error: expect.stringContaining(`refused to connect to 127.0.0.1 (localhost): ${PRIVATE}`),
    });
    const [withWebhook] = await waitFor(
      () => h.jobsOf(syncId),
      (jobs) => jobs[0]?.webhook?.status === 'failed',
    );
    expect(withWebhook!.webhook).toMatchObject({
      url: hookUrl,
      status: 'failed',
      attempts: 1,
      last_status_code: null,
      last_error: `refused to connect to 127.0.0.1 (localhost): ${PRIVATE}`,
    });
    expect(h.fakeApi.requests.length).toBe(before);
  });
});

describe('with SYNCD_DENY_PRIVATE_NETWORKS=true and SYNCD_ALLOW_NETWORKS=127.0.0.1/32', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startTestHarness({ env: { SYNCD_DENY_PRIVATE_NETWORKS: 'true', SYNCD_ALLOW_NETWORKS: '127.0.0.1/32' } });
  });
  afterAll(() => h?.stop());
  beforeEach(() => h.fakeApi.reset(numberedRecords(3)));

  it('a host name that resolves to an allowed address syncs, and so does the allowed literal', async () => {
    for (const host of ['localhost', '127.0.0.1']) {
      const { job } = await runOneJob(h, { url: urlOn(h, host, '/items') });
      expect(job).toMatchObject({ status: 'succeeded', error: null, records: { created: 3, fetched: 3 } });
    }
  });

  it('a sync to a metadata address is refused at create with 400 naming url, the allow list notwithstanding', async () => {
    const before = await syncCount(h);
    const created = await h.api('POST', '/v1/syncs', { unique_key: 'id', url: 'http://169.254.169.254/' });
    expect(created.status).toBe(400);
    expect(created.body.error).toEqual({
      code: 'invalid_request',
      message: `url: syncd does not connect to 169.254.169.254: ${ALWAYS}`,
      details: [{ field: 'url', message: `syncd does not connect to 169.254.169.254: ${ALWAYS}` }],
    });
    expect(await syncCount(h)).toBe(before);
  });

  it.each([
    ['a metadata address', () => 'http://169.254.169.254/x', `refused to connect to 169.254.169.254: ${ALWAYS}`],
    ['a loopback address outside the allow list', () => urlOn(h, '127.0.0.2', '/items'), `refused to connect to 127.0.0.2: ${PRIVATE}`],
  ])('a redirect to %s fails the job on its first attempt, before connecting there', async (_name, targetOf, refusal) => {
    const target = targetOf();
    const before = h.fakeApi.requests.length;
    const url = h.fakeApi.url(`/redirect?to=${encodeURIComponent(target)}`);
    const { job } = await runOneJob(h, { url });
    expect(job.status).toBe('failed');
    expect(job.error?.message).toBe(`GET ${url} was redirected: a redirect to ${target}; ${refusal}`);
    expect(await fetchAttempt(h, job)).toBe(1);
    expect(h.fakeApi.requests.slice(before).map((request) => request.path)).toEqual(['/redirect']);
  });
});
