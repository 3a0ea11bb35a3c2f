// How SyncClient talks HTTP: one place for headers, the timeout, retries and turning answers into errors.
import { randomUUID } from 'node:crypto';
import type { ErrorBody } from '../contracts/errors.js';
import { apiErrorFor, SyncApiError, SyncRequestError } from './errors.js';

export interface TransportOptions {
  baseUrl: string;
  apiKey?: string;
  headers?: Record<string, string>;
  timeoutMs: number;
  retries: number;
}

export interface Call {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  path: string;
  body?: unknown;
  query?: Record<string, string | number | undefined>;
  /** Only a call that changes nothing more when sent twice is retried, so a retry never runs a job twice. */
  idempotent: boolean;
  /** Error statuses whose JSON body is the answer (`GET /readyz` answers 503 with its checks); never retried. */
  answeredBy?: readonly number[];
}

/** The first retry waits this long, each further one twice as long, never longer than MAX_DELAY_MS. */
const FIRST_DELAY_MS = 250;
const MAX_DELAY_MS = 2_000;

/** The answer of one attempt, or why none came. */
type Attempt = { response: Response; text: string } | { failure: unknown };

function isErrorBody(value: unknown): value is ErrorBody {
  return typeof value === 'object' && value !== null && 'error' in value && typeof (value as ErrorBody).error?.message === 'string';
}

function parsed(text: string): unknown {
  try {
    return text ? JSON.parse(text) : undefined;
  } catch {
    return undefined;
  }
}

function isTimeout(failure: unknown): boolean {
  return failure instanceof Error && (failure.name === 'TimeoutError' || failure.name === 'AbortError');
}

/** fetch says only "fetch failed"; its cause says why (ECONNREFUSED, a DNS failure...). */
function describe(failure: unknown): string {
  if (!(failure instanceof Error)) return String(failure);
  return failure.cause instanceof Error ? `${failure.message}: ${failure.cause.message}` : failure.message;
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

export class Transport {
  private readonly baseUrl: string;

  constructor(private readonly options: TransportOptions) {
    this.baseUrl = options.baseUrl.replace(/\/+$/, '');
  }

  async send<T>(call: Call): Promise<T> {
    // One id for every attempt of a call, so syncd's log shows its retries together.
    const requestId = randomUUID();
    const attempts = call.idempotent ? this.options.retries + 1 : 1;
    let attempt: Attempt = { failure: new Error('no attempt made') };
    for (let number = 1; number <= attempts; number += 1) {
      if (number > 1) await sleep(Math.min(FIRST_DELAY_MS * 2 ** (number - 2), MAX_DELAY_MS));
      attempt = await this.attempt(call, requestId);
      const retryable =
        'failure' in attempt ? !isTimeout(attempt.failure) : attempt.response.status === 503 && !call.answeredBy?.includes(503);
      if (!retryable) break;
    }
    return this.outcome<T>(call, requestId, attempt);
  }

  private async attempt(call: Call, requestId: string): Promise<Attempt> {
    const url = new URL(`${this.baseUrl}${call.path}`);
    for (const [name, value] of Object.entries(call.query ?? {})) {
      if (value !== undefined) url.searchParams.set(name, String(value));
    }
    const headers: Record<string, string> = {
      accept: 'application/json',
      'x-request-id': requestId,
      // syncd refuses a change not declared as JSON (415), even one without a body.
      ...(call.method === 'GET' ? {} : { 'content-type': 'application/json' }),
      ...(this.options.apiKey === undefined ? {} : { authorization: `Bearer ${this.options.apiKey}` }),
      ...this.options.headers,
    };
    try {
      // The signal bounds the body too, so a server that stalls mid-answer still times out.
      const signal = AbortSignal.timeout(this.options.timeoutMs);
      const response = await fetch(url, {
        method: call.method,
        headers,
        body: call.body === undefined ? undefined : JSON.stringify(call.body),
        signal,
      });
      return { response, text: await response.text() };
    } catch (failure) {
      return { failure };
    }
  }

  private outcome<T>(call: Call, sentId: string, attempt: Attempt): T {
    const where = `${call.method} ${call.path}`;
    if ('failure' in attempt) {
      const timedOut = isTimeout(attempt.failure);
      const reason = timedOut ? `no answer within ${this.options.timeoutMs} ms` : describe(attempt.failure);
      throw new SyncRequestError(`${where}: ${reason}`, timedOut, sentId, { cause: attempt.failure });
    }
    const { response, text } = attempt;
    const requestId = response.headers.get('x-request-id') ?? sentId;
    const payload = parsed(text);
    if ((response.ok || call.answeredBy?.includes(response.status)) && (payload !== undefined || text === '')) return payload as T;
    if (isErrorBody(payload)) {
      const { code, message, details } = payload.error;
      throw apiErrorFor(response.status, code, message, details, requestId);
    }
    throw new SyncApiError(response.status, 'internal_error', `${where} answered ${response.status}: ${text.slice(0, 200)}`, [], requestId);
  }
}
