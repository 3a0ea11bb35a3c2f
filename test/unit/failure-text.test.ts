import { describe, expect, it } from 'vitest';
import { answeredText, describeNetworkError, noAnswerWithin, redirectedText, snippetOf } from '../../activities/http/failure-text.js';

describe('snippetOf', () => {
  it('collapses whitespace and keeps a short body whole', () => {
    expect(snippetOf('  <html>\n\t<body>maintenance</body>\n</html>  ')).toBe('<html> <body>maintenance</body> </html>');
  });

  it('cuts a long body at 300 characters, marked with an ellipsis', () => {
    const snippet = snippetOf('x'.repeat(10_000));
    expect(snippet).toBe(`${'x'.repeat(300)}…`);
  });

  it('looks at the first 4096 characters only, so a huge body costs nothing', () => {
    expect(snippetOf(`${' '.repeat(4096)}hidden`)).toBe('');
  });
});

describe('describeNetworkError', () => {
  it('adds the cause undici hides behind "fetch failed"', () => {
    expect(describeNetworkError(new TypeError('fetch failed', { cause: new Error('connect ECONNREFUSED 127.0.0.1:9') }))).toBe(
      'fetch failed (connect ECONNREFUSED 127.0.0.1:9)',
    );
  });

  it('names the code of a cause without a message, else its name', () => {
    const coded = Object.assign(new Error(''), { code: 'ENOTFOUND' });
    expect(describeNetworkError(new TypeError('fetch failed', { cause: coded }))).toBe('fetch failed (ENOTFOUND)');
    expect(describeNetworkError(new TypeError('fetch failed', { cause: new RangeError('') }))).toBe('fetch failed (RangeError)');
  });

  it('keeps a message without a cause, and words what is not an Error', () => {
    expect(describeNetworkError(new Error(noAnswerWithin(300)))).toBe('no complete answer within 300 ms');
    expect(describeNetworkError('socket hang up')).toBe('socket hang up');
  });
});

describe('answeredText and redirectedText', () => {
  it('word a status with its reason phrase and snippet', () => {
    expect(answeredText(404, 'Not Found', '{"message":"gone"}')).toBe('answered 404 Not Found: {"message":"gone"}');
  });

  it('leave out an empty reason phrase or snippet', () => {
    expect(answeredText(500, '', '')).toBe('answered 500');
    expect(answeredText(503, 'Service Unavailable', '')).toBe('answered 503 Service Unavailable');
  });

  it('name where a redirect pointed, when it says', () => {
    expect(redirectedText(302, 'Found', 'https://elsewhere.test/')).toBe('answered 302 Found to https://elsewhere.test/');
    expect(redirectedText(307, 'Temporary Redirect', null)).toBe('answered 307 Temporary Redirect');
  });
});
