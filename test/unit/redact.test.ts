import { describe, expect, it } from 'vitest';
import { redact } from '../../activities/http/redact.js';

describe('redact', () => {
  it('replaces every occurrence of each secret', () => {
    expect(redact('token abc and abc again, key xyz', ['abc', 'xyz'])).toBe('token *** and *** again, key ***');
  });

  it('replaces the URL-encoded form of a secret', () => {
    const secret = 'p@ss w/rd&=?';
    const url = `https://api.test/items?key=${encodeURIComponent(secret)}&page=2`;
    expect(redact(url, [secret])).toBe('https://api.test/items?key=***&page=2');
    expect(redact(`raw ${secret}`, [secret])).toBe('raw ***');
  });

  it('replaces the form-encoded form of a secret (space as +)', () => {
    const secret = 'a b+c';
    const body = new URLSearchParams({ client_secret: secret }).toString();
    expect(redact(body, [secret])).toBe('client_secret=***');
  });

  it('masks longest secrets first', () => {
    expect(redact('secret-long and secret', ['secret', 'secret-long'])).toBe('*** and ***');
    expect(redact('abcdef', ['abc', 'abcdef'])).toBe('***');
  });

  it('ignores empty secrets and leaves text without secrets alone', () => {
    expect(redact('nothing here', ['', 'absent'])).toBe('nothing here');
    expect(redact('nothing here', [])).toBe('nothing here');
  });

  it('treats regular-expression characters literally', () => {
    expect(redact('a.b a+b (x) [y] $1 \\d', ['a.b', '(x)', '[y]', '$1', '\\d'])).toBe('*** a+b *** *** *** ***');
    expect(redact('axb', ['a.b'])).toBe('axb');
  });

  it('does not re-match masks already written', () => {
    expect(redact('s3cret', ['s3cret', '*'])).toBe('***');
  });
});
