import { describe, expect, it } from 'vitest';
import { createSyncSchema, toSyncDefinition } from '../../src/contracts/sync-definition.js';

const base = { url: 'http://example.test/items', unique_key: 'id' };

/** The issues of an input the schema must reject. */
function issuesOf(input: Record<string, unknown>) {
  const result = createSyncSchema.safeParse(input);
  expect(result.success).toBe(false);
  return result.error?.issues ?? [];
}

function paths(input: Record<string, unknown>): string[] {
  return issuesOf(input).map((issue) => issue.path.join('.'));
}

describe('createSyncSchema and toSyncDefinition', () => {
  it('fills defaults for a minimal sync', () => {
    const { definition } = toSyncDefinition(createSyncSchema.parse(base));
    expect(definition).toEqual({
      url: 'http://example.test/items',
      unique_key: 'id',
      method: 'GET',
      headers: {},
      query_params: {},
      metadata: {},
      paging: { type: 'none' },
      soft_delete: false,
      request_timeout_seconds: 30,
      stall_timeout_seconds: 900,
      max_job_seconds: 21_600,
      allowed_origins: [],
      auth: null,
      frequency: '1 hour',
      cron: null,
      timezone: null,
      schedule: { type: 'interval', every_seconds: 3600 },
    });
  });

  it('defaults paused to false and leaves it out of the definition', () => {
    const body = createSyncSchema.parse(base);
    expect(body.paused).toBe(false);
    expect(toSyncDefinition(body).definition).not.toHaveProperty('paused');
  });

  it('resolves a given frequency into an interval schedule', () => {
    const { definition } = toSyncDefinition(createSyncSchema.parse({ ...base, frequency: 'every 15 minutes' }));
    expect(definition.frequency).toBe('every 15 minutes');
    expect(definition.schedule).toEqual({ type: 'interval', every_seconds: 900 });
    expect(definition.cron).toBeNull();
    expect(definition.timezone).toBeNull();
  });

  it('a cron without timezone runs in UTC', () => {
    const { definition } = toSyncDefinition(createSyncSchema.parse({ ...base, cron: '0 3 * * *' }));
    expect(definition.frequency).toBeNull();
    expect(definition.cron).toBe('0 3 * * *');
    expect(definition.timezone).toBe('UTC');
    expect(definition.schedule).toEqual({ type: 'cron', expression: '0 3 * * *', timezone: 'UTC' });
  });

  it('keeps the timezone given with a cron', () => {
    const { definition } = toSyncDefinition(createSyncSchema.parse({ ...base, cron: '30 6 * * 1-5', timezone: 'Europe/Paris' }));
    expect(definition.timezone).toBe('Europe/Paris');
    expect(definition.schedule).toEqual({ type: 'cron', expression: '30 6 * * 1-5', timezone: 'Europe/Paris' });
  });

  it('accepts a POST with a body and offset paging defaults', () => {
    const { definition } = toSyncDefinition(
      createSyncSchema.parse({ ...base, method: 'POST', body: { query: 'x' }, paging: { type: 'offset' } }),
    );
    expect(definition.method).toBe('POST');
    expect(definition.body).toEqual({ query: 'x' });
    expect(definition.paging).toEqual({ type: 'offset', offset_param: 'offset', limit_param: 'limit', limit: 100 });
  });

  it('an https url is accepted', () => {
    expect(createSyncSchema.safeParse({ ...base, url: 'https://example.test/items' }).success).toBe(true);
  });

  it('a non-http url is rejected at url', () => {
    expect(paths({ ...base, url: 'ftp://example.test/items' })).toEqual(['url']);
  });

  it('a missing unique_key is rejected at unique_key', () => {
    expect(paths({ url: base.url })).toEqual(['unique_key']);
  });

  it('a unique_key that is not a dot path is rejected at unique_key', () => {
    expect(paths({ ...base, unique_key: 'a..b' })).toEqual(['unique_key']);
  });

  it('an unknown top-level field is rejected naming that field', () => {
    const [issue, ...rest] = issuesOf({ ...base, colour: 'blue' });
    expect(rest).toEqual([]);
    expect(issue?.code).toBe('unrecognized_keys');
    expect(issue && 'keys' in issue ? issue.keys : []).toEqual(['colour']);
  });

  it('a frequency that is not understood is rejected at frequency', () => {
    expect(paths({ ...base, frequency: 'often' })).toEqual(['frequency']);
  });

  it('both frequency and cron are rejected at cron', () => {
    expect(paths({ ...base, frequency: '1 hour', cron: '0 3 * * *' })).toEqual(['cron']);
  });

  it('a timezone without cron is rejected at timezone', () => {
    expect(paths({ ...base, timezone: 'Europe/Paris' })).toEqual(['timezone']);
  });

  it('an unknown timezone is rejected at timezone', () => {
    expect(paths({ ...base, cron: '0 3 * * *', timezone: 'Mars/Olympus_Mons' })).toEqual(['timezone']);
  });

  it('a 6-field cron is rejected at cron', () => {
    expect(paths({ ...base, cron: '0 0 3 * * *' })).toEqual(['cron']);
  });

  it('a 5-field cron with an out-of-range field is rejected at cron', () => {
    expect(paths({ ...base, cron: '99 3 * * *' })).toEqual(['cron']);
    expect(paths({ ...base, cron: 'a b c d e' })).toEqual(['cron']);
  });

  it('a body with GET is rejected at body', () => {
    expect(paths({ ...base, body: { a: 1 } })).toEqual(['body']);
  });

  it('an unknown paging type is rejected at paging.type', () => {
    expect(paths({ ...base, paging: { type: 'pages' } })).toEqual(['paging.type']);
  });

  it('an unknown paging field is rejected at paging naming that field', () => {
    const [issue, ...rest] = issuesOf({ ...base, paging: { type: 'offset', page_size: 10 } });
    expect(rest).toEqual([]);
    expect(issue?.path).toEqual(['paging']);
    expect(issue && 'keys' in issue ? issue.keys : []).toEqual(['page_size']);
  });

  it('cursor paging without its params is rejected under paging', () => {
    const issuePaths = paths({ ...base, paging: { type: 'cursor' } });
    expect(issuePaths).toContain('paging.cursor_param');
    expect(issuePaths).toContain('paging.next_cursor_path');
  });
});

describe('hostile input in a sync definition', () => {
  it.each(['utc', 'europe/paris', 'Local'])('a time zone not spelled as in the tz database (%j) is rejected at timezone', (timezone) => {
    expect(paths({ ...base, cron: '0 3 * * *', timezone })).toEqual(['timezone']);
  });

  it.each(['H * * * *', '0 0 L * *', '0 0 1 * 1'])(
    'a cron Temporal would refuse or read differently (%j) is rejected at cron, saying why',
    (cron) => {
      const [issue] = issuesOf({ ...base, cron });
      expect(issue?.path).toEqual(['cron']);
      expect(issue?.message).not.toBe('Invalid input');
    },
  );

  it('a frequency over a year is rejected at frequency', () => {
    expect(paths({ ...base, frequency: '99999999 weeks' })).toEqual(['frequency']);
  });

  it.each([['X-Bad\r\nInjected: 1'], ['with space'], ['Ünicode'], ['']])(
    'a header name that is not a token (%j) is rejected at its name',
    (name) => {
      expect(paths({ ...base, headers: { [name]: 'v' } })).toEqual([`headers.${name}`]);
    },
  );

  it.each(['a\r\nX-Injected: 1', 'nul\u0000', 'bell\u0007', 'emoji 🚀'])(
    'a header value fetch cannot send (%j) is rejected at its header',
    (value) => {
      expect(paths({ ...base, headers: { 'X-Test': value } })).toEqual(['headers.X-Test']);
    },
  );

  it('a header value with tabs, spaces and Latin-1 is accepted', () => {
    expect(createSyncSchema.safeParse({ ...base, headers: { 'X-Test': 'a b\tcafé' } }).success).toBe(true);
  });

  it('a query param name with a control character is rejected at its name', () => {
    expect(paths({ ...base, query_params: { 'a\nb': 1 } })).toEqual(['query_params.a\nb']);
  });

  it.each([
    [{ type: 'bearer', token: 'short' }, 'auth.token'],
    [{ type: 'bearer', token: 'long-enough\r\nX: 1' }, 'auth.token'],
    [{ type: 'basic', username: 'ann', password: 'pw' }, 'auth.password'],
    [{ type: 'api_key', name: 'X-Key', value: '1234567' }, 'auth.value'],
    [{ type: 'api_key', name: 'bad name', value: '12345678' }, 'auth.name'],
    [{ type: 'oauth2_client_credentials', token_url: 'https://a.test/t', client_id: 'c', client_secret: 'abc' }, 'auth.client_secret'],
  ])('an auth secret too short or unsendable is rejected at its field: %j', (auth, field) => {
    expect(paths({ ...base, auth })).toEqual([field]);
  });

  it('an api key name with a space is fine in the query, and an 8-character secret is enough', () => {
    expect(
      createSyncSchema.safeParse({ ...base, auth: { type: 'api_key', name: 'api key', value: '12345678', in: 'query' } }).success,
    ).toBe(true);
  });
});
