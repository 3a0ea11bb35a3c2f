import { ApplicationFailure } from '@temporalio/common';
import { ErrorCode } from '../../src/contracts/errors.js';
import type { Paging } from '../../src/contracts/paging.js';
import { valueAtPath } from './dot-path.js';
import { nextLink } from './link-header.js';

/** Which page to ask for: the sync's own URL (null) or one the API handed us, plus paging params. */
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
    case 'none':
    case 'cursor':
    case 'link_header':
      return { url: null, params: {} };
  }
}

/**
 * The page after `received`, or null when paging is over: an empty page always ends it, as does a
 * missing next cursor or link. `seenCursors` catches an API that hands back a cursor twice.
 */
export function nextPage(paging: Paging, current: PageRequest, received: ReceivedPage, seenCursors: Set<string>): PageRequest | null {
  if (received.records.length === 0) return null;
  switch (paging.type) {
    case 'none':
      return null;
    case 'offset': {
      const offset = Number(current.params[paging.offset_param] ?? 0) + received.records.length;
      return { url: null, params: { ...current.params, [paging.offset_param]: offset } };
    }
    case 'cursor': {
      const cursor = valueAtPath(received.body, paging.next_cursor_path);
      if (cursor === undefined || cursor === null || cursor === '') return null;
      const next = String(cursor);
      rejectRepeat(seenCursors, next, `cursor "${next}" at ${paging.next_cursor_path}`);
      return { url: null, params: { [paging.cursor_param]: next } };
    }
    case 'link_header': {
      const url = nextLink(received.linkHeader, received.requestUrl);
      if (url === null) return null;
      rejectRepeat(seenCursors, url, `next link ${url}`);
      return { url, params: {} };
    }
  }
}

function rejectRepeat(seen: Set<string>, value: string, what: string): void {
  if (seen.has(value)) {
    throw ApplicationFailure.nonRetryable(`the API returned the same ${what} twice; stopping instead of looping forever`, ErrorCode.JobResponse);
  }
  seen.add(value);
}
