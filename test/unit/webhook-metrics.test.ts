import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createWebhookActivities } from '../../activities/webhook-activities.js';
import type { Job, WebhookDelivery } from '../../src/contracts/job.js';
import { DEFAULT_WEBHOOK_RETRY_INITIAL_MS } from '../../src/contracts/webhook-retry.js';
import { WorkerMetrics } from '../../src/metrics/metrics.js';
import type { Storage, WebhookAttempt } from '../../src/storage/storage.js';
import { ActivityRunner } from '../helpers/activity-context.js';
import { defaultOutboundHttp } from '../helpers/outbound-http.js';
import { parseSamples, sampleKey } from '../helpers/prometheus-text.js';

let receiver: Server;
let receiverUrl = '';
beforeAll(async () => {
  receiver = createServer((_req, res) => res.writeHead(500).end('receiver down'));
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`;
});
afterAll(() => new Promise<void>((resolve) => receiver.close(() => resolve())));

function pendingJob(): Job {
  const webhook: WebhookDelivery = {
    delivery_id: 3,
    url: receiverUrl,
    status: 'pending',
    attempts: 5,
    last_status_code: 500,
    last_error: 'receiver answered 500',
    updated_at: new Date().toISOString(),
  };
  const now = new Date().toISOString();
  return {
    job_id: 2,
    sync_id: 1,
    status: 'succeeded',
    trigger: 'manual',
    mode: 'full',
    started_at: now,
    ended_at: now,
    records: { created: 0, updated: 0, unchanged: 0, deleted: 0, fetched: 0 },
    pages: 1,
    max_total_reached: false,
    deletes_skipped: null,
    error: null,
    workflow_id: 'wf',
    run_id: 'run',
    webhook,
  };
}

/** Only what the webhook activities use: the job, and the attempts they record. */
function fakeStorage(attempts: WebhookAttempt[]): Storage {
  const used: Pick<Storage, 'getJob' | 'recordWebhookAttempt'> = {
    getJob: async () => pendingJob(),
    recordWebhookAttempt: async (_deliveryId, attempt) => {
      attempts.push(attempt);
    },
  };
  return used as Storage;
}

async function sample(metrics: WorkerMetrics, name: string, labels: Record<string, string>): Promise<number | undefined> {
  return parseSamples(await metrics.registry.metrics()).get(sampleKey(name, labels));
}

describe('webhook delivery metrics', () => {
  it('the last attempt that fails counts a failed delivery, a 5xx webhook request and a retry', async () => {
    const metrics = new WorkerMetrics();
    const attempts: WebhookAttempt[] = [];
    const { deliverWebhook } = createWebhookActivities({
      storage: fakeStorage(attempts),
      webhookSecret: 'test-webhook-secret-0123456789',
      defaultWebhookUrl: undefined,
      webhookRetryInitialMs: DEFAULT_WEBHOOK_RETRY_INITIAL_MS,
      http: defaultOutboundHttp(),
      metrics,
    });
    const runner = new ActivityRunner({ attempt: 6, retryPolicy: { maximumAttempts: 6 } });
    await expect(runner.run(deliverWebhook, { delivery_id: 3, job_id: 2 })).rejects.toThrow('webhook delivery 3 failed');
    expect(attempts).toMatchObject([{ status: 'failed', statusCode: 500 }]);
    expect(await sample(metrics, 'syncd_webhook_deliveries_total', { outcome: 'failed' })).toBe(1);
    expect(await sample(metrics, 'syncd_webhook_deliveries_total', { outcome: 'delivered' })).toBe(0);
    expect(await sample(metrics, 'syncd_external_requests_total', { kind: 'webhook', status_class: '5xx' })).toBe(1);
    expect(await sample(metrics, 'syncd_retries_total', { kind: 'webhook' })).toBe(1);
  });

  it('an attempt that fails with retries left counts the request but no ended delivery', async () => {
    const metrics = new WorkerMetrics();
    const { deliverWebhook } = createWebhookActivities({
      storage: fakeStorage([]),
      webhookSecret: 'test-webhook-secret-0123456789',
      defaultWebhookUrl: undefined,
      webhookRetryInitialMs: DEFAULT_WEBHOOK_RETRY_INITIAL_MS,
      http: defaultOutboundHttp(),
      metrics,
    });
    const runner = new ActivityRunner({ attempt: 1, retryPolicy: { maximumAttempts: 6 } });
    await expect(runner.run(deliverWebhook, { delivery_id: 3, job_id: 2 })).rejects.toThrow('webhook delivery 3 failed');
    expect(await sample(metrics, 'syncd_webhook_deliveries_total', { outcome: 'failed' })).toBe(0);
    expect(await sample(metrics, 'syncd_external_requests_total', { kind: 'webhook', status_class: '5xx' })).toBe(1);
    expect(await sample(metrics, 'syncd_retries_total', { kind: 'webhook' })).toBe(0);
  });

  it('closing a delivery whose last attempt could not record itself counts it failed', async () => {
    const metrics = new WorkerMetrics();
    const attempts: WebhookAttempt[] = [];
    const { markWebhookFailed } = createWebhookActivities({
      storage: fakeStorage(attempts),
      webhookSecret: 'test-webhook-secret-0123456789',
      defaultWebhookUrl: undefined,
      webhookRetryInitialMs: DEFAULT_WEBHOOK_RETRY_INITIAL_MS,
      http: defaultOutboundHttp(),
      metrics,
    });
    await new ActivityRunner().run(markWebhookFailed, { delivery_id: 3, job_id: 2, error: 'timed out' });
    expect(attempts).toMatchObject([{ status: 'failed', error: 'timed out' }]);
    expect(await sample(metrics, 'syncd_webhook_deliveries_total', { outcome: 'failed' })).toBe(1);
  });
});
