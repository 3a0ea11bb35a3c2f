import { createHash } from 'node:crypto';
import { ApplicationFailure } from '@temporalio/common';
import type { Auth } from '../../src/contracts/auth.js';
import { ErrorCode } from '../../src/contracts/errors.js';
import { noAuthentication, type Authenticator } from './authenticator.js';
import { BodyTooLargeError, describeNetworkError, readCappedText, snippetOf, withDeadline } from './bounded-fetch.js';
import { redact } from './redact.js';

/** A cached token counts as expired this long before the server says it runs out. */
const EXPIRY_MARGIN_MS = 30_000;
/** How long a token is cached when the token endpoint does not say (no `expires_in`). */
const DEFAULT_LIFETIME_MS = 5 * 60_000;
/** A token response is a few hundred bytes; anything near this is not one. */
const MAX_TOKEN_RESPONSE_BYTES = 1024 * 1024;

type OAuth2Auth = Extract<Auth, { type: 'oauth2_client_credentials' }>;

/** An OAuth 2 access token, sent as `Authorization: <tokenType> <accessToken>`. */
export interface OAuthToken {
  readonly accessToken: string;
  readonly tokenType: string;
}

/** What one token request gave: the token and its lifetime as the server stated it (null: not stated). */
export interface FetchedOAuthToken {
  readonly token: OAuthToken;
  readonly expiresInSeconds: number | null;
}

interface CacheEntry {
  readonly token: OAuthToken;
  /** Epoch ms from which the token is no longer handed out. */
  readonly validUntil: number;
}

interface InFlight {
  readonly promise: Promise<OAuthToken>;
  readonly controller: AbortController;
  waiters: number;
}

/**
 * OAuth 2 access tokens of one worker process, shared by all its jobs. Keys come from
 * `createAuthenticator` (token_url + client_id + scopes + SHA-256 of client_secret). Concurrent
 * callers for one key share a single in-flight token request; that request is aborted only when
 * every caller waiting for it has given up.
 */
export class OAuthTokenCache {
  private readonly now: () => number;
  private readonly entries = new Map<string, CacheEntry>();
  private readonly inFlight = new Map<string, InFlight>();

  constructor(options: { now?: () => number } = {}) {
    this.now = options.now ?? Date.now;
  }

  /** The cached token for `key` while it is still valid. */
  peek(key: string): OAuthToken | undefined {
    const entry = this.entries.get(key);
    if (entry === undefined) return undefined;
    if (this.now() < entry.validUntil) return entry.token;
    this.entries.delete(key);
    return undefined;
  }

  /** Drops the cached token for `key`; given `accessToken`, only while that is still the cached one. */
  invalidate(key: string, accessToken?: string): void {
    const entry = this.entries.get(key);
    if (entry !== undefined && (accessToken === undefined || entry.token.accessToken === accessToken)) this.entries.delete(key);
  }

  /**
   * A valid cached token for `key`; else joins the request in flight for `key`; else starts one with
   * `request` and caches what it gives. Rejects with `signal.reason` as soon as `signal` aborts.
   */
  async get(key: string, signal: AbortSignal, request: (signal: AbortSignal) => Promise<FetchedOAuthToken>): Promise<OAuthToken> {
    signal.throwIfAborted();
    const cached = this.peek(key);
    if (cached !== undefined) return cached;
    const flight = this.inFlight.get(key) ?? this.start(key, request);
    return this.wait(key, flight, signal);
  }

  private start(key: string, request: (signal: AbortSignal) => Promise<FetchedOAuthToken>): InFlight {
    const controller = new AbortController();
    const startedAt = this.now();
    const promise: Promise<OAuthToken> = request(controller.signal)
      .then(({ token, expiresInSeconds }) => {
        const validUntil =
          expiresInSeconds === null ? startedAt + DEFAULT_LIFETIME_MS : startedAt + expiresInSeconds * 1000 - EXPIRY_MARGIN_MS;
        this.prune();
        if (validUntil > this.now()) this.entries.set(key, { token, validUntil });
        return token;
      })
      .finally(() => {
        if (this.inFlight.get(key)?.promise === promise) this.inFlight.delete(key);
      });
    // Every waiter may have given up already; nobody else is to hear of the failure.
    promise.catch(() => undefined);
    const flight: InFlight = { promise, controller, waiters: 0 };
    this.inFlight.set(key, flight);
    return flight;
  }

  private wait(key: string, flight: InFlight, signal: AbortSignal): Promise<OAuthToken> {
    flight.waiters += 1;
    return new Promise<OAuthToken>((resolve, reject) => {
      const onAbort = (): void => {
        flight.waiters -= 1;
        if (flight.waiters === 0) {
          if (this.inFlight.get(key) === flight) this.inFlight.delete(key);
          flight.controller.abort(signal.reason);
        }
        reject(signal.reason);
      };
      signal.addEventListener('abort', onAbort, { once: true });
      flight.promise.then(
        (token) => {
          signal.removeEventListener('abort', onAbort);
          resolve(token);
        },
        (error: unknown) => {
          signal.removeEventListener('abort', onAbort);
          reject(error);
        },
      );
    });
  }

  private prune(): void {
    const now = this.now();
    for (const [key, entry] of this.entries) if (entry.validUntil <= now) this.entries.delete(key);
  }
}

function sha256(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

function cacheKey(auth: OAuth2Auth): string {
  return JSON.stringify([auth.token_url, auth.client_id, auth.scopes ?? [], sha256(auth.client_secret)]);
}

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

/** One client-credentials token request (RFC 6749 §4.4, client secret in the form body). */
async function requestToken(auth: OAuth2Auth, timeoutMs: number, signal: AbortSignal, secrets: () => string[]): Promise<FetchedOAuthToken> {
  const form = new URLSearchParams({ grant_type: 'client_credentials', client_id: auth.client_id, client_secret: auth.client_secret });
  if (auth.scopes !== undefined && auth.scopes.length > 0) form.set('scope', auth.scopes.join(' '));
  const where = `OAuth token request to ${auth.token_url}`;
  let response: Response;
  let text: string;
  try {
    ({ response, text } = await withDeadline(timeoutMs, signal, async (deadline) => {
      const answer = await fetch(auth.token_url, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
        body: form.toString(),
        // The client secret goes to token_url's origin and nowhere else.
        redirect: 'manual',
        signal: deadline,
      });
      return { response: answer, text: await readCappedText(answer, MAX_TOKEN_RESPONSE_BYTES) };
    }));
  } catch (error) {
    if (signal.aborted) throw signal.reason;
    if (error instanceof BodyTooLargeError) {
      throw ApplicationFailure.nonRetryable(redact(`${where}: the answer is larger than ${error.maxBytes} bytes`, secrets()), ErrorCode.JobConfiguration);
    }
    throw new Error(redact(`${where} failed: ${describeNetworkError(error)}`, secrets()));
  }

  if (response.status >= 300 && response.status < 400) {
    const location = response.headers.get('location');
    throw ApplicationFailure.nonRetryable(
      redact(`${where} answered ${response.status} ${response.statusText}${location ? ` to ${location}` : ''}; token requests never follow redirects, so set token_url to the final URL`, secrets()),
      ErrorCode.JobConfiguration,
    );
  }

  if (!response.ok) {
    const message = redact(`${where} answered ${response.status} ${response.statusText}: ${snippet(text, secrets())}`, secrets());
    if (response.status === 408 || response.status === 429 || response.status >= 500) throw new Error(message);
    throw ApplicationFailure.nonRetryable(message, ErrorCode.JobConfiguration);
  }

  let body: unknown;
  try {
    body = parseTokenBody(text, response.headers.get('content-type'));
  } catch {
    throw ApplicationFailure.nonRetryable(
      redact(`${where} answered ${response.status} without JSON: ${snippet(text, secrets())}`, secrets()),
      ErrorCode.JobConfiguration,
    );
  }
  const fields = body !== null && typeof body === 'object' && !Array.isArray(body) ? (body as Record<string, unknown>) : null;
  const accessToken = fields?.access_token;
  if (typeof accessToken !== 'string' || accessToken === '') {
    // The values of an object are not quoted: they may hold a token under another name.
    const error = fields !== null && typeof fields.error === 'string' ? `; error: ${fields.error}` : '';
    const description = fields !== null && typeof fields.error_description === 'string' ? ` (${fields.error_description})` : '';
    const detail = fields !== null ? `fields: ${Object.keys(fields).join(', ') || 'none'}${error}${description}` : snippet(text, secrets());
    throw ApplicationFailure.nonRetryable(
      redact(`${where} answered ${response.status} without an access_token; ${detail}`, secrets()),
      ErrorCode.JobConfiguration,
    );
  }
  return {
    token: { accessToken, tokenType: tokenType(fields?.token_type) },
    expiresInSeconds: expiresIn(fields?.expires_in),
  };
}

function oauth2Authenticator(auth: OAuth2Auth, options: { timeoutMs: number; tokenCache: OAuthTokenCache }): Authenticator {
  const cache = options.tokenCache;
  const key = cacheKey(auth);
  /** Every access token this authenticator has seen, so that none can leak through a message. */
  const seen = new Set<string>();
  let lastUsed: string | undefined;
  const secretValues = (): string[] => {
    const current = cache.peek(key)?.accessToken;
    return [...new Set([auth.client_secret, ...seen, ...(current === undefined ? [] : [current])])];
  };
  const request = (signal: AbortSignal): Promise<FetchedOAuthToken> => requestToken(auth, options.timeoutMs, signal, secretValues);
  return {
    async apply(_url, headers, signal) {
      const token = await cache.get(key, signal, request);
      seen.add(token.accessToken);
      lastUsed = token.accessToken;
      headers.set('authorization', `${token.tokenType} ${token.accessToken}`);
    },
    async refresh(signal) {
      // Keep a token another job fetched since ours was sent: that one is fresh already.
      cache.invalidate(key, lastUsed);
      const token = await cache.get(key, signal, request);
      seen.add(token.accessToken);
      return true;
    },
    secretValues,
  };
}

function staticAuthenticator(apply: (url: URL, headers: Headers) => void, secrets: string[]): Authenticator {
  return {
    apply: async (url, headers) => apply(url, headers),
    refresh: async () => false,
    secretValues: () => [...secrets],
  };
}

/** The authenticator of one job attempt: adds `auth` to each request, as a header or query parameter. */
export function createAuthenticator(auth: Auth | null, options: { timeoutMs: number; tokenCache: OAuthTokenCache }): Authenticator {
  if (auth === null) return noAuthentication;
  switch (auth.type) {
    case 'bearer':
      return staticAuthenticator((_url, headers) => headers.set('authorization', `Bearer ${auth.token}`), [auth.token]);
    case 'basic': {
      const encoded = Buffer.from(`${auth.username}:${auth.password}`, 'utf8').toString('base64');
      return staticAuthenticator((_url, headers) => headers.set('authorization', `Basic ${encoded}`), [auth.password, encoded]);
    }
    case 'api_key':
      return staticAuthenticator(
        (url, headers) => (auth.in === 'query' ? url.searchParams.set(auth.name, auth.value) : headers.set(auth.name, auth.value)),
        [auth.value],
      );
    case 'oauth2_client_credentials':
      return oauth2Authenticator(auth, options);
    default: {
      const unknown: never = auth;
      throw new Error(`unknown auth type ${(unknown as { type: string }).type}`);
    }
  }
}
