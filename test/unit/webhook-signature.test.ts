import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { signWebhook, verifyWebhookSignature } from '../../src/webhooks/signature.js';

const secret = 'test-webhook-secret-0123456789';
const rawBody = JSON.stringify({ event: 'job.finished', sync_id: 7, job_id: 42, status: 'succeeded' });
const now = 1_750_000_000;

function verify(overrides: Partial<Parameters<typeof verifyWebhookSignature>[0]> = {}): boolean {
  return verifyWebhookSignature({
    secret,
    rawBody,
    timestampHeader: String(now),
    signatureHeader: signWebhook(secret, now, rawBody),
    nowSeconds: now,
    ...overrides,
  });
}

describe('signWebhook', () => {
  it('is v1= and the hex HMAC-SHA256 of "<timestamp>.<raw body>"', () => {
    const expected = createHmac('sha256', secret).update(`${now}.${rawBody}`).digest('hex');
    expect(signWebhook(secret, now, rawBody)).toBe(`v1=${expected}`);
    expect(signWebhook(secret, now, Buffer.from(rawBody))).toBe(`v1=${expected}`);
  });

  it('refuses an empty secret and a timestamp that is not whole seconds', () => {
    expect(() => signWebhook('', now, rawBody)).toThrow(/secret/);
    expect(() => signWebhook(secret, now + 0.5, rawBody)).toThrow(/timestamp/);
  });
});

describe('verifyWebhookSignature', () => {
  it('accepts what signWebhook signed, given as string or bytes', () => {
    expect(verify()).toBe(true);
    expect(verify({ rawBody: Buffer.from(rawBody) })).toBe(true);
  });

  it('rejects a tampered body, even one that parses to the same JSON', () => {
    expect(verify({ rawBody: rawBody.replace('"succeeded"', '"failed"') })).toBe(false);
    expect(verify({ rawBody: JSON.stringify(JSON.parse(rawBody), null, 2) })).toBe(false);
  });

  it('rejects a signature made with another secret', () => {
    expect(verify({ signatureHeader: signWebhook('another-secret-0123456789', now, rawBody) })).toBe(false);
    expect(verify({ secret: 'another-secret-0123456789' })).toBe(false);
  });

  it('rejects a signature whose timestamp header was swapped for a fresh one', () => {
    const old = now - 3600;
    expect(verify({ signatureHeader: signWebhook(secret, old, rawBody), timestampHeader: String(now) })).toBe(false);
  });

  it('rejects a timestamp older than the tolerance, as a replay', () => {
    const at = now - 301;
    expect(verify({ timestampHeader: String(at), signatureHeader: signWebhook(secret, at, rawBody) })).toBe(false);
    const edge = now - 300;
    expect(verify({ timestampHeader: String(edge), signatureHeader: signWebhook(secret, edge, rawBody) })).toBe(true);
    expect(verify({ timestampHeader: String(at), signatureHeader: signWebhook(secret, at, rawBody), toleranceSeconds: 600 })).toBe(true);
  });

  it('rejects a timestamp further in the future than the tolerance', () => {
    const at = now + 301;
    expect(verify({ timestampHeader: String(at), signatureHeader: signWebhook(secret, at, rawBody) })).toBe(false);
    const edge = now + 300;
    expect(verify({ timestampHeader: String(edge), signatureHeader: signWebhook(secret, edge, rawBody) })).toBe(true);
  });

  it('checks against the clock when no nowSeconds is given', () => {
    const at = Math.floor(Date.now() / 1000);
    const signed = { timestampHeader: String(at), signatureHeader: signWebhook(secret, at, rawBody) };
    expect(verifyWebhookSignature({ secret, rawBody, ...signed })).toBe(true);
    const stale = now - 10 * 365 * 86_400;
    expect(
      verifyWebhookSignature({ secret, rawBody, timestampHeader: String(stale), signatureHeader: signWebhook(secret, stale, rawBody) }),
    ).toBe(false);
  });

  it.each([
    ['a missing timestamp', { timestampHeader: undefined }],
    ['a missing signature', { signatureHeader: null }],
    ['a non-numeric timestamp', { timestampHeader: `${now}abc` }],
    ['a repeated header', { signatureHeader: [signWebhook(secret, now, rawBody), signWebhook(secret, now, rawBody)] }],
    ['another scheme', { signatureHeader: signWebhook(secret, now, rawBody).replace('v1=', 'v0=') }],
    ['a truncated digest', { signatureHeader: signWebhook(secret, now, rawBody).slice(0, -2) }],
    ['an empty secret', { secret: '' }],
  ])('rejects %s without throwing', (_name, overrides) => {
    expect(verify(overrides)).toBe(false);
  });
});
