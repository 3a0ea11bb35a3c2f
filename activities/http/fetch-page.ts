import { ApplicationFailure } from '@temporalio/common';
import { looksSecret, SECRET_MASK } from '../../src/contracts/auth.js';
import type { JobError } from '../../src/contracts/job-error.js';
import type { SyncDefinition } from '../../src/contracts/sync-definition.js';
import type { WorkerMetrics } from '../../src/metrics/metrics.js';
import { FailureCode, httpStatusError, jobFailure } from '../failure-class.js';
import type { Authenticator } from './authenticator.js';
import { BodyTooLargeError, bodySnippet, RequestTimeoutError, readCappedText, withDeadline } from './bounded-fetch.js';
import { valueAtPath } from './dot-path.js';
import { answeredText, describeNetworkError, snippetOf } from './failure-text.js';
import { NetworkPolicyError } from './network-policy-error.js';
import { observeRequest } from './observed-request.js';
import { credentialOrigins, definitionSecrets, withoutSecretHeaders, withoutSecretParams } from './origins.js';
import type { OutboundHttp } from './outbound-http.js';
import type { PageRequest, ReceivedPage } from './paging.js';
import { redact } from './redact.js';
import { fetchFollowingRedirects, type Hop, MAX_REDIRECTS, RedirectRefusedError } from './redirects.js';
import { retryAfterMs } from './retry-after.js';

export interface FetchOptions {
  /** The worker's outbound client: every hop passes its network policy. */
  http: OutboundHttp;
  /** The activity's cancellation. */
  signal: AbortSignal;
  /** Covers each request from sending it to the last byte of its body, redirects included. */
  timeoutMs: number;
  /** The decoded page body is read up to this many bytes; beyond, the job fails. */
  maxPageBytes: number;
  authenticator: Authenticator;
  /** Params every page carries besides paging's own, such as the incremental cursor. */
  extraParams: Record<string, string | number>;
  /** Counts each page request and 429 wait. */
  metrics: WorkerMetrics;
}

type Answer =
  | { ok: true; url: URL; text: string; linkHeader: string | null }
  | { ok: false; status: number; statusText: string; snippet: string; retryAfter: string | null };

function requestFor(definition: SyncDefinition, page: PageRequest, extraParams: FetchOptions['extraParams']) {
  // A URL handed over by the API (next_url, Link) already carries every parameter it wants.
  const url = new URL(page.url ?? definition.url);
  const params = page.url === null ? { ...extraParams, ...page.params } : {};
  if (page.url === null) {
    for (const [name, value] of Object.entries(definition.query_params)) url.searchParams.set(name, String(value));
  }
  const headers = new Headers(definition.headers);
  if (!headers.has('accept')) headers.set('accept', 'application/json');
  if (definition.method === 'GET') {
    for (const [name, value] of Object.entries(params)) url.searchParams.set(name, String(value));
    return { url, method: 'GET', headers, body: undefined };
  }
  const base = definition.body ?? {};
  const isObject = base !== null && typeof base === 'object' && !Array.isArray(base);
  if (!isObject) {
    for (const [name, value] of Object.entries(params)) url.searchParams.set(name, String(value));
  }
  if (!headers.has('content-type')) headers.set('content-type', 'application/json');
  return { url, method: 'POST', headers, body: JSON.stringify(isObject ? { ...base, ...params } : base) };
}

/** The URL as messages show it: values of secret-looking query params masked. */
function displayUrl(url: URL): string {
  const shown = new URL(url);
  for (const name of [...shown.searchParams.keys()]) if (looksSecret(name)) shown.searchParams.set(name, SECRET_MASK);
  return shown.toString();
}

/**
 * What goes to `url`: to the sync's own origins, its headers and credentials; to any other origin
 * neither credentials nor secret-looking headers, nor query params that carry a known secret.
 */
function hopFor(definition: SyncDefinition, headers: Headers, options: FetchOptions, signal: AbortSignal) {
  const trusted = credentialOrigins(definition);
  return async (url: URL): Promise<Hop> => {
    if (trusted.has(url.origin)) {
      const sent = { url: new URL(url), headers: new Headers(headers) };
      await options.authenticator.apply(sent.url, sent.headers, signal);
      return sent;
    }
    const secrets = [...options.authenticator.secretValues(), ...definitionSecrets(definition)];
    return { url: withoutSecretParams(url, secrets), headers: withoutSecretHeaders(headers) };
  };
}

/** A failure no retry can fix: the job fails at once, as the sync's to fix. */
function configFailure(code: string, message: string): ApplicationFailure {
  return jobFailure({ class: 'config', code, message }, { nonRetryable: true });
}

/** Trouble the next attempt may not have: Temporal retries the activity with backoff. */
function transientFailure(error: JobError, nextRetryDelay?: number): ApplicationFailure {
  return jobFailure(error, { nonRetryable: false, ...(nextRetryDelay === undefined ? {} : { nextRetryDelay }) });
}

/**
 * Fetches one page. Transient trouble (network, timeouts, 408, 5xx) throws a retryable failure so
 * Temporal retries the activity with backoff; 429 retries after its Retry-After; answers that no
 * retry can fix (other 4xx, a body over the cap, a refused redirect, an address the network policy
 * refuses) fail the job at once. Each failure carries its JobError (`failure-class.ts`); every
 * message is redacted of the sync's secrets.
 */
export async function fetchPage(definition: SyncDefinition, page: PageRequest, options: FetchOptions): Promise<ReceivedPage> {
  const { url, method, headers, body } = requestFor(definition, page, options.extraParams);
  const hide = (text: string) => redact(text, options.authenticator.secretValues());
  const shownUrl = displayUrl(url);
  const send = (): Promise<Answer> =>
    withDeadline(options.timeoutMs, options.signal, async (signal) => {
      const followed = await observeRequest(
        options.metrics,
        'page',
        () =>
          fetchFollowingRedirects(
            url,
            { http: options.http, method, body, signal, maxRedirects: MAX_REDIRECTS },
            hopFor(definition, headers, options, signal),
          ),
        (answer) => answer.response.status,
      );
      const { response } = followed;
      if (!response.ok) {
        const { status, statusText } = response;
        return {
          ok: false as const,
          status,
          statusText,
          snippet: await bodySnippet(response),
          retryAfter: response.headers.get('retry-after'),
        };
      }
      return {
        ok: true as const,
        url: followed.url,
        text: await readCappedText(response, options.maxPageBytes),
        linkHeader: response.headers.get('link'),
      };
    }).catch((error: unknown) => {
      if (options.signal.aborted) throw options.signal.reason;
      throw failureOf(error, `${method} ${shownUrl}`, hide);
    });

  let answer = await send();
  if (!answer.ok && answer.status === 401 && (await options.authenticator.refresh(options.signal))) answer = await send();
  if (!answer.ok) {
    const message = hide(`${method} ${shownUrl} ${answeredText(answer.status, answer.statusText, answer.snippet)}`);
    const error = httpStatusError(answer.status, message);
    if (answer.status === 429) {
      const waitMs = retryAfterMs(answer.retryAfter, Date.now());
      options.metrics.rateLimited(waitMs);
      throw transientFailure(error, waitMs ?? undefined);
    }
    throw error.class === 'transient' ? transientFailure(error) : jobFailure(error, { nonRetryable: true });
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(answer.text);
  } catch {
    throw configFailure(FailureCode.InvalidJson, hide(`${shownUrl} did not answer JSON: ${snippetOf(answer.text)}`));
  }
  const records = definition.response_path === undefined ? parsed : valueAtPath(parsed, definition.response_path);
  if (!Array.isArray(records)) {
    const where = definition.response_path === undefined ? 'the response body' : `response_path "${definition.response_path}"`;
    throw configFailure(FailureCode.BadResponsePath, hide(`${where} of ${shownUrl} is not an array of records`));
  }
  return { requestUrl: answer.url.toString(), body: parsed, records, linkHeader: answer.linkHeader };
}

/** The error a failed request becomes; failures already decided (an OAuth token's) pass through. */
function failureOf(error: unknown, request: string, hide: (text: string) => string): unknown {
  if (error instanceof ApplicationFailure) return error;
  if (error instanceof BodyTooLargeError) {
    return configFailure(
      FailureCode.PageTooLarge,
      hide(`${request}: the response body passed ${error.maxBytes} bytes, the cap set by SYNCD_MAX_PAGE_BYTES; reading stopped there`),
    );
  }
  if (error instanceof NetworkPolicyError) return configFailure(FailureCode.BlockedAddress, hide(`${request}: ${error.message}`));
  if (error instanceof RedirectRefusedError)
    return configFailure(FailureCode.RedirectRefused, hide(`${request} was redirected: ${error.message}`));
  if (error instanceof RequestTimeoutError) {
    const message = hide(`${request} failed: ${error.message} (request_timeout_seconds)`);
    return transientFailure({ class: 'transient', code: FailureCode.RequestTimeout, message });
  }
  const message = hide(`${request} failed: ${describeNetworkError(error)}`);
  return transientFailure({ class: 'transient', code: FailureCode.NetworkError, message });
}
