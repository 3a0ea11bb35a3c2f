import { describe, expect, it } from 'vitest';
import { nextLink } from '../../activities/http/link-header.js';

const requestUrl = 'http://example.test/items?page=1';

describe('nextLink', () => {
  it('picks rel="next" when it is not the first link', () => {
    const header =
      '<http://example.test/items?page=1>; rel="first", <http://example.test/items?page=0>; rel="prev", <http://example.test/items?page=2>; rel="next"';
    expect(nextLink(header, requestUrl)).toBe('http://example.test/items?page=2');
  });

  it('finds rel="next" after a quoted parameter that holds a comma', () => {
    expect(nextLink('<https://x.test/a>; title="a, b"; rel="next"', requestUrl)).toBe('https://x.test/a');
  });

  it('resolves a path-relative link against the request URL', () => {
    expect(nextLink('</items?page=2>; rel="next"', requestUrl)).toBe('http://example.test/items?page=2');
  });

  it('resolves a query-only link against the request URL', () => {
    expect(nextLink('<?page=2>; rel="next"', 'https://api.example.test/v1/items?page=1')).toBe('https://api.example.test/v1/items?page=2');
  });

  it('keeps an absolute link on another host as it is', () => {
    expect(nextLink('<https://cdn.example.test/p/2>; rel="next"', requestUrl)).toBe('https://cdn.example.test/p/2');
  });

  it('reads an unquoted rel', () => {
    expect(nextLink('<http://example.test/items?page=2>; rel=next', requestUrl)).toBe('http://example.test/items?page=2');
  });

  it('reads next from a rel list', () => {
    expect(nextLink('<http://example.test/items?page=9>; rel="next last"', requestUrl)).toBe('http://example.test/items?page=9');
  });

  it('matches rel case-insensitively and after other params', () => {
    expect(nextLink('<http://example.test/items?page=2>; type="application/json"; REL="Next"', requestUrl)).toBe(
      'http://example.test/items?page=2',
    );
  });

  it('keeps commas inside the link target', () => {
    expect(nextLink('<http://example.test/items?ids=1,2>; rel="next"', requestUrl)).toBe('http://example.test/items?ids=1,2');
  });

  it('does not take a relation that merely starts with next', () => {
    expect(nextLink('<http://example.test/items?page=2>; rel="nextish"', requestUrl)).toBeNull();
  });

  it('is null when no link is rel="next"', () => {
    expect(
      nextLink('<http://example.test/items?page=0>; rel="prev", <http://example.test/items?page=5>; rel="last"', requestUrl),
    ).toBeNull();
  });

  it('is null for a null or empty header', () => {
    expect(nextLink(null, requestUrl)).toBeNull();
    expect(nextLink('', requestUrl)).toBeNull();
  });
});
