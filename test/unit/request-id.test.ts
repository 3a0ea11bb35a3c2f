import { describe, expect, it } from 'vitest';
import { requestIdFor } from '../../src/api/request-log.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe('the request id of a request', () => {
  it.each(['abc-123', 'a'.repeat(200), 'trace=1; span: 2/x'])('is the caller’s X-Request-Id when usable: %j', (header) => {
    expect(requestIdFor(header)).toBe(header);
  });

  it.each([
    ['absent', undefined],
    ['empty', ''],
    ['over 200 characters', 'a'.repeat(201)],
    ['with a control character', 'abc\u0007'],
    ['with a non-ASCII character', 'café'],
  ])('is a new UUID when the header is %s', (_case, header) => {
    expect(requestIdFor(header)).toMatch(UUID);
  });

  it('is a different UUID each time one is generated', () => {
    expect(requestIdFor(undefined)).not.toBe(requestIdFor(undefined));
  });
});
