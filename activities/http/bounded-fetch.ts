/**
 * What every outbound request of syncd shares (pages, OAuth tokens, webhooks): a deadline that
 * always fires and covers the whole body, byte-capped body reads, and readable failure messages.
 */

/** The deadline of `withDeadline` passed before the answer was complete. */
export class RequestTimeoutError extends Error {
  constructor(readonly timeoutMs: number) {
    super(`no complete answer within ${timeoutMs} ms`);
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
export async function readCapped(response: Response, maxBytes: number): Promise<Buffer> {
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
export async function readCappedText(response: Response, maxBytes: number): Promise<string> {
  return new TextDecoder().decode(await readCapped(response, maxBytes));
}

/** Reads chunks until the stream ends or more than `maxBytes` arrived; always releases the stream. */
async function* limitedChunks(response: Response, maxBytes: number): AsyncGenerator<Uint8Array> {
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

const SNIPPET_BYTES = 4096;
const SNIPPET_CHARS = 300;

/** The start of a body, whitespace collapsed, for an error message; reads at most 4 KiB of it. */
export async function bodySnippet(response: Response): Promise<string> {
  const chunks: Uint8Array[] = [];
  try {
    for await (const chunk of limitedChunks(response, SNIPPET_BYTES)) chunks.push(chunk);
  } catch {
    // A body that fails mid-read still gives what arrived; the status is the news.
  }
  return snippetOf(new TextDecoder().decode(Buffer.concat(chunks).subarray(0, SNIPPET_BYTES)));
}

/** `text` shortened for an error message. */
export function snippetOf(text: string): string {
  const clean = text.replace(/\s+/g, ' ').trim();
  return clean.length > SNIPPET_CHARS ? `${clean.slice(0, SNIPPET_CHARS)}…` : clean;
}

/** undici says only "fetch failed"; the reason (ECONNREFUSED, a DNS or TLS failure...) is its cause. */
export function describeNetworkError(error: unknown): string {
  if (error instanceof RequestTimeoutError) return error.message;
  if (!(error instanceof Error)) return String(error);
  const cause: unknown = error.cause;
  if (!(cause instanceof Error)) return error.message;
  const code = (cause as { code?: unknown }).code;
  return `${error.message} (${cause.message || (typeof code === 'string' ? code : cause.name)})`;
}
