import { policyRefusalOf } from './network-policy-error.js';
import type { OutboundHttp, OutboundResponse } from './outbound-http.js';

/** How many redirects one page request follows before the job fails. */
export const MAX_REDIRECTS = 5;

const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);

/** A redirect syncd will not follow: too many hops, a non-http(s) target, an unusable Location, or one the network policy refuses. */
export class RedirectRefusedError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'RedirectRefusedError';
  }
}

export interface Hop {
  url: URL;
  headers: Headers;
}

export interface FollowedResponse {
  response: OutboundResponse;
  /** The URL that gave `response`, as the caller's `prepare` got it (before credentials were added). */
  url: URL;
}

/**
 * Sends a request through `init.http` and follows up to `maxRedirects` redirects by hand
 * (`redirect: 'manual'`), so that `prepare` decides again at every hop what goes to that URL:
 * fetch itself would carry every header, an API key included, to whatever host a redirect names.
 * Every hop passes the network policy of `init.http`; a hop it refuses is a `RedirectRefusedError`.
 * A 303, or a 301/302 answering a POST, continues as a GET without body, as browsers do.
 */
export async function fetchFollowingRedirects(
  start: URL,
  init: { http: OutboundHttp; method: string; body: string | undefined; signal: AbortSignal; maxRedirects: number },
  prepare: (url: URL) => Promise<Hop>,
): Promise<FollowedResponse> {
  let url = start;
  let { method, body } = init;
  for (let hops = 0; ; hops += 1) {
    const hop = await prepare(url);
    if (body === undefined) hop.headers.delete('content-type');
    const sent = init.http.fetch(hop.url, { method, headers: hop.headers, body, redirect: 'manual', signal: init.signal });
    const response = await (hops === 0 ? sent : sent.catch((error: unknown) => refusedHop(error, url)));
    const location = response.headers.get('location');
    if (!REDIRECT_STATUSES.has(response.status) || location === null) return { response, url };
    await response.body?.cancel().catch(() => undefined);
    if (hops >= init.maxRedirects) throw new RedirectRefusedError(`more than ${init.maxRedirects} redirects, the last to ${location}`);
    url = redirectTarget(location, url);
    if (response.status === 303 || (method === 'POST' && (response.status === 301 || response.status === 302))) {
      method = 'GET';
      body = undefined;
    }
  }
}

/** A redirect hop the network policy refused, told as a refused redirect; any other failure as it was. */
function refusedHop(error: unknown, url: URL): never {
  const refusal = policyRefusalOf(error);
  if (refusal === null) throw error;
  throw new RedirectRefusedError(`a redirect to ${url}; ${refusal.message}`);
}

function redirectTarget(location: string, from: URL): URL {
  let target: URL;
  try {
    target = new URL(location, from);
  } catch {
    throw new RedirectRefusedError(`a redirect to an invalid URL: ${location}`);
  }
  if (target.protocol !== 'http:' && target.protocol !== 'https:') {
    throw new RedirectRefusedError(`a redirect to ${target.protocol} URL ${location}; only http and https are followed`);
  }
  return target;
}
