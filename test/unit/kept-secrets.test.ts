import { describe, expect, it } from 'vitest';
import { ValidationError } from '../../src/api/errors.js';
import { checkSecretsResent, rejectMaskedValues, withKeptSecrets } from '../../src/api/kept-secrets.js';
import {
  createSyncSchema,
  type SyncDefinition,
  toSyncDefinition,
  type UpdateSyncBody,
  updateSyncSchema,
} from '../../src/contracts/sync-definition.js';
import { thrownBy } from '../helpers/thrown-by.js';

const url = 'https://api.example.test/items';
const bearer = { type: 'bearer', token: 'stored-token-1' } as const;
const oauth = {
  type: 'oauth2_client_credentials',
  token_url: 'https://auth.example.test/token',
  client_id: 'c1',
  client_secret: 'stored-client-secret',
} as const;

function stored(fields: Record<string, unknown>): { definition: SyncDefinition; secrets: Record<string, string> | null } {
  return toSyncDefinition(createSyncSchema.parse({ url, unique_key: 'id', ...fields }));
}
const patchOf = (fields: Record<string, unknown>): UpdateSyncBody => {
  const parsed = updateSyncSchema.parse(fields);
  return Object.fromEntries(Object.entries(parsed).filter(([field]) => field in fields)) as UpdateSyncBody;
};
/** The fields a 400 names, or a failure when nothing is thrown. */
function fieldsRejected(call: () => unknown): string[] {
  const error = thrownBy(call);
  expect(error).toBeInstanceOf(ValidationError);
  return (error as ValidationError).details!.map((detail) => detail.field);
}

describe('withKeptSecrets', () => {
  it('keeps the stored auth secret for "***" of the same auth type', () => {
    const sync = stored({ auth: bearer });
    expect(withKeptSecrets(patchOf({ auth: { type: 'bearer', token: '***' } }), sync.definition, sync.secrets).auth).toEqual(bearer);
  });

  it('refuses "***" for an auth type with nothing stored, naming the secret field', () => {
    const sync = stored({ auth: bearer });
    const patch = patchOf({ auth: { type: 'basic', username: 'ann', password: '***' } });
    expect(fieldsRejected(() => withKeptSecrets(patch, sync.definition, sync.secrets))).toEqual(['auth.password']);
  });

  it('keeps a stored header value for "***", matching the name case-insensitively', () => {
    const sync = stored({ headers: { 'X-Api-Key': 'real-secret-value-123', Accept: 'application/json' } });
    const kept = withKeptSecrets(patchOf({ headers: { 'x-api-key': '***', Accept: 'text/csv' } }), sync.definition, null);
    expect(kept.headers).toEqual({ 'x-api-key': 'real-secret-value-123', Accept: 'text/csv' });
  });

  it('keeps a stored query param value for "***", matching the name exactly', () => {
    const sync = stored({ query_params: { api_key: 'query-secret-1' } });
    expect(withKeptSecrets(patchOf({ query_params: { api_key: '***' } }), sync.definition, null).query_params).toEqual({
      api_key: 'query-secret-1',
    });
    expect(fieldsRejected(() => withKeptSecrets(patchOf({ query_params: { API_KEY: '***' } }), sync.definition, null))).toEqual([
      'query_params.API_KEY',
    ]);
  });

  it('refuses "***" for a header with no stored value, naming the header', () => {
    const sync = stored({ headers: { 'X-Api-Key': 'real-secret-value-123' } });
    expect(fieldsRejected(() => withKeptSecrets(patchOf({ headers: { 'X-Other-Token': '***' } }), sync.definition, null))).toEqual([
      'headers.X-Other-Token',
    ]);
  });

  it('leaves a patch without masks as it is', () => {
    const sync = stored({ auth: bearer, headers: { 'X-Api-Key': 'real-secret-value-123' } });
    const patch = patchOf({ friendly_name: 'renamed', headers: { 'X-Api-Key': 'new-secret-value-456' } });
    expect(withKeptSecrets(patch, sync.definition, sync.secrets)).toEqual(patch);
  });

  it('checks that credentials are sent again when the url moves', () => {
    const sync = stored({ auth: bearer });
    expect(
      fieldsRejected(() => withKeptSecrets(patchOf({ url: 'https://elsewhere.example.test/items' }), sync.definition, sync.secrets)),
    ).toEqual(['auth']);
  });
});

describe('checkSecretsResent', () => {
  const moved = 'https://elsewhere.example.test/items';

  it('allows a new path on the same origin without secrets', () => {
    const sync = stored({ auth: bearer, headers: { Authorization: 'Bearer header-secret-1' } });
    expect(() => checkSecretsResent(sync.definition, patchOf({ url: 'https://api.example.test/v2/items?x=1' }))).not.toThrow();
  });

  it.each([
    ['another host', 'https://evil.example.test/items'],
    ['another scheme', 'http://api.example.test/items'],
    ['another port', 'https://api.example.test:8443/items'],
  ])('refuses a move to %s unless auth comes again', (_name, target) => {
    const sync = stored({ auth: bearer });
    expect(fieldsRejected(() => checkSecretsResent(sync.definition, patchOf({ url: target })))).toEqual(['auth']);
    expect(
      fieldsRejected(() => checkSecretsResent(sync.definition, patchOf({ url: target, auth: { type: 'bearer', token: '***' } }))),
    ).toEqual(['auth']);
    expect(() =>
      checkSecretsResent(sync.definition, patchOf({ url: target, auth: { type: 'bearer', token: 'new-token-789' } })),
    ).not.toThrow();
    expect(() => checkSecretsResent(sync.definition, patchOf({ url: target, auth: null }))).not.toThrow();
  });

  it('allows a move when the sync has no credentials', () => {
    const sync = stored({ headers: { Accept: 'application/json' }, query_params: { page_size: 10 } });
    expect(() => checkSecretsResent(sync.definition, patchOf({ url: moved }))).not.toThrow();
  });

  it('refuses a move that would carry secret-looking headers and params, naming each', () => {
    const sync = stored({
      headers: { 'X-Api-Key': 'header-secret-1', Accept: 'application/json' },
      query_params: { token: 'query-secret-1', page_size: 10 },
    });
    expect(fieldsRejected(() => checkSecretsResent(sync.definition, patchOf({ url: moved })))).toEqual([
      'headers.X-Api-Key',
      'query_params.token',
    ]);
    const sentBack = patchOf({ url: moved, headers: { 'x-api-key': '***', Accept: 'application/json' }, query_params: { token: '***' } });
    expect(fieldsRejected(() => checkSecretsResent(sync.definition, sentBack))).toEqual(['headers.x-api-key', 'query_params.token']);
  });

  it('allows a move that sends new values for secret-looking headers and params, or drops them', () => {
    const sync = stored({ headers: { 'X-Api-Key': 'header-secret-1' }, query_params: { token: 'query-secret-1' } });
    expect(() =>
      checkSecretsResent(sync.definition, patchOf({ url: moved, headers: { 'X-Api-Key': 'new-header-secret' }, query_params: {} })),
    ).not.toThrow();
  });

  it('refuses a new token_url with client_secret "***", and allows it with a new secret', () => {
    const sync = stored({ auth: oauth });
    const tokenUrl = 'https://evil.example.test/token';
    expect(
      fieldsRejected(() => checkSecretsResent(sync.definition, patchOf({ auth: { ...oauth, token_url: tokenUrl, client_secret: '***' } }))),
    ).toEqual(['auth']);
    expect(() =>
      checkSecretsResent(sync.definition, patchOf({ auth: { ...oauth, token_url: tokenUrl, client_secret: 'a-new-client-secret' } })),
    ).not.toThrow();
    expect(() =>
      checkSecretsResent(sync.definition, patchOf({ auth: { ...oauth, client_secret: '***', scopes: ['read'] } })),
    ).not.toThrow();
  });
});

describe('rejectMaskedValues', () => {
  it('refuses "***" in a new sync, naming each field', () => {
    const body = createSyncSchema.parse({
      url,
      unique_key: 'id',
      auth: { type: 'bearer', token: '***' },
      headers: { 'X-Token': '***' },
      query_params: { key: '***' },
    });
    expect(fieldsRejected(() => rejectMaskedValues(body))).toEqual(['auth.token', 'headers.X-Token', 'query_params.key']);
  });

  it('accepts a new sync without masks', () => {
    expect(() => rejectMaskedValues(createSyncSchema.parse({ url, unique_key: 'id', auth: bearer }))).not.toThrow();
  });
});
