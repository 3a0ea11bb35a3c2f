// Webhook signing, shared by the worker that sends deliveries and the receivers that verify them.
import { createHmac, timingSafeEqual } from 'node:crypto';

/** The version prefix of `X-Syncd-Signature`; a new scheme would get a new prefix, not a new header. */
const SCHEME = 'v1';

/** Header names, as sent; HTTP header names are case-insensitive, Node lowercases them on receipt. */
export const WEBHOOK_TIMESTAMP_HEADER = 'X-Syncd-Timestamp';
export const WEBHOOK_SIGNATURE_HEADER = 'X-Syncd-Signature';

export const DEFAULT_WEBHOOK_TOLERANCE_SECONDS = 300;

function digest(secret: string, timestampSeconds: number, rawBody: string | Uint8Array): Buffer {
  return createHmac('sha256', secret).update(`${timestampSeconds}.`).update(rawBody).digest();
}

/**
 * The `X-Syncd-Signature` value for a body sent at `timestampSeconds`: `v1=` and the hex
 * HMAC-SHA256 of `${timestamp}.${rawBody}`. The timestamp is signed too, so it cannot be swapped
 * to replay an old delivery.
 */
export function signWebhook(secret: string, timestampSeconds: number, rawBody: string | Uint8Array): string {
  if (secret.length === 0) throw new Error('a webhook secret must not be empty');
  if (!Number.isSafeInteger(timestampSeconds)) throw new Error('a webhook timestamp is whole unix seconds');
  return `${SCHEME}=${digest(secret, timestampSeconds, rawBody).toString('hex')}`;
}

export interface VerifyWebhookOptions {
  secret: string;
  /** The body exactly as received: parsing and re-serialising JSON changes the bytes. */
  rawBody: string | Uint8Array;
  timestampHeader: string | string[] | null | undefined;
  signatureHeader: string | string[] | null | undefined;
  /** How far the timestamp may be from now, either way; older deliveries count as replays. */
  toleranceSeconds?: number;
  nowSeconds?: number;
}

/**
 * True when a delivery was signed with `secret` at a time within the tolerance of now. Compares
 * in constant time, so a receiver does not leak how much of a forged signature was right.
 */
export function verifyWebhookSignature({
  secret,
  rawBody,
  timestampHeader,
  signatureHeader,
  toleranceSeconds = DEFAULT_WEBHOOK_TOLERANCE_SECONDS,
  nowSeconds = Math.floor(Date.now() / 1000),
}: VerifyWebhookOptions): boolean {
  if (secret.length === 0 || typeof timestampHeader !== 'string' || typeof signatureHeader !== 'string') return false;
  if (!/^\d{1,15}$/.test(timestampHeader.trim())) return false;
  const timestamp = Number(timestampHeader.trim());
  if (Math.abs(nowSeconds - timestamp) > toleranceSeconds) return false;
  const match = /^v1=([0-9a-f]{64})$/i.exec(signatureHeader.trim());
  if (!match) return false;
  const given = Buffer.from(match[1]!, 'hex');
  return timingSafeEqual(given, digest(secret, timestamp, rawBody));
}
