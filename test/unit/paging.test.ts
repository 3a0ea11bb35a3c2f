import { ApplicationFailure } from '@temporalio/common';
import { describe, expect, it } from 'vitest';
import { firstPage, nextPage, type PageRequest, type ReceivedPage } from '../../activities/http/paging.js';
import type { Paging } from '../../src/contracts/paging.js';
import { thrownBy } from '../helpers/thrown-by.js';

const requestUrl = 'http://example.test/items';

function received(records: unknown[], body: unknown = {}, linkHeader: string | null = null, url = requestUrl): ReceivedPage {
  return { requestUrl: url, body, records, linkHeader };
}

describe('no paging', () => {
  const paging: Paging = { type: 'none' };

  it('asks for the sync URL without params', () => {
    expect(firstPage(paging)).toEqual({ url: null, params: {} });
  });

  it('stops after the first page even when it has records', () => {
    expect(nextPage(paging, firstPage(paging), received([{ id: 1 }]), new Set())).toBeNull();
  });
});

describe('offset paging', () => {
  const paging: Paging = { type: 'offset', offset_param: 'skip', limit_param: 'take', limit: 50 };

  it('starts at offset 0 with the limit', () => {
    expect(firstPage(paging)).toEqual({ url: null, params: { skip: 0, take: 50 } });
  });

  it('advances the offset by the number of records received', () => {
    const first = firstPage(paging);
    const second = nextPage(paging, first, received(Array.from({ length: 50 }, (_, id) => ({ id }))), new Set());
    expect(second).toEqual({ url: null, params: { skip: 50, take: 50 } });
    const third = nextPage(paging, second!, received([{ id: 'a' }, { id: 'b' }, { id: 'c' }]), new Set());
    expect(third).toEqual({ url: null, params: { skip: 53, take: 50 } });
  });

  it('stops on an empty page', () => {
    expect(nextPage(paging, { url: null, params: { skip: 100, take: 50 } }, received([]), new Set())).toBeNull();
  });
});

describe('cursor paging', () => {
  const paging: Paging = { type: 'cursor', cursor_param: 'after', next_cursor_path: 'meta.next' };

  it('asks for the first page without a cursor', () => {
    expect(firstPage(paging)).toEqual({ url: null, params: {} });
  });

  it('sends the cursor read from the body dot path', () => {
    const next = nextPage(paging, firstPage(paging), received([{ id: 1 }], { meta: { next: 'abc' } }), new Set());
    expect(next).toEqual({ url: null, params: { after: 'abc' } });
  });

  it('sends a numeric cursor as a string', () => {
    const next = nextPage(paging, firstPage(paging), received([{ id: 1 }], { meta: { next: 42 } }), new Set());
    expect(next).toEqual({ url: null, params: { after: '42' } });
  });

  it('stops when the cursor is missing, null or empty', () => {
    const current = firstPage(paging);
    expect(nextPage(paging, current, received([{ id: 1 }], { meta: {} }), new Set())).toBeNull();
    expect(nextPage(paging, current, received([{ id: 1 }], {}), new Set())).toBeNull();
    expect(nextPage(paging, current, received([{ id: 1 }], { meta: { next: null } }), new Set())).toBeNull();
    expect(nextPage(paging, current, received([{ id: 1 }], { meta: { next: '' } }), new Set())).toBeNull();
  });

  it('stops on an empty page even with a cursor', () => {
    expect(nextPage(paging, firstPage(paging), received([], { meta: { next: 'abc' } }), new Set())).toBeNull();
  });

  it('a repeated cursor throws a non-retryable job_response_error', () => {
    const seen = new Set<string>();
    const current: PageRequest = nextPage(paging, firstPage(paging), received([{ id: 1 }], { meta: { next: 'c1' } }), seen)!;
    expect(nextPage(paging, current, received([{ id: 2 }], { meta: { next: 'c2' } }), seen)).toEqual({
      url: null,
      params: { after: 'c2' },
    });
    const error = thrownBy(() => nextPage(paging, current, received([{ id: 3 }], { meta: { next: 'c1' } }), seen));
    expect(error).toBeInstanceOf(ApplicationFailure);
    expect((error as ApplicationFailure).type).toBe('job_response_error');
    expect((error as ApplicationFailure).nonRetryable).toBe(true);
    expect((error as ApplicationFailure).message).toContain('c1');
  });
});

describe('link header paging', () => {
  const paging: Paging = { type: 'link_header' };

  it('asks for the sync URL first', () => {
    expect(firstPage(paging)).toEqual({ url: null, params: {} });
  });

  it('follows the next link, resolved against the request URL', () => {
    const page = received([{ id: 1 }], {}, '</items?page=2>; rel="next"', 'http://example.test/items?page=1');
    expect(nextPage(paging, firstPage(paging), page, new Set())).toEqual({ url: 'http://example.test/items?page=2', params: {} });
  });

  it('stops without a next link', () => {
    expect(nextPage(paging, firstPage(paging), received([{ id: 1 }], {}, null), new Set())).toBeNull();
    expect(nextPage(paging, firstPage(paging), received([{ id: 1 }], {}, '</items?page=1>; rel="prev"'), new Set())).toBeNull();
  });

  it('stops on an empty page even with a next link', () => {
    expect(nextPage(paging, firstPage(paging), received([], {}, '</items?page=2>; rel="next"'), new Set())).toBeNull();
  });

  it('a repeated next link throws a non-retryable job_response_error', () => {
    const seen = new Set<string>();
    const page = received([{ id: 1 }], {}, '</items?page=2>; rel="next"');
    const current = nextPage(paging, firstPage(paging), page, seen)!;
    const error = thrownBy(() => nextPage(paging, current, page, seen));
    expect(error).toBeInstanceOf(ApplicationFailure);
    expect((error as ApplicationFailure).type).toBe('job_response_error');
    expect((error as ApplicationFailure).nonRetryable).toBe(true);
  });
});
