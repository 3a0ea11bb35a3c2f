import { createHash } from 'node:crypto';
import { ApplicationFailure } from '@temporalio/common';
import { describe, expect, it } from 'vitest';
import { nextPage, type PageRequest, rejectRepeatedPage } from '../../activities/http/paging.js';
import { fingerprint, RepeatGuard } from '../../activities/http/repeat-guard.js';
import { type Checkpoint, resumeFrom } from '../../activities/job-checkpoint.js';
import type { Paging } from '../../src/contracts/paging.js';
import { thrownBy } from '../helpers/thrown-by.js';

const cursorPaging: Paging = { type: 'cursor', cursor_param: 'after', next_cursor_path: 'next' };

/** Runs `count` cursor pages through the guards the way a job does; returns the last checkpoint. */
function simulate(count: number, cursorOf: (page: number) => string): Checkpoint {
  let { checkpoint, guards } = resumeFrom(undefined, cursorPaging);
  for (let page = 1; page <= count; page += 1) {
    const request: PageRequest = checkpoint.next!;
    rejectRepeatedPage(guards.pages, fingerprint(`records of page ${page}`), page);
    const next = nextPage(
      cursorPaging,
      request,
      { requestUrl: 'http://api.test/items', body: { next: cursorOf(page) }, records: [{ id: page }], linkHeader: null },
      guards.cursors,
    );
    checkpoint = {
      ...checkpoint,
      next,
      pages: page,
      fetched: page,
      repeats: guards.cursors.snapshot(),
      page_repeats: guards.pages.snapshot(),
    };
  }
  return checkpoint;
}

describe('repeat detection stays bounded', () => {
  it('keeps the checkpoint under 10 KB and the same size after 2,000 or 100,000 pages', () => {
    const sizeAt = (pages: number) => JSON.stringify(simulate(pages, (page) => `cursor-${page}`)).length;
    const early = sizeAt(2_000);
    const late = sizeAt(100_000);
    expect(late).toBeLessThan(10 * 1024);
    // Only numbers grow (pages, fetched, the cursor, Brent's counters), by a few digits each.
    expect(late - early).toBeLessThan(32);
  });

  it('catches a cursor repeated within the recent window at once', () => {
    const error = thrownBy(() => simulate(600, (page) => (page === 600 ? 'cursor-100' : `cursor-${page}`)));
    expect(error).toBeInstanceOf(ApplicationFailure);
    expect((error as ApplicationFailure).message).toContain('the API returned the same cursor "cursor-100"');
  });

  it('catches a cycle longer than the window, within about twice its length', () => {
    const cycle = 3_000;
    const error = thrownBy(() => simulate(4 * cycle, (page) => `cursor-${page % cycle}`));
    expect(error).toBeInstanceOf(ApplicationFailure);
    expect((error as ApplicationFailure).nonRetryable).toBe(true);
  });

  it('fails when a page holds the same records as the page before', () => {
    const guard = new RepeatGuard(10);
    rejectRepeatedPage(guard, fingerprint('page one'), 1);
    const error = thrownBy(() => rejectRepeatedPage(guard, fingerprint('page one'), 2));
    expect(error).toBeInstanceOf(ApplicationFailure);
    expect((error as ApplicationFailure).type).toBe('job_response_error');
    expect((error as ApplicationFailure).message).toContain('page 2 holds the same records as an earlier page');
  });
});

describe('resuming a checkpoint', () => {
  it('restores the guards a checkpoint saved', () => {
    const saved = simulate(50, (page) => `cursor-${page}`);
    const { checkpoint, guards } = resumeFrom(JSON.parse(JSON.stringify(saved)), cursorPaging);
    expect(checkpoint).toEqual(saved);
    expect(guards.cursors.has(fingerprint('cursor-10'))).toBe(true);
    expect(guards.pages.has(fingerprint('records of page 50'))).toBe(true);
  });

  it('reads the `seen` list of an older heartbeat, whose fingerprints were full SHA-256 digests', () => {
    const seen = ['c1', 'c2'].map((cursor) => createHash('sha256').update(cursor).digest('base64url'));
    const old = { next: { url: null, params: { after: 'c2' } }, fetched: 2, pages: 2, seen, cursor_max: null, max_total_reached: false };
    const { checkpoint, guards } = resumeFrom(old, cursorPaging);
    expect(checkpoint).toMatchObject({ next: old.next, fetched: 2, pages: 2 });
    expect(guards.cursors.has(fingerprint('c1'))).toBe(true);
  });

  it.each([
    ['nothing', undefined],
    ['a string', 'garbage'],
    ['a next without params', { next: { url: null }, fetched: 1, pages: 1 }],
    ['counts that are not numbers', { next: null, fetched: '1', pages: 1 }],
    ['a broken repeat state', { next: null, fetched: 1, pages: 1, repeats: { recent: 'abc', anchor: 5 }, seen: 'nope' }],
  ])('starts cleanly from %s', (_name, details) => {
    const { checkpoint } = resumeFrom(details, cursorPaging);
    expect(checkpoint.repeats.recent).toBe('');
    expect(checkpoint.next === null || checkpoint.next.params !== undefined).toBe(true);
  });
});
