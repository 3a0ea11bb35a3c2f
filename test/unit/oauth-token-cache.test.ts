import { describe, expect, it } from 'vitest';
import { type FetchedOAuthToken, OAuthTokenCache } from '../../activities/http/oauth-token-cache.js';
import { rejectionOf } from '../helpers/thrown-by.js';

const never = new AbortController().signal;

/** A clock the test moves by hand. */
function clock(start = 1_000_000) {
  let now = start;
  return { now: () => now, advance: (ms: number) => (now += ms) };
}

/** A token request the test answers by hand; `calls` counts requests and keeps their signals. */
function pendingRequests() {
  const calls: { signal: AbortSignal; answer: (token: FetchedOAuthToken) => void; fail: (error: Error) => void }[] = [];
  const request = (signal: AbortSignal) =>
    new Promise<FetchedOAuthToken>((resolve, reject) => {
      calls.push({ signal, answer: resolve, fail: reject });
    });
  return { calls, request };
}

const fetched = (accessToken: string, expiresInSeconds: number | null = 3600): FetchedOAuthToken => ({
  token: { accessToken, tokenType: 'Bearer' },
  expiresInSeconds,
});

describe('OAuthTokenCache', () => {
  it('keeps a token until 30 s before it expires, measured from when it was requested', async () => {
    const time = clock();
    const cache = new OAuthTokenCache({ now: time.now });
    const { calls, request } = pendingRequests();
    const getting = cache.get('k', never, request);
    time.advance(10_000);
    calls[0]!.answer(fetched('tok-1', 100));
    expect((await getting).accessToken).toBe('tok-1');
    time.advance(59_999);
    expect(cache.peek('k')?.accessToken).toBe('tok-1');
    time.advance(1);
    expect(cache.peek('k')).toBeUndefined();
  });

  it('does not cache a token whose lifetime is shorter than the margin, yet hands it to its callers', async () => {
    const cache = new OAuthTokenCache({ now: clock().now });
    const { calls, request } = pendingRequests();
    const getting = cache.get('k', never, request);
    calls[0]!.answer(fetched('short', 20));
    expect((await getting).accessToken).toBe('short');
    expect(cache.peek('k')).toBeUndefined();
  });

  it('does not cache a failed request: the next caller asks again', async () => {
    const cache = new OAuthTokenCache({ now: clock().now });
    const { calls, request } = pendingRequests();
    const first = cache.get('k', never, request);
    calls[0]!.fail(new Error('token endpoint down'));
    expect(((await rejectionOf(first)) as Error).message).toBe('token endpoint down');
    const second = cache.get('k', never, request);
    expect(calls).toHaveLength(2);
    calls[1]!.answer(fetched('tok-2'));
    expect((await second).accessToken).toBe('tok-2');
  });

  it('invalidate with an access token keeps a newer token another caller fetched meanwhile', async () => {
    const cache = new OAuthTokenCache({ now: clock().now });
    const { calls, request } = pendingRequests();
    const first = cache.get('k', never, request);
    calls[0]!.answer(fetched('newer'));
    await first;
    cache.invalidate('k', 'older');
    expect(cache.peek('k')?.accessToken).toBe('newer');
    cache.invalidate('k', 'newer');
    expect(cache.peek('k')).toBeUndefined();
  });

  it('aborts the shared request only once every caller waiting for it has given up', async () => {
    const cache = new OAuthTokenCache({ now: clock().now });
    const { calls, request } = pendingRequests();
    const one = new AbortController();
    const two = new AbortController();
    const first = cache.get('k', one.signal, request);
    const second = cache.get('k', two.signal, request);
    expect(calls).toHaveLength(1);
    one.abort(new Error('first gave up'));
    expect(((await rejectionOf(first)) as Error).message).toBe('first gave up');
    expect(calls[0]!.signal.aborted).toBe(false);
    two.abort(new Error('second gave up'));
    expect(((await rejectionOf(second)) as Error).message).toBe('second gave up');
    expect(calls[0]!.signal.aborted).toBe(true);
    // The abandoned request is forgotten: the next caller starts a fresh one.
    void cache.get('k', never, request);
    expect(calls).toHaveLength(2);
  });

  it('rejects at once for a caller whose signal is already aborted, asking nothing', async () => {
    const cache = new OAuthTokenCache({ now: clock().now });
    const { calls, request } = pendingRequests();
    const aborted = new AbortController();
    aborted.abort(new Error('too late'));
    expect(((await rejectionOf(cache.get('k', aborted.signal, request))) as Error).message).toBe('too late');
    expect(calls).toHaveLength(0);
  });
});
