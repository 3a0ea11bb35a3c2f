import { randomUUID } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Job, JobWebhookPayload } from '../../src/contracts/job.js';
import { verifyWebhookSignature } from '../../src/webhooks/signature.js';
import { webhookDeliveryWorkflowId } from '../../workflows/webhook-delivery-workflow.js';
import { numberedRecords } from '../helpers/fake-api.js';
import { type Harness, waitFor } from '../helpers/harness.js';
import { durationMs } from '../helpers/proto-duration.js';
import { startTestHarness } from '../helpers/test-harness.js';

interface ReceivedWebhook {
  rawBody: string;
  headers: IncomingHttpHeaders;
  receivedAtSeconds: number;
}

interface Endpoint {
  url: string;
  received: ReceivedWebhook[];
}

/**
 * A webhook receiver: a real HTTP server that keeps every raw body and its headers. Each test
 * gets its own endpoint, so deliveries still retrying from an earlier test never mix in.
 */
class WebhookReceiver {
  private readonly endpoints = new Map<string, { endpoint: Endpoint; failFirst: number }>();
  private server: Server | undefined;
  private base = '';

  async start(): Promise<this> {
    this.server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => {
        const route = this.endpoints.get(req.url ?? '');
        if (!route || req.method !== 'POST') {
          res.writeHead(404).end();
          return;
        }
        const { endpoint, failFirst } = route;
        endpoint.received.push({
          rawBody: Buffer.concat(chunks).toString('utf8'),
          headers: req.headers,
          receivedAtSeconds: Math.floor(Date.now() / 1000),
        });
        if (endpoint.received.length <= failFirst) {
          res.writeHead(500, { 'content-type': 'text/plain' }).end('receiver is down');
          return;
        }
        res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}');
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.base = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  /** A fresh endpoint that answers 500 to its first `failFirst` requests, then 200. */
  endpoint(failFirst = 0): Endpoint {
    const path = `/hooks/${randomUUID()}`;
    const endpoint: Endpoint = { url: `${this.base}${path}`, received: [] };
    this.endpoints.set(path, { endpoint, failFirst });
    return endpoint;
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }
}

let h: Harness;
let receiver: WebhookReceiver;
// Production waits 1 s before the second attempt; 300 ms keeps six attempts to seconds here.
const RETRY_INITIAL_MS = 300;
beforeAll(async () => {
  h = await startTestHarness({ env: { SYNCD_WEBHOOK_RETRY_INITIAL_MS: String(RETRY_INITIAL_MS) } });
  receiver = await new WebhookReceiver().start();
});
afterAll(async () => {
  await receiver?.stop();
  await h?.stop();
});
beforeEach(() => h.fakeApi.reset(numberedRecords(4)));

const createSync = async (fields: Record<string, unknown>): Promise<number> =>
  (await h.createSync({ url: h.fakeApi.url('/items'), paused: true, ...fields })).sync_id;

async function jobOf(syncId: number, jobId: number): Promise<Job> {
  const job = (await h.jobsOf(syncId)).find((candidate) => candidate.job_id === jobId);
  if (!job) throw new Error(`job ${jobId} of sync ${syncId} is not listed`);
  return job;
}

function waitForWebhook(
  syncId: number,
  jobId: number,
  done: (webhook: NonNullable<Job['webhook']>) => boolean,
  timeoutMs = 20_000,
): Promise<Job> {
  return waitFor(
    () => jobOf(syncId, jobId),
    (job) => job.webhook !== null && done(job.webhook),
    timeoutMs,
  );
}

/** What a receiver hands to verifyWebhookSignature: the raw body and the two headers. */
function signedParts(delivery: ReceivedWebhook) {
  return {
    rawBody: delivery.rawBody,
    timestampHeader: delivery.headers['x-syncd-timestamp'],
    signatureHeader: delivery.headers['x-syncd-signature'],
  };
}

const isSigned = (delivery: ReceivedWebhook): boolean => verifyWebhookSignature({ secret: h.webhookSecret, ...signedParts(delivery) });

function expectedPayload(job: Job): JobWebhookPayload {
  if (job.status === 'running') throw new Error(`job ${job.job_id} has not ended`);
  const { sync_id, job_id, status, trigger, started_at, ended_at, records, pages, error } = job;
  return { event: 'job.finished', sync_id, job_id, status, trigger, started_at, ended_at, records, pages, error };
}

describe('job webhooks', () => {
  it('a sync with a webhook_url gets exactly one signed POST per job, with the job in the body', async () => {
    const hook = receiver.endpoint();
    const syncId = await createSync({ webhook_url: hook.url });

    const first = await h.runJob(syncId);
    expect(first).toMatchObject({ status: 'succeeded', records: { created: 4, fetched: 4 } });
    const delivered = await waitForWebhook(syncId, first.job_id, (webhook) => webhook.status === 'delivered');
    expect(delivered.webhook).toMatchObject({ url: hook.url, status: 'delivered', attempts: 1, last_status_code: 200, last_error: null });
    expect(hook.received).toHaveLength(1);
    const [sent] = hook.received;
    expect(sent!.headers).toMatchObject({ 'content-type': 'application/json', 'user-agent': 'syncd-webhooks' });
    expect(sent!.headers['x-syncd-signature']).toMatch(/^v1=[0-9a-f]{64}$/);
    expect(Math.abs(Number(sent!.headers['x-syncd-timestamp']) - sent!.receivedAtSeconds)).toBeLessThanOrEqual(5);
    expect(isSigned(sent!)).toBe(true);
    expect(verifyWebhookSignature({ ...signedParts(sent!), secret: 'not-the-webhook-secret' })).toBe(false);
    expect(JSON.parse(sent!.rawBody)).toEqual(expectedPayload(delivered));
    expect(JSON.parse(sent!.rawBody)).toMatchObject({
      event: 'job.finished',
      sync_id: syncId,
      status: 'succeeded',
      trigger: 'manual',
      error: null,
    });
    expect(sent!.rawBody).not.toContain(h.webhookSecret);

    h.fakeApi.records = numberedRecords(5).map((record) => (record.id === 1 ? { ...record, name: 'renamed' } : record));
    const second = await h.runJob(syncId);
    await waitForWebhook(syncId, second.job_id, (webhook) => webhook.status === 'delivered');
    // Once the job and its delivery workflows are over, nothing can send a duplicate any more.
    await h.client.workflow.getHandle(second.workflow_id, second.run_id).result();
    expect(await h.client.workflow.getHandle(webhookDeliveryWorkflowId(second.workflow_id, second.job_id)).result()).toEqual({
      delivered: true,
    });
    expect(hook.received).toHaveLength(2);
    expect(isSigned(hook.received[1]!)).toBe(true);
    expect(JSON.parse(hook.received[1]!.rawBody)).toEqual(expectedPayload(await jobOf(syncId, second.job_id)));
    expect(JSON.parse(hook.received[1]!.rawBody).records).toEqual({ created: 1, updated: 1, unchanged: 3, deleted: 0, fetched: 5 });
  });

  it('a failed job reports its status and error too', async () => {
    const hook = receiver.endpoint();
    const syncId = await createSync({ url: h.fakeApi.url('/status/404'), webhook_url: hook.url });
    const job = await h.runJob(syncId);
    expect(job.status).toBe('failed');
    const delivered = await waitForWebhook(syncId, job.job_id, (webhook) => webhook.status === 'delivered');
    expect(hook.received).toHaveLength(1);
    expect(isSigned(hook.received[0]!)).toBe(true);
    const payload = JSON.parse(hook.received[0]!.rawBody);
    expect(payload).toEqual(expectedPayload(delivered));
    expect(payload).toMatchObject({
      status: 'failed',
      error: { class: 'config', code: 'http_404', http_status: 404, message: expect.stringMatching(/answered 404/) },
    });
  });

  it('a job cancelled while it runs reports status cancelled', async () => {
    const hook = receiver.endpoint();
    const syncId = await createSync({ webhook_url: hook.url });
    h.fakeApi.delayMs = 8_000;
    expect((await h.api('PUT', '/v1/syncs', { action: 'trigger', sync_id: syncId })).status).toBe(200);
    const [running] = await waitFor(
      () => h.jobsOf(syncId),
      (jobs) => jobs[0]?.status === 'running',
    );
    expect((await h.api('PUT', '/v1/syncs', { action: 'cancel', sync_id: syncId })).status).toBe(200);
    const delivered = await waitForWebhook(syncId, running!.job_id, (webhook) => webhook.status === 'delivered');
    expect(delivered).toMatchObject({ status: 'cancelled', error: null });
    expect(hook.received).toHaveLength(1);
    expect(isSigned(hook.received[0]!)).toBe(true);
    expect(JSON.parse(hook.received[0]!.rawBody)).toEqual(expectedPayload(delivered));
    // The job workflow still ends as cancelled: the delivery was started, not awaited.
    expect((await h.client.workflow.getHandle(running!.workflow_id).describe()).status.name).toBe('CANCELLED');
  });

  it('a sync without a webhook_url, and no default URL, sends nothing and shows no delivery', async () => {
    const syncId = await createSync({});
    const job = await h.runJob(syncId);
    expect(job.status).toBe('succeeded');
    // The job workflow decides on a delivery before it completes.
    await h.client.workflow.getHandle(job.workflow_id, job.run_id).result();
    expect((await jobOf(syncId, job.job_id)).webhook).toBeNull();
  });

  it('a receiver failing twice then answering 200 gets the delivery on the third attempt', async () => {
    const hook = receiver.endpoint(2);
    const syncId = await createSync({ webhook_url: hook.url });
    const job = await h.runJob(syncId);
    expect(job.status).toBe('succeeded');

    const retrying = await waitForWebhook(syncId, job.job_id, (webhook) => webhook.attempts >= 1);
    expect(retrying.status).toBe('succeeded');
    if (retrying.webhook!.status === 'pending') {
      expect(retrying.webhook).toMatchObject({ last_status_code: 500, last_error: expect.stringMatching(/500/) });
    }

    const delivered = await waitForWebhook(syncId, job.job_id, (webhook) => webhook.status !== 'pending', 30_000);
    expect(delivered.status).toBe('succeeded');
    expect(delivered.webhook).toMatchObject({ status: 'delivered', attempts: 3, last_status_code: 200, last_error: null });
    expect(hook.received).toHaveLength(3);
    expect(hook.received.every(isSigned)).toBe(true);
    // Every attempt carries the same job; only the timestamp and signature may differ.
    expect(new Set(hook.received.map((delivery) => delivery.rawBody)).size).toBe(1);
    expect(JSON.parse(hook.received[2]!.rawBody)).toEqual(expectedPayload(delivered));
  });

  it('a receiver that always fails does not delay the next job, and ends as a failed delivery after 6 attempts', async () => {
    const hook = receiver.endpoint(Number.POSITIVE_INFINITY);
    const syncId = await createSync({ webhook_url: hook.url });
    const first = await h.runJob(syncId);
    expect(first.status).toBe('succeeded');
    await waitForWebhook(syncId, first.job_id, (webhook) => webhook.attempts >= 1);

    const second = await h.runJob(syncId);
    expect(second.status).toBe('succeeded');
    const meanwhile = await jobOf(syncId, first.job_id);
    expect(meanwhile.webhook).toMatchObject({ status: 'pending', last_status_code: 500 });
    expect(meanwhile.webhook!.attempts).toBeLessThan(6);
    // The first delivery still retries, yet the second job has run: no job workflow waited for it.
    const firstDelivery = h.client.workflow.getHandle(webhookDeliveryWorkflowId(first.workflow_id, first.job_id));
    expect((await firstDelivery.describe()).status.name).toBe('RUNNING');
    // Two jobs triggered within one second share a workflow id; each still gets its own delivery.
    const secondDelivery = await waitForWebhook(syncId, second.job_id, (webhook) => webhook.attempts >= 1);
    expect(secondDelivery.webhook).toMatchObject({ status: 'pending', last_status_code: 500 });

    // Retries after 0.3, 0.6, 1.2, 2.4 and 4.8 seconds: the sixth attempt comes some 9 s after the first.
    const failed = await waitForWebhook(syncId, first.job_id, (webhook) => webhook.status !== 'pending', 60_000);
    expect(failed.status).toBe('succeeded');
    expect(failed.webhook).toMatchObject({
      status: 'failed',
      attempts: 6,
      last_status_code: 500,
      last_error: expect.stringMatching(/500/),
    });
    // A failed delivery is data: its workflow completes normally.
    expect(await firstDelivery.result()).toMatchObject({ delivered: false });
    expect((await firstDelivery.describe()).status.name).toBe('COMPLETED');
    const firstJobAttempts = hook.received.filter((delivery) => JSON.parse(delivery.rawBody).job_id === first.job_id);
    expect(firstJobAttempts).toHaveLength(6);
    // The worker's configured first wait is the one the delivery's retry policy carries.
    const { events } = await firstDelivery.fetchHistory();
    const scheduled = events?.find((event) => event.activityTaskScheduledEventAttributes)?.activityTaskScheduledEventAttributes;
    expect(scheduled?.retryPolicy).toMatchObject({ backoffCoefficient: 2, maximumAttempts: 6 });
    expect(durationMs(scheduled?.retryPolicy?.initialInterval)).toBe(RETRY_INITIAL_MS);
  }, 120_000);
});
