import { Context } from '@temporalio/activity';
import { ApplicationFailure } from '@temporalio/common';
import { ErrorCode } from '../src/contracts/errors.js';
import type { Job, JobWebhookPayload, WebhookDelivery } from '../src/contracts/job.js';
import type { SyncEventWebhookPayload } from '../src/contracts/sync-health.js';
import type { WorkerMetrics } from '../src/metrics/metrics.js';
import type { Storage } from '../src/storage/storage.js';
import { signWebhook, WEBHOOK_SIGNATURE_HEADER, WEBHOOK_TIMESTAMP_HEADER } from '../src/webhooks/signature.js';
import { bodySnippet, withDeadline } from './http/bounded-fetch.js';
import { answeredText, describeNetworkError, redirectedText } from './http/failure-text.js';
import { NetworkPolicyError } from './http/network-policy-error.js';
import { observeRequest } from './http/observed-request.js';
import type { OutboundHttp } from './http/outbound-http.js';

export interface WebhookActivityDeps {
  storage: Storage;
  /** Signs every delivery; never sent, logged or put in an error. */
  webhookSecret: string;
  /** Where jobs of syncs without their own `webhook_url` report; undefined sends nothing. */
  defaultWebhookUrl: string | undefined;
  /** The wait before a failed delivery's second attempt, handed to the delivery workflow. */
  webhookRetryInitialMs: number;
  /** The worker's outbound client: deliveries pass its network policy. */
  http: OutboundHttp;
  /** Counts delivery requests, retries and how deliveries end. */
  metrics: WorkerMetrics;
}

export interface PreparedWebhookDelivery {
  delivery_id: number;
  /** Absent from histories recorded before the wait was configurable. */
  retry_initial_ms?: number;
}

/** How long a receiver may take to answer one delivery before the attempt counts as failed. */
const DELIVERY_TIMEOUT_MS = 10_000;

function payloadOf(job: Job): JobWebhookPayload {
  if (job.status === 'running') {
    throw ApplicationFailure.nonRetryable(`job ${job.job_id} is still running; its webhook goes out once it ends`, ErrorCode.Internal);
  }
  return {
    event: 'job.finished',
    sync_id: job.sync_id,
    job_id: job.job_id,
    status: job.status,
    trigger: job.trigger,
    started_at: job.started_at,
    ended_at: job.ended_at,
    records: job.records,
    pages: job.pages,
    error: job.error,
  };
}

/** The job's delivery with this id; the webhook field of a job is its latest (and only) delivery. */
function deliveryOf(job: Job | null, deliveryId: number): WebhookDelivery | null {
  return job?.webhook?.delivery_id === deliveryId ? job.webhook : null;
}

/**
 * Whether this is the last attempt the retry policy allows, so that it records the delivery as
 * failed itself: `recordWebhookAttempt` counts one attempt per call, and a separate call after
 * the last attempt would count one too many.
 */
function isLastAttempt(): boolean {
  const { attempt, retryPolicy } = Context.current().info;
  const maximum = retryPolicy?.maximumAttempts ?? 0;
  return maximum > 0 && attempt >= maximum;
}

/** A receiver's answer: its status, and for anything but 2xx where it redirects and what it said. */
interface WebhookAnswer {
  status: number;
  statusText: string;
  location: string | null;
  snippet: string;
}

/** No answer came (network failure or timeout): an attempt that failed, retried. */
class ReceiverUnreachable extends Error {}

/** What a receiver's answer other than 2xx is recorded as; a redirect is never followed. */
function describeAnswer(answer: WebhookAnswer): string {
  if (answer.status >= 300 && answer.status < 400)
    return `receiver ${redirectedText(answer.status, answer.statusText, answer.location)}; redirects are not followed`;
  return `receiver ${answeredText(answer.status, answer.statusText, answer.snippet)}`;
}

export function createWebhookActivities({
  storage,
  webhookSecret,
  defaultWebhookUrl,
  webhookRetryInitialMs,
  http,
  metrics,
}: WebhookActivityDeps) {
  /** Counts a failed attempt and throws a plain Error, so Temporal retries it with backoff. */
  const recordFailure = async (deliveryId: number, failure: { statusCode: number | null; error: string }): Promise<never> => {
    const status = isLastAttempt() ? 'failed' : 'pending';
    await storage.recordWebhookAttempt(deliveryId, { status, ...failure });
    if (status === 'failed') metrics.webhookDelivery('failed');
    throw new Error(`webhook delivery ${deliveryId} failed: ${failure.error}`);
  };

  /** A failed attempt of a sync event: counted as failed on the last one, thrown so Temporal retries. */
  const failAttempt = (event: string, error: string): never => {
    if (isLastAttempt()) metrics.webhookDelivery('failed');
    throw new Error(`${event} webhook failed: ${error}`);
  };

  /** No retry reaches an address the network policy refuses: the delivery fails now, for good. */
  const refuseDelivery = async (deliveryId: number, refusal: NetworkPolicyError): Promise<never> => {
    await storage.recordWebhookAttempt(deliveryId, { status: 'failed', statusCode: null, error: refusal.message });
    throw ApplicationFailure.nonRetryable(`webhook delivery ${deliveryId} failed: ${refusal.message}`, ErrorCode.JobConfiguration);
  };

  /**
   * One signed POST of `rawBody`, answered with the receiver's status; a network failure is thrown
   * as ReceiverUnreachable, a refused address as NetworkPolicyError, a cancellation as its reason.
   */
  const postSigned = async (url: string, rawBody: string): Promise<WebhookAnswer> => {
    const timestamp = Math.floor(Date.now() / 1000);
    const cancellation = Context.current().cancellationSignal;
    try {
      return await withDeadline(DELIVERY_TIMEOUT_MS, cancellation, async (signal) => {
        const response = await observeRequest(
          metrics,
          'webhook',
          () =>
            http.fetch(url, {
              method: 'POST',
              headers: {
                'content-type': 'application/json',
                'user-agent': 'syncd-webhooks',
                [WEBHOOK_TIMESTAMP_HEADER]: String(timestamp),
                [WEBHOOK_SIGNATURE_HEADER]: signWebhook(webhookSecret, timestamp, rawBody),
              },
              body: rawBody,
              // A redirect would re-send the signed body somewhere the sync never named.
              redirect: 'manual',
              signal,
            }),
          (answer) => answer.status,
        );
        const { status, statusText } = response;
        if (response.ok) {
          await response.body?.cancel().catch(() => undefined);
          return { status, statusText, location: null, snippet: '' };
        }
        return { status, statusText, location: response.headers.get('location'), snippet: await bodySnippet(response) };
      });
    } catch (error) {
      // Cancelled (the worker is shutting down): not the receiver's fault, so not an attempt.
      if (cancellation.aborted) throw cancellation.reason;
      if (error instanceof NetworkPolicyError) throw error;
      throw new ReceiverUnreachable(describeNetworkError(error));
    }
  };

  return {
    /**
     * Opens the job's webhook delivery: to the sync's `webhook_url`, else the default URL; null
     * when neither is set. Idempotent: a retry after a lost answer returns the delivery it opened.
     * The worker's retry wait goes with it: a workflow cannot read the worker's configuration.
     */
    async prepareWebhookDelivery(jobId: number): Promise<PreparedWebhookDelivery | null> {
      const job = await storage.getJob(jobId);
      if (job === null) return null;
      if (job.webhook !== null) return { delivery_id: job.webhook.delivery_id, retry_initial_ms: webhookRetryInitialMs };
      const sync = await storage.getSync(job.sync_id);
      const url = sync?.definition.webhook_url ?? defaultWebhookUrl;
      if (url === undefined) return null;
      return { delivery_id: await storage.createWebhookDelivery(jobId, url), retry_initial_ms: webhookRetryInitialMs };
    },

    /**
     * One signed POST of the finished job. A 2xx answer marks the delivery delivered; anything
     * else is recorded as an attempt and thrown as a plain Error, so Temporal retries with backoff,
     * except an address the network policy refuses: that marks the delivery failed at once.
     */
    async deliverWebhook(input: { delivery_id: number; job_id: number }): Promise<void> {
      const job = await storage.getJob(input.job_id);
      const delivery = deliveryOf(job, input.delivery_id);
      if (job === null || delivery === null) {
        throw ApplicationFailure.nonRetryable(
          `webhook delivery ${input.delivery_id} of job ${input.job_id} no longer exists`,
          ErrorCode.NotFound,
        );
      }
      // Already delivered: an earlier attempt succeeded but its completion never reached Temporal.
      if (delivery.status === 'delivered') return;
      if (Context.current().info.attempt > 1) metrics.retried('webhook');
      let answer: WebhookAnswer;
      try {
        answer = await postSigned(delivery.url, JSON.stringify(payloadOf(job)));
      } catch (error) {
        if (error instanceof NetworkPolicyError) return refuseDelivery(input.delivery_id, error);
        if (error instanceof ReceiverUnreachable) {
          return recordFailure(input.delivery_id, { statusCode: null, error: error.message });
        }
        throw error;
      }
      if (answer.status >= 200 && answer.status < 300) {
        await storage.recordWebhookAttempt(input.delivery_id, { status: 'delivered', statusCode: answer.status, error: null });
        metrics.webhookDelivery('delivered');
        return;
      }
      return recordFailure(input.delivery_id, { statusCode: answer.status, error: describeAnswer(answer) });
    },

    /**
     * One signed POST of a sync-level event (sync.failing, sync.auto_paused), with the same
     * signature, timeout and retries as a job's webhook; nothing is stored about it but metrics.
     */
    async deliverSyncEvent(input: { url: string; payload: SyncEventWebhookPayload }): Promise<void> {
      if (Context.current().info.attempt > 1) metrics.retried('webhook');
      let answer: WebhookAnswer;
      try {
        answer = await postSigned(input.url, JSON.stringify(input.payload));
      } catch (error) {
        if (error instanceof NetworkPolicyError) {
          metrics.webhookDelivery('failed');
          throw ApplicationFailure.nonRetryable(`${input.payload.event} webhook failed: ${error.message}`, ErrorCode.JobConfiguration);
        }
        if (error instanceof ReceiverUnreachable) return failAttempt(input.payload.event, error.message);
        throw error;
      }
      if (answer.status >= 200 && answer.status < 300) {
        metrics.webhookDelivery('delivered');
        return;
      }
      return failAttempt(input.payload.event, describeAnswer(answer));
    },

    /**
     * Closes a delivery whose retries are exhausted. The last attempt normally recorded the failure
     * itself; this records it only when that attempt could not (it timed out or its worker died),
     * so that attempt is counted here.
     */
    async markWebhookFailed(input: { delivery_id: number; job_id: number; error: string }): Promise<void> {
      const delivery = deliveryOf(await storage.getJob(input.job_id), input.delivery_id);
      if (delivery === null || delivery.status !== 'pending') return;
      await storage.recordWebhookAttempt(input.delivery_id, {
        status: 'failed',
        statusCode: delivery.last_status_code,
        error: input.error,
      });
      metrics.webhookDelivery('failed');
    },
  };
}
