import { ApplicationFailure } from '@temporalio/common';
import { ErrorCode } from '../../src/contracts/errors.js';
import type { Paging } from '../../src/contracts/paging.js';
import { valueAtPath } from './dot-path.js';
import { nextLink } from './link-header.js';
import { fingerprint } from './repeat-guard.js';

/** Fingerprints already met: a `RepeatGuard` in a job (bounded), any Set in tests. */
export interface SeenFingerprints {
  has(print: string): boolean;
  add(print: string): void;
}

/**
 * Which page to ask for: the sync's own URL (null) or one the API handed us, plus paging params.
 * Plain JSON, so it can be a heartbeat checkpoint.
 */
export interface PageRequest {
  url: string | null;
  params: Record<string, string | number>;
}

export interface ReceivedPage {
  requestUrl: string;
  body: unknown;
  records: unknown[];
  linkHeader: string | null;
}

export function firstPage(paging: Paging): PageRequest {
  switch (paging.type) {
    case 'offset':
      return { url: null, params: { [paging.offset_param]: 0, [paging.limit_param]: paging.limit } };
    case 'page':
      return {
        url: null,
        params: { [paging.page_param]: 1, ...(paging.limit_param && paging.limit ? { [paging.limit_param]: paging.limit } : {}) },
      };
    case 'none':
    case 'cursor':
    case 'cursor_from_last_record':
    case 'next_url':
    case 'link_header':
      return { url: null, params: {} };
  }
}

function present(value: unknown): string | null {
  return value === undefined || value === null || value === '' ? null : String(value);
}

/**
 * The page after `received`, or null when paging is over: an empty page always ends it, as does a
 * missing next cursor or URL. `seen` holds fingerprints of the cursors and URLs used so far, to
 * catch an API that hands one back twice.
 */
export function nextPage(paging: Paging, current: PageRequest, received: ReceivedPage, seen: SeenFingerprints): PageRequest | null {
  if (received.records.length === 0) return null;
  switch (paging.type) {
    case 'none':
      return null;
    case 'offset': {
      const offset = Number(current.params[paging.offset_param] ?? 0) + received.records.length;
      return { url: null, params: { ...current.params, [paging.offset_param]: offset } };
    }
    case 'page':
      return { url: null, params: { ...current.params, [paging.page_param]: Number(current.params[paging.page_param] ?? 1) + 1 } };
    case 'cursor': {
      const cursor = present(valueAtPath(received.body, paging.next_cursor_path));
      if (cursor === null) return null;
      rejectRepeat(seen, cursor, `cursor "${cursor}" at ${paging.next_cursor_path}`);
      return { url: null, params: { [paging.cursor_param]: cursor } };
    }
    case 'cursor_from_last_record': {
      const cursor = present(valueAtPath(received.records.at(-1), paging.cursor_field));
      if (cursor === null) return null;
      rejectRepeat(seen, cursor, `cursor "${cursor}" from the last record's ${paging.cursor_field}`);
      return { url: null, params: { [paging.cursor_param]: cursor } };
    }
    case 'next_url': {
      const next = present(valueAtPath(received.body, paging.next_url_path));
      if (next === null) return null;
      const url = new URL(next, received.requestUrl).toString();
      rejectRepeat(seen, url, `next URL ${url} at ${paging.next_url_path}`);
      return { url, params: {} };
    }
    case 'link_header': {
      const url = nextLink(received.linkHeader, received.requestUrl);
      if (url === null) return null;
      rejectRepeat(seen, url, `next link ${url}`);
      return { url, params: {} };
    }
  }
}

/** `seen` keeps fingerprints, not the values: it is checkpointed, and a next URL may carry a key. */
function rejectRepeat(seen: SeenFingerprints, value: string, what: string): void {
  const print = fingerprint(value);
  if (seen.has(print)) {
    throw ApplicationFailure.nonRetryable(
      `the API returned the same ${what} twice; stopping instead of looping forever`,
      ErrorCode.JobResponse,
    );
  }
  seen.add(print);
}

/**
 * Fails the job when a page holds exactly the records of a recent page (`print`, see
 * `inspectRecords`): an API that ignores the offset, page or cursor it is sent would otherwise be
 * fetched again and again until max_total, or for hours.
 */
export function rejectRepeatedPage(seen: SeenFingerprints, print: string, pageNumber: number): void {
  if (seen.has(print)) {
    throw ApplicationFailure.nonRetryable(
      `page ${pageNumber} holds the same records as an earlier page: the API seems to ignore the paging params; stopping instead of looping`,
      ErrorCode.JobResponse,
    );
  }
  seen.add(print);
}
