// Zod-free, like job.ts: what POST /v1/syncs/preview answers, shared by the API, the SDK and the
// fetcher that builds it (activities/preview-fetch.ts). The SDK publishes these types, so no zod here.
import type { JobError } from './job-error.js';

/** Most pages one preview fetches. */
export const PREVIEW_MAX_PAGES = 3;

/**
 * A whole preview (every page, OAuth token included) answers within this; a request still waiting
 * then fails as a request timeout. Below the 30 s a client (and the schemathesis run) waits for an answer.
 */
export const PREVIEW_TIME_LIMIT_MS = 20_000;

/** A page request as syncd would send it, without credentials and with secret values shown as "***". */
export interface PreviewRequest {
  method: 'GET' | 'POST';
  /** The sync's URL with its query_params, or the URL the API handed over (next_url, Link). */
  url: string;
  /** Paging's own params: in the query for GET, in the JSON body for POST. */
  params: Record<string, string | number>;
}

/** One page request of the preview, answered or not. */
export interface PreviewPage {
  request: PreviewRequest;
  /** The final answer's status (after redirects); null when none came (network error, timeout, refused address). */
  http_status: number | null;
  /** From sending the request to the end of its body, OAuth token and redirects included. */
  duration_ms: number;
  /** Records on this page, as the job would count them (max_total applied). */
  records: number;
}

/** A record as the job would store it: its unique key as text and its data (secrets masked). */
export interface PreviewRecord {
  key: string;
  data: unknown;
}

export type PreviewResult =
  | {
      ok: true;
      pages: PreviewPage[];
      records: PreviewRecord[];
      /** True when records were left out of the answer to keep it under SYNCD_MAX_RESPONSE_BYTES. */
      records_truncated: boolean;
      /** The request that would fetch the next page; null when paging would stop here. */
      next_request: PreviewRequest | null;
    }
  | {
      ok: false;
      /** What a job would fail with: the same class and code. */
      error: JobError;
      pages: PreviewPage[];
    };
