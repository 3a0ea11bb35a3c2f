import type { Paging } from '../src/contracts/paging.js';
import { withoutSecretParams } from './http/origins.js';
import { firstPage, type PageRequest } from './http/paging.js';
import { RepeatGuard, type RepeatState } from './http/repeat-guard.js';

/** Cursors and next URLs remembered exactly; older ones are caught by the guard's cycle detection. */
const CURSOR_WINDOW = 1000;
/** Pages whose records are remembered exactly: an API ignoring its paging params repeats at once. */
const PAGE_WINDOW = 10;

/**
 * A job's progress after its last committed page; heartbeated, so a retry resumes from it. Its
 * size stays constant however many pages a job fetches (Temporal caps a heartbeat at 2 MB).
 */
export interface Checkpoint {
  next: PageRequest | null;
  fetched: number;
  pages: number;
  cursor_max: string | number | null;
  max_total_reached: boolean;
  /** Fingerprints of the cursors and next URLs used, to catch an API that hands one back. */
  repeats: RepeatState;
  /** Fingerprints of the pages' records, to catch an API that serves the same page again. */
  page_repeats: RepeatState;
}

/** The live repeat detection of a job, restored from and saved into its checkpoint. */
export interface RepeatGuards {
  cursors: RepeatGuard;
  pages: RepeatGuard;
}

export function freshCheckpoint(paging: Paging): Checkpoint {
  const empty = new RepeatGuard(0).snapshot();
  return { next: firstPage(paging), fetched: 0, pages: 0, cursor_max: null, max_total_reached: false, repeats: empty, page_repeats: empty };
}

/**
 * Where a job attempt starts: the heartbeat of the previous attempt when it has a usable shape
 * (an older worker's included, whose repeat list was `seen`), else the first page.
 */
export function resumeFrom(details: unknown, paging: Paging): { checkpoint: Checkpoint; guards: RepeatGuards } {
  if (!isProgress(details)) {
    const checkpoint = freshCheckpoint(paging);
    return { checkpoint, guards: { cursors: new RepeatGuard(CURSOR_WINDOW), pages: new RepeatGuard(PAGE_WINDOW) } };
  }
  const guards = {
    cursors: RepeatGuard.restore(CURSOR_WINDOW, details.repeats, details.seen),
    pages: RepeatGuard.restore(PAGE_WINDOW, details.page_repeats),
  };
  const cursorMax = typeof details.cursor_max === 'string' || typeof details.cursor_max === 'number' ? details.cursor_max : null;
  return {
    checkpoint: {
      next: details.next,
      fetched: details.fetched,
      pages: details.pages,
      cursor_max: cursorMax,
      max_total_reached: details.max_total_reached === true,
      repeats: guards.cursors.snapshot(),
      page_repeats: guards.pages.snapshot(),
    },
    guards,
  };
}

/**
 * The checkpoint goes into Temporal: drop query params that carry a secret (an API may echo its
 * key into the next URL); the authenticator adds credentials again to every request.
 */
export function withoutSecrets(checkpoint: Checkpoint, secrets: readonly string[]): Checkpoint {
  if (checkpoint.next?.url == null || secrets.length === 0) return checkpoint;
  return { ...checkpoint, next: { ...checkpoint.next, url: withoutSecretParams(new URL(checkpoint.next.url), secrets).toString() } };
}

type Progress = Pick<Checkpoint, 'next' | 'fetched' | 'pages'> & Record<string, unknown>;

function isProgress(value: unknown): value is Progress {
  if (value === null || typeof value !== 'object') return false;
  const details = value as Record<string, unknown>;
  return (
    Number.isSafeInteger(details.fetched) && Number.isSafeInteger(details.pages) && (details.next === null || isPageRequest(details.next))
  );
}

function isPageRequest(value: unknown): value is PageRequest {
  if (value === null || typeof value !== 'object') return false;
  const request = value as Record<string, unknown>;
  const params = request.params;
  return (
    (request.url === null || (typeof request.url === 'string' && URL.canParse(request.url))) &&
    params !== null &&
    typeof params === 'object' &&
    Object.values(params).every((param) => typeof param === 'string' || typeof param === 'number')
  );
}
