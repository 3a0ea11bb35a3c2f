import type { Auth } from '../../src/contracts/auth.js';
import type { WorkerMetrics } from '../../src/metrics/metrics.js';
import { FailureCode, httpStatusError, jobFailure } from '../failure-class.js';
import { BodyTooLargeError, RequestTimeoutError, readCappedText, withDeadline } from './bounded-fetch.js';
import { answeredText, describeNetworkError, redirectedText, snippetOf } from './failure-text.js';
import { NetworkPolicyError } from './network-policy-error.js';
import type { FetchedOAuthToken } from './oauth-token-cache.js';
import { observeRequest } from './observed-request.js';
import type { OutboundHttp, OutboundResponse } from './outbound-http.js';
import { redact } from './redact.js';

/** A token response is a few hundred bytes; anything near this is not one. */
const MAX_TOKEN_RESPONSE_BYTES = 1024 * 1024;

export type OAuth2Auth = Extract<Auth, { type: 'oauth2_client_credentials' }>;

function snippet(text: string, secrets: readonly string[]): string {
  return snippetOf(redact(text, secrets));
}

function tokenType(value: unknown): string {
  if (typeof value !== 'string' || value.trim() === '') return 'Bearer';
  const type = value.trim();
  return type.toLowerCase() === 'bearer' ? 'Bearer' : type;
}

function expiresIn(value: unknown): number | null {
  const seconds = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
  return typeof seconds === 'number' && Number.isFinite(seconds) && seconds >= 0 ? seconds : null;
}

/** Parses a successful token response: JSON, or form-encoded where the server says so. */
function parseTokenBody(text: string, contentType: string | null): unknown {
  if (contentType !== null && /application\/x-www-form-urlencoded/i.test(contentType)) {
    return Object.fromEntries(new URLSearchParams(text));
  }
  return JSON.parse(text) as unknown;
}

/** The token endpoint refused, or answered no token: no retry can fix the sync's auth. */
function refused(message: string, status?: number) {
  const error = { class: 'config' as const, code: FailureCode.AuthRefused, message };
  return jobFailure(status === undefined ? error : { ...error, http_status: status }, { nonRetryable: true });
}

/** How one token request is sent: through `http` (the network policy), within `timeoutMs`, until `signal` aborts. */
export interface TokenRequestOptions {
  http: OutboundHttp;
  timeoutMs: number;
  signal: AbortSignal;
}

/**
 * One client-credentials token request (RFC 6749 §4.4, client secret in the form body). Network
 * trouble, timeouts, 408, 429 and 5xx throw retryable transient failures; anything else that is
 * not a token fails the job at once as `auth_refused` (an address the network policy refuses as
 * `blocked_address`). `secrets` redacts every message; `metrics` counts the request.
 */
export async function requestToken(
  auth: OAuth2Auth,
  { http, timeoutMs, signal }: TokenRequestOptions,
  secrets: () => string[],
  metrics: WorkerMetrics,
): Promise<FetchedOAuthToken> {
  const form = new URLSearchParams({ grant_type: 'client_credentials', client_id: auth.client_id, client_secret: auth.client_secret });
  if (auth.scopes !== undefined && auth.scopes.length > 0) form.set('scope', auth.scopes.join(' '));
  const where = `OAuth token request to ${auth.token_url}`;
  let response: OutboundResponse;
  let text: string;
  try {
    ({ response, text } = await withDeadline(timeoutMs, signal, async (deadline) => {
      const answer = await observeRequest(
        metrics,
        'oauth',
        () =>
          http.fetch(auth.token_url, {
            method: 'POST',
            headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
            body: form.toString(),
            // The client secret goes to token_url's origin and nowhere else.
            redirect: 'manual',
            signal: deadline,
          }),
        (response) => response.status,
      );
      return { response: answer, text: await readCappedText(answer, MAX_TOKEN_RESPONSE_BYTES) };
    }));
  } catch (error) {
    if (signal.aborted) throw signal.reason;
    if (error instanceof NetworkPolicyError) {
      const message = redact(`${where}: ${error.message}`, secrets());
      throw jobFailure({ class: 'config', code: FailureCode.BlockedAddress, message }, { nonRetryable: true });
    }
    if (error instanceof BodyTooLargeError) throw refused(redact(`${where}: the answer is larger than ${error.maxBytes} bytes`, secrets()));
    const message = redact(`${where} failed: ${describeNetworkError(error)}`, secrets());
    const code = error instanceof RequestTimeoutError ? FailureCode.RequestTimeout : FailureCode.NetworkError;
    throw jobFailure({ class: 'transient', code, message }, { nonRetryable: false });
  }

  if (response.status >= 300 && response.status < 400) {
    const location = response.headers.get('location');
    throw refused(
      redact(
        `${where} ${redirectedText(response.status, response.statusText, location)}; token requests never follow redirects, so set token_url to the final URL`,
        secrets(),
      ),
      response.status,
    );
  }

  if (!response.ok) {
    const message = redact(`${where} ${answeredText(response.status, response.statusText, snippet(text, secrets()))}`, secrets());
    const answered = httpStatusError(response.status, message);
    if (answered.class === 'transient') throw jobFailure(answered, { nonRetryable: false });
    throw refused(message, response.status);
  }

  let body: unknown;
  try {
    body = parseTokenBody(text, response.headers.get('content-type'));
  } catch {
    throw refused(redact(`${where} answered ${response.status} without JSON: ${snippet(text, secrets())}`, secrets()), response.status);
  }
  const fields = body !== null && typeof body === 'object' && !Array.isArray(body) ? (body as Record<string, unknown>) : null;
  const accessToken = fields?.access_token;
  if (typeof accessToken !== 'string' || accessToken === '') {
    // The values of an object are not quoted: they may hold a token under another name.
    const error = fields !== null && typeof fields.error === 'string' ? `; error: ${fields.error}` : '';
    const description = fields !== null && typeof fields.error_description === 'string' ? ` (${fields.error_description})` : '';
    const detail = fields !== null ? `fields: ${Object.keys(fields).join(', ') || 'none'}${error}${description}` : snippet(text, secrets());
    throw refused(redact(`${where} answered ${response.status} without an access_token; ${detail}`, secrets()), response.status);
  }
  return {
    token: { accessToken, tokenType: tokenType(fields?.token_type) },
    expiresInSeconds: expiresIn(fields?.expires_in),
  };
}
