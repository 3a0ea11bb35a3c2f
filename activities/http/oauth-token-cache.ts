/** A cached token counts as expired this long before the server says it runs out. */
const EXPIRY_MARGIN_MS = 30_000;
/** How long a token is cached when the token endpoint does not say (no `expires_in`). */
const DEFAULT_LIFETIME_MS = 5 * 60_000;

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
