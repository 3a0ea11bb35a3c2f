import type { PreviewFetcher } from '../src/api/preview-fetcher.js';
import { joinAuth, looksSecret, SECRET_MASK } from '../src/contracts/auth.js';
import { PREVIEW_TIME_LIMIT_MS, type PreviewPage, type PreviewRecord, type PreviewRequest } from '../src/contracts/preview.js';
import type { SyncDefinition } from '../src/contracts/sync-definition.js';
import type { WorkerMetrics } from '../src/metrics/metrics.js';
import type { IncomingRecord } from '../src/storage/storage.js';
import { classifyFailure } from './failure-class.js';
import { createAuthenticator } from './http/authenticator.js';
import { RequestTimeoutError } from './http/bounded-fetch.js';
import { fetchPage } from './http/fetch-page.js';
import type { FetchLimits } from './http/limits.js';
import type { OAuthTokenCache } from './http/oauth-token-cache.js';
import { definitionSecrets } from './http/origins.js';
import type { OutboundHttp } from './http/outbound-http.js';
import { firstPage, nextPage, type PageRequest, type ReceivedPage, rejectRepeatedPage } from './http/paging.js';
import { inspectRecords } from './http/record-limits.js';
import { redact } from './http/redact.js';
import { keyedRecords } from './job-activities.js';

export interface PreviewDeps {
  /** The API process's outbound client: the same network policy as the worker's. */
  http: OutboundHttp;
  /** OAuth tokens of previews, each until it expires. */
  tokenCache: OAuthTokenCache;
  /** The worker's bounds on a page and its records: a preview fails where a job would. */
  fetchLimits: FetchLimits;
  /** Counts the preview's outbound requests like a worker's (fetchPage needs one). */
  metrics: WorkerMetrics;
  /** The answer's records stop before they pass this many bytes of JSON (SYNCD_MAX_RESPONSE_BYTES), the first always included. */
  maxResponseBytes: number;
  /** The whole preview's time limit; PREVIEW_TIME_LIMIT_MS unless a test says otherwise. */
  timeLimitMs?: number;
}

/** The outbound client with the status of the latest answer it got (a page's final hop, or the OAuth token's if that failed). */
function statusRecording(http: OutboundHttp) {
  let last: number | null = null;
  const recording: OutboundHttp = {
    async fetch(url, init) {
      const response = await http.fetch(url, init);
      last = response.status;
      return response;
    },
    close: () => http.close(),
  };
  return {
    http: recording,
    /** The status since the last call, null when no answer came. */
    take(): number | null {
      const status = last;
      last = null;
      return status;
    },
  };
}

/** The request as fetch-page.ts sends it, without credentials; secret-looking names and known secret values masked. */
function shownRequest(definition: SyncDefinition, request: PageRequest, hide: (text: string) => string): PreviewRequest {
  const url = new URL(request.url ?? definition.url);
  if (request.url === null) {
    for (const [name, value] of Object.entries(definition.query_params)) url.searchParams.set(name, String(value));
  }
  for (const name of [...url.searchParams.keys()]) if (looksSecret(name)) url.searchParams.set(name, SECRET_MASK);
  const params = Object.fromEntries(
    Object.entries(request.params).map(([name, value]) => [
      name,
      looksSecret(name) ? SECRET_MASK : typeof value === 'string' ? hide(value) : value,
    ]),
  );
  return { method: definition.method, url: hide(url.toString()), params };
}

/** Records as answered: secrets masked in key and data, and no more than `maxBytes` of them (at least one). */
function shownRecords(records: IncomingRecord[], maxBytes: number, hide: (text: string) => string) {
  const shown: PreviewRecord[] = [];
  let bytes = 0;
  for (const record of records) {
    const json = hide(record.json);
    bytes += Buffer.byteLength(json, 'utf8') + Buffer.byteLength(record.key, 'utf8');
    if (shown.length > 0 && bytes > maxBytes) return { records: shown, truncated: true };
    let data: unknown;
    try {
      data = JSON.parse(json);
    } catch {
      // A mask that cut through JSON syntax: the masked text says as much as it can.
      data = json;
    }
    shown.push({ key: hide(record.key), data });
  }
  return { records: shown, truncated: false };
}

/**
 * Fetches the first pages of a sync definition exactly as a full job would (auth, paging,
 * response_path, page-size and record limits, unique keys, repeat guards, max_total) and answers
 * them without storing anything: the records, each page's status and timing, the next request, or
 * the failure a job would end with, classified by `classifyFailure`. Secrets never appear in it.
 */
export function createPreviewFetcher(deps: PreviewDeps): PreviewFetcher {
  return async ({ definition, secrets, pages }) => {
    const timeLimitMs = deps.timeLimitMs ?? PREVIEW_TIME_LIMIT_MS;
    // One deadline over the whole preview, OAuth token included: fetchPage throws its reason, a request timeout.
    const deadline = new AbortController();
    const requestTimeoutMs = Math.min(definition.request_timeout_seconds * 1000, timeLimitMs);
    const recorder = statusRecording(deps.http);
    const auth = definition.auth && secrets ? joinAuth(definition.auth, secrets) : null;
    const authenticator = createAuthenticator(auth, {
      http: recorder.http,
      timeoutMs: requestTimeoutMs,
      tokenCache: deps.tokenCache,
      metrics: deps.metrics,
    });
    const hide = (text: string) => redact(text, [...authenticator.secretValues(), ...definitionSecrets(definition)]);
    const guards = { cursors: new Set<string>(), pages: new Set<string>() };
    const answered: PreviewPage[] = [];
    const kept: IncomingRecord[] = [];
    let request: PageRequest | null = firstPage(definition.paging);
    const timer = setTimeout(() => deadline.abort(new RequestTimeoutError(timeLimitMs)), timeLimitMs);
    try {
      for (let number = 1; request !== null && number <= pages; number += 1) {
        const shown = shownRequest(definition, request, hide);
        const started = performance.now();
        const page: ReceivedPage = await fetchPage(definition, request, {
          http: recorder.http,
          signal: deadline.signal,
          timeoutMs: requestTimeoutMs,
          maxPageBytes: deps.fetchLimits.maxPageBytes,
          authenticator,
          extraParams: {},
          metrics: deps.metrics,
        }).finally(() => {
          answered.push({ request: shown, http_status: recorder.take(), duration_ms: Math.round(performance.now() - started), records: 0 });
        });
        const room = definition.max_total === undefined ? Infinity : definition.max_total - kept.length;
        const onPage: unknown[] = page.records.slice(0, room);
        const contents = inspectRecords(onPage, deps.fetchLimits, number);
        // The same order of checks as the job: a repeated cursor or URL first, then repeated records.
        const next = nextPage(definition.paging, request, page, guards.cursors);
        if (onPage.length > 0) rejectRepeatedPage(guards.pages, contents.fingerprint, number);
        const keyed = keyedRecords(onPage, contents.texts, definition.unique_key, number);
        kept.push(...keyed);
        answered.at(-1)!.records = keyed.length;
        const reachedMax: boolean =
          kept.length >= (definition.max_total ?? Infinity) && (onPage.length < page.records.length || next !== null);
        request = reachedMax ? null : next;
      }
    } catch (error) {
      const failure = classifyFailure(error);
      return { ok: false, error: { ...failure, message: hide(failure.message) }, pages: answered };
    } finally {
      clearTimeout(timer);
    }
    const { records, truncated } = shownRecords(kept, deps.maxResponseBytes, hide);
    return {
      ok: true,
      pages: answered,
      records,
      records_truncated: truncated,
      next_request: request === null ? null : shownRequest(definition, request, hide),
    };
  };
}
