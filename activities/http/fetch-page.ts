import { ApplicationFailure } from '@temporalio/common';
import { looksSecret, SECRET_MASK } from '../../src/contracts/auth.js';
import { ErrorCode } from '../../src/contracts/errors.js';
import type { SyncDefinition } from '../../src/contracts/sync-definition.js';
import type { Authenticator } from './authenticator.js';
import { valueAtPath } from './dot-path.js';
import type { PageRequest, ReceivedPage } from './paging.js';
import { redact } from './redact.js';
import { retryAfterMs } from './retry-after.js';

const BODY_SNIPPET_CHARS = 300;

export interface FetchOptions {
  signal: AbortSignal;
  timeoutMs: number;
  authenticator: Authenticator;
  /** Params every page carries besides paging's own, such as the incremental cursor. */
  extraParams: Record<string, string | number>;
}

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

/** undici says only "fetch failed"; the reason (ECONNREFUSED, a DNS failure...) is its cause. */
function describeNetworkError(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  return error.cause instanceof Error ? `${error.message} (${error.cause.message})` : error.message;
}

async function snippet(response: Response): Promise<string> {
  const text = await response.text().catch(() => '');
  return text.length > BODY_SNIPPET_CHARS ? `${text.slice(0, BODY_SNIPPET_CHARS)}…` : text;
}

/**
 * Fetches one page. Transient trouble (network, timeouts, 408, 5xx) throws a plain Error so
 * Temporal retries the activity with backoff; 429 retries after its Retry-After; answers that no
 * retry can fix fail the job at once. Every message is redacted of the sync's secrets.
 */
export async function fetchPage(definition: SyncDefinition, page: PageRequest, options: FetchOptions): Promise<ReceivedPage> {
  const { url, method, headers, body } = requestFor(definition, page, options.extraParams);
  const hide = (text: string) => redact(text, options.authenticator.secretValues());
  const shownUrl = displayUrl(url);
  const send = async (): Promise<Response> => {
    const target = new URL(url);
    const sent = new Headers(headers);
    await options.authenticator.apply(target, sent, options.signal);
    try {
      return await fetch(target, { method, headers: sent, body, signal: AbortSignal.any([options.signal, AbortSignal.timeout(options.timeoutMs)]) });
    } catch (error) {
      if (options.signal.aborted) throw options.signal.reason;
      const reason = error instanceof Error && error.name === 'TimeoutError' ? `no answer within ${options.timeoutMs} ms` : describeNetworkError(error);
      throw new Error(hide(`${method} ${shownUrl} failed: ${reason}`));
    }
  };

  let response = await send();
  if (response.status === 401 && (await options.authenticator.refresh(options.signal))) response = await send();
  if (!response.ok) {
    const message = hide(`${method} ${shownUrl} answered ${response.status} ${response.statusText}: ${await snippet(response)}`);
    if (response.status === 429) {
      const waitMs = retryAfterMs(response.headers.get('retry-after'), Date.now());
      throw ApplicationFailure.create({ message, nonRetryable: false, ...(waitMs === null ? {} : { nextRetryDelay: waitMs }) });
    }
    if (response.status === 408 || response.status >= 500) throw new Error(message);
    throw ApplicationFailure.nonRetryable(message, ErrorCode.JobConfiguration);
  }
  const text = await response.text();
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw ApplicationFailure.nonRetryable(hide(`${shownUrl} did not answer JSON: ${text.slice(0, BODY_SNIPPET_CHARS)}`), ErrorCode.JobResponse);
  }
  const records = definition.response_path === undefined ? parsed : valueAtPath(parsed, definition.response_path);
  if (!Array.isArray(records)) {
    const where = definition.response_path === undefined ? 'the response body' : `response_path "${definition.response_path}"`;
    throw ApplicationFailure.nonRetryable(hide(`${where} of ${shownUrl} is not an array of records`), ErrorCode.JobResponse);
  }
  return { requestUrl: url.toString(), body: parsed, records, linkHeader: response.headers.get('link') };
}
