/**
 * How every outbound request of syncd (pages, OAuth tokens, webhooks) words its failures, so a job
 * error, a token error and a webhook attempt read alike. Text only: callers redact it afterwards.
 */

/** A snippet shows this many characters of a body, whitespace collapsed. */
const SNIPPET_CHARS = 300;
/** Only this much of a text is looked at for its snippet: enough even for whitespace-heavy HTML. */
const SNIPPET_SOURCE_CHARS = 4096;

/** The start of a body for an error message: whitespace collapsed, cut at 300 characters. */
export function snippetOf(text: string): string {
  const clean = text.slice(0, SNIPPET_SOURCE_CHARS).replace(/\s+/g, ' ').trim();
  return clean.length > SNIPPET_CHARS ? `${clean.slice(0, SNIPPET_CHARS)}…` : clean;
}

/** What a request whose deadline passed is told: the deadline covers the whole body, hence "complete". */
export function noAnswerWithin(timeoutMs: number): string {
  return `no complete answer within ${timeoutMs} ms`;
}

/** undici says only "fetch failed"; the reason (ECONNREFUSED, a DNS or TLS failure...) is its cause. */
export function describeNetworkError(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const cause: unknown = error.cause;
  if (!(cause instanceof Error)) return error.message;
  const code = (cause as { code?: unknown }).code;
  return `${error.message} (${cause.message || (typeof code === 'string' ? code : cause.name)})`;
}

/** "answered 404 Not Found: <snippet>"; the reason phrase and the snippet only where there are some. */
export function answeredText(status: number, statusText: string, snippet: string): string {
  const answered = `answered ${status} ${statusText}`.trim();
  return snippet === '' ? answered : `${answered}: ${snippet}`;
}

/** "answered 302 Found to <location>": a redirect syncd did not follow; the caller says why. */
export function redirectedText(status: number, statusText: string, location: string | null): string {
  return `${answeredText(status, statusText, '')}${location ? ` to ${location}` : ''}`;
}
