import { ApplicationFailure } from '@temporalio/common';
import { ErrorCode } from '../../src/contracts/errors.js';
import type { SyncDefinition } from '../../src/contracts/sync-definition.js';
import { valueAtPath } from './dot-path.js';
import type { PageRequest, ReceivedPage } from './paging.js';

const BODY_SNIPPET_CHARS = 300;

function requestFor(definition: SyncDefinition, page: PageRequest): { url: string; init: RequestInit } {
  // A URL handed over by the API (link header) already carries every parameter it wants.
  const url = new URL(page.url ?? definition.url);
  if (page.url === null) {
    for (const [name, value] of Object.entries(definition.query_params)) url.searchParams.set(name, String(value));
  }
  const headers = new Headers(definition.headers);
  if (!headers.has('accept')) headers.set('accept', 'application/json');
  if (definition.method === 'GET') {
    for (const [name, value] of Object.entries(page.params)) url.searchParams.set(name, String(value));
    return { url: url.toString(), init: { method: 'GET', headers } };
  }
  const base = definition.body ?? {};
  const isObject = base !== null && typeof base === 'object' && !Array.isArray(base);
  if (!isObject) {
    for (const [name, value] of Object.entries(page.params)) url.searchParams.set(name, String(value));
  }
  const body = isObject ? { ...base, ...page.params } : base;
  if (!headers.has('content-type')) headers.set('content-type', 'application/json');
  return { url: url.toString(), init: { method: 'POST', headers, body: JSON.stringify(body) } };
}

async function snippet(response: Response): Promise<string> {
  const text = await response.text().catch(() => '');
  return text.length > BODY_SNIPPET_CHARS ? `${text.slice(0, BODY_SNIPPET_CHARS)}…` : text;
}

/**
 * Fetches one page. Transient trouble (network, timeouts, 408, 429, 5xx) throws a plain Error so
 * Temporal retries the activity; answers that no retry can fix fail the job at once.
 */
export async function fetchPage(
  definition: SyncDefinition,
  page: PageRequest,
  options: { signal: AbortSignal; timeoutMs: number },
): Promise<ReceivedPage> {
  const { url, init } = requestFor(definition, page);
  let response: Response;
  try {
    response = await fetch(url, { ...init, signal: AbortSignal.any([options.signal, AbortSignal.timeout(options.timeoutMs)]) });
  } catch (error) {
    if (options.signal.aborted) throw options.signal.reason;
    const reason = error instanceof Error && error.name === 'TimeoutError' ? `no answer within ${options.timeoutMs} ms` : String(error);
    throw new Error(`${init.method} ${url} failed: ${reason}`);
  }
  if (!response.ok) {
    const message = `${init.method} ${url} answered ${response.status} ${response.statusText}: ${await snippet(response)}`;
    if (response.status === 408 || response.status === 429 || response.status >= 500) throw new Error(message);
    throw ApplicationFailure.nonRetryable(message, ErrorCode.JobConfiguration);
  }
  const text = await response.text();
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    throw ApplicationFailure.nonRetryable(`${url} did not answer JSON: ${text.slice(0, BODY_SNIPPET_CHARS)}`, ErrorCode.JobResponse);
  }
  const records = definition.response_path === undefined ? body : valueAtPath(body, definition.response_path);
  if (!Array.isArray(records)) {
    const where = definition.response_path === undefined ? 'the response body' : `response_path "${definition.response_path}"`;
    throw ApplicationFailure.nonRetryable(`${where} of ${url} is not an array of records`, ErrorCode.JobResponse);
  }
  return { requestUrl: url, body, records, linkHeader: response.headers.get('link') };
}
