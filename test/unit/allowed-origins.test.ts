import { describe, expect, it } from 'vitest';
import { createSyncSchema, updateSyncSchema } from '../../src/contracts/sync-definition.js';

const base = { url: 'https://api.example.com/items', unique_key: 'id' };

describe('allowed_origins', () => {
  it('defaults to none and keeps origins in their normal form', () => {
    expect(createSyncSchema.parse(base).allowed_origins).toEqual([]);
    const parsed = createSyncSchema.parse({
      ...base,
      allowed_origins: ['https://CDN.example.com/', 'http://files.example.com:8080', 'https://x.example.com:443'],
    });
    expect(parsed.allowed_origins).toEqual(['https://cdn.example.com', 'http://files.example.com:8080', 'https://x.example.com']);
  });

  it.each([
    ['a path', 'https://cdn.example.com/files'],
    ['a query', 'https://cdn.example.com?x=1'],
    ['credentials', 'https://user:pw@cdn.example.com'],
    ['another scheme', 'ftp://cdn.example.com'],
    ['no URL at all', 'cdn.example.com'],
  ])('rejects an origin with %s, naming the entry', (_name, origin) => {
    const result = createSyncSchema.safeParse({ ...base, allowed_origins: [origin] });
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]).toMatchObject({
      path: ['allowed_origins', 0],
      message: expect.stringContaining('must be an http or https origin'),
    });
  });

  it('accepts at most 20', () => {
    const origins = Array.from({ length: 21 }, (_, index) => `https://h${index}.example.com`);
    const result = createSyncSchema.safeParse({ ...base, allowed_origins: origins });
    expect(result.error?.issues[0]).toMatchObject({ path: ['allowed_origins'], message: 'at most 20 origins' });
  });

  it('can be cleared with null in a PATCH', () => {
    expect(updateSyncSchema.parse({ allowed_origins: null }).allowed_origins).toBeNull();
    expect(updateSyncSchema.safeParse({ allowed_origins: ['https://a.example.com/x'] }).success).toBe(false);
  });
});
