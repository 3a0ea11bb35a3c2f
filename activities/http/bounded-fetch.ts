/**
 * What every outbound request of syncd shares (pages, OAuth tokens, webhooks): a deadline that
 * always fires and covers the whole body, and byte-capped body reads. Their wording is in
 * `failure-text.ts`.
 */
import { noAnswerWithin, snippetOf } from './failure-text.js';
import type { OutboundResponse } from './outbound-http.js';

/** What the body readers need of a response. */
type WithBody = Pick<OutboundResponse, 'body'>;

/** The deadline of `withDeadline` passed before the answer was complete. */
export class RequestTimeoutError extends Error {
  constructor(readonly timeoutMs: number) {
    super(noAnswerWithin(timeoutMs));
    this.name = 'RequestTimeoutError';
  }
}

/** A body grew past its byte cap (counted after decompression); reading stopped there. */
export class BodyTooLargeError extends Error {
  constructor(readonly maxBytes: number) {
    super(`the response body is larger than ${maxBytes} bytes`);
    this.name = 'BodyTooLargeError';
  }
}

/**
 * Runs `work` with a signal that aborts after `timeoutMs` or when `cancellation` aborts, and
 * throws `RequestTimeoutError` on the deadline or `cancellation.reason` on cancellation. The signal
 * must cover the body read too, so callers read the body inside `work`.
 *
 * A timer of our own rather than `AbortSignal.any([..., AbortSignal.timeout()])`: on Node 20 the
 * combined signal can be garbage-collected mid-request and then never fires, so an endless body
 * was read forever. The timer holds the controller until it is cleared.
 */
export async function withDeadline<T>(timeoutMs: number, cancellation: AbortSignal, work: (signal: AbortSignal) => Promise<T>): Promise<T> {
  cancellation.throwIfAborted();
  const controller = new AbortController();
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    controller.abort(new RequestTimeoutError(timeoutMs));
  }, timeoutMs);
  const onCancel = (): void => controller.abort(cancellation.reason);
  cancellation.addEventListener('abort', onCancel, { once: true });
  try {
    return await work(controller.signal);
  } catch (error) {
    if (cancellation.aborted) throw cancellation.reason;
    if (timedOut) throw new RequestTimeoutError(timeoutMs);
    throw error;
  } finally {
    clearTimeout(timer);
    cancellation.removeEventListener('abort', onCancel);
  }
}

/**
 * The body's bytes, or `BodyTooLargeError` as soon as they pass `maxBytes`: the stream is
 * cancelled there, so a gzip bomb or an endless body costs at most `maxBytes` of memory.
 */
export async function readCapped(response: WithBody, maxBytes: number): Promise<Buffer> {
  const chunks: Uint8Array[] = [];
  let total = 0;
  for await (const chunk of limitedChunks(response, maxBytes)) {
    total += chunk.byteLength;
    if (total > maxBytes) throw new BodyTooLargeError(maxBytes);
    chunks.push(chunk);
  }
  return Buffer.concat(chunks, total);
}

/** The body as UTF-8 text (a BOM dropped, as `Response.text()` does), capped like `readCapped`. */
export async function readCappedText(response: WithBody, maxBytes: number): Promise<string> {
  return new TextDecoder().decode(await readCapped(response, maxBytes));
}

/** Reads chunks until the stream ends or more than `maxBytes` arrived; always releases the stream. */
async function* limitedChunks(response: WithBody, maxBytes: number): AsyncGenerator<Uint8Array> {
  if (response.body === null) return;
  const reader = response.body.getReader();
  let total = 0;
  let done = false;
  try {
    while (total <= maxBytes) {
      const next = await reader.read();
      if (next.done) {
        done = true;
        return;
      }
      total += next.value.byteLength;
      yield next.value;
    }
  } finally {
    if (!done) await reader.cancel().catch(() => undefined);
  }
}

/** An error body is read this far for its snippet: a failure's message needs only its start. */
const SNIPPET_BYTES = 4096;

/** The start of an error body for a message (`snippetOf`); reads at most 4 KiB of it. */
export async function bodySnippet(response: WithBody): Promise<string> {
  const chunks: Uint8Array[] = [];
  try {
    for await (const chunk of limitedChunks(response, SNIPPET_BYTES)) chunks.push(chunk);
  } catch {
    // A body that fails mid-read still gives what arrived; the status is the news.
  }
  return snippetOf(new TextDecoder().decode(Buffer.concat(chunks).subarray(0, SNIPPET_BYTES)));
}
