import { describe, expect, it } from 'vitest';
import { MIN_SUBSTRING_SECRET_LENGTH, redact } from '../../activities/http/redact.js';

describe('redact with short secrets', () => {
  it('masks a short secret only where it stands as a whole token', () => {
    expect(redact('GET https://api.test/items failed: the server said e', ['e'])).toBe(
      'GET https://api.test/items failed: the server said ***',
    );
    expect(redact('key=ab1&page=2 (ab1)', ['ab1'])).toBe('key=***&page=2 (***)');
  });

  it('leaves words that merely contain a short secret intact, so the message neither mangles nor points at it', () => {
    const message = 'GET https://api.test/items answered 401 Unauthorized: token expired';
    expect(redact(message, ['e', 'to', '40', 'Unauth'])).toBe(message);
  });

  it('masks long secrets wherever they occur, inside other text too', () => {
    const secret = 'k7Q2pZ9wR4'.slice(0, MIN_SUBSTRING_SECRET_LENGTH);
    expect(redact(`prefix${secret}suffix`, [secret])).toBe('prefix***suffix');
  });

  it('masks the encoded form of a short secret as a whole token', () => {
    expect(redact('https://api.test/?k=a%20b&n=1', ['a b'])).toBe('https://api.test/?k=***&n=1');
    expect(redact('https://api.test/?k=xa%20bx', ['a b'])).toBe('https://api.test/?k=xa%20bx');
  });

  it('treats letters and digits of any script as word characters', () => {
    expect(redact('clé élan', ['l'])).toBe('clé élan');
    expect(redact('x ñ y', ['ñ'])).toBe('x *** y');
  });
});
