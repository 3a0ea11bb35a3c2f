import { createHash } from 'node:crypto';
import type { Auth } from '../../src/contracts/auth.js';
import type { WorkerMetrics } from '../../src/metrics/metrics.js';
import type { FetchedOAuthToken, OAuthTokenCache } from './oauth-token-cache.js';
import { type OAuth2Auth, requestToken } from './oauth-token-request.js';
import type { OutboundHttp } from './outbound-http.js';

/** Adds a sync's credentials to its requests; one per job attempt. */
export interface Authenticator {
  /** Adds credentials to a request about to be sent (may fetch an OAuth token first). */
  apply(url: URL, headers: Headers, signal: AbortSignal): Promise<void>;
  /** After a 401: true when fresh credentials were obtained and the request should be sent once more. */
  refresh(signal: AbortSignal): Promise<boolean>;
  /** Every secret value in play, so that messages can be redacted before they reach a log or Temporal. */
  secretValues(): string[];
}

const noAuthentication: Authenticator = {
  apply: async () => undefined,
  refresh: async () => false,
  secretValues: () => [],
};

function sha256(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

/** One cached token per endpoint, client, scopes and secret; the secret only hashed, so keys hold none. */
function cacheKey(auth: OAuth2Auth): string {
  return JSON.stringify([auth.token_url, auth.client_id, auth.scopes ?? [], sha256(auth.client_secret)]);
}

export interface AuthenticatorOptions {
  /** Sends OAuth token requests, through the worker's network policy. */
  http: OutboundHttp;
  /** Covers each OAuth token request, like a page request. */
  timeoutMs: number;
  /** The worker's tokens, shared by all its jobs. */
  tokenCache: OAuthTokenCache;
  /** Counts token requests. */
  metrics: WorkerMetrics;
}

/** Sends the cached token of `auth`; after a 401 fetches a new one, once. */
function oauth2Authenticator(auth: OAuth2Auth, options: AuthenticatorOptions): Authenticator {
  const cache = options.tokenCache;
  const key = cacheKey(auth);
  /** Every access token this authenticator has seen, so that none can leak through a message. */
  const seen = new Set<string>();
  let lastUsed: string | undefined;
  const secretValues = (): string[] => {
    const current = cache.peek(key)?.accessToken;
    return [...new Set([auth.client_secret, ...seen, ...(current === undefined ? [] : [current])])];
  };
  const request = (signal: AbortSignal): Promise<FetchedOAuthToken> =>
    requestToken(auth, { http: options.http, timeoutMs: options.timeoutMs, signal }, secretValues, options.metrics);
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
export function createAuthenticator(auth: Auth | null, options: AuthenticatorOptions): Authenticator {
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
