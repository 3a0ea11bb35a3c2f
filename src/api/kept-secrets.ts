import { AUTH_SECRET_FIELDS, type Auth, type AuthSecrets, looksSecret, SECRET_MASK } from '../contracts/auth.js';
import type { ErrorDetail } from '../contracts/errors.js';
import type { CreateSyncBody, SyncDefinition, UpdateSyncBody } from '../contracts/sync-definition.js';
import { ValidationError } from './errors.js';

type Scalar = string | number | boolean;

const noStoredValue = (what: string): string =>
  `is "${SECRET_MASK}", the mask syncd shows, but there is no stored ${what} to keep: send the value itself`;

function maskedAuthFields(auth: Auth): string[] {
  const values: Record<string, unknown> = { ...auth };
  return AUTH_SECRET_FIELDS[auth.type].filter((field) => values[field] === SECRET_MASK);
}

/** The stored entry a patched entry refers to: header names match case-insensitively, query params exactly. */
function storedEntry<V>(stored: Record<string, V>, name: string, ignoreCase: boolean): [string, V] | undefined {
  return Object.entries(stored).find(([storedName]) =>
    ignoreCase ? storedName.toLowerCase() === name.toLowerCase() : storedName === name,
  );
}

/** Each "***" value replaced by the stored value of the same name; a "***" with none stored is a problem. */
function keptEntries<V extends Scalar>(
  sent: Record<string, V>,
  stored: Record<string, V>,
  field: 'headers' | 'query_params',
  problems: ErrorDetail[],
): Record<string, V> {
  const ignoreCase = field === 'headers';
  return Object.fromEntries(
    Object.entries(sent).map(([name, value]) => {
      if (value !== SECRET_MASK) return [name, value];
      const kept = storedEntry(stored, name, ignoreCase);
      if (kept === undefined) problems.push({ field: `${field}.${name}`, message: noStoredValue('value') });
      return [name, kept?.[1] ?? value];
    }),
  );
}

/** Throws a 400 for values a new sync cannot have: "***" means "keep the stored one", and nothing is stored yet. */
export function rejectMaskedValues(body: CreateSyncBody): void {
  const problems: ErrorDetail[] = [
    ...(body.auth ? maskedAuthFields(body.auth).map((name) => ({ field: `auth.${name}`, message: noStoredValue('secret') })) : []),
    ...Object.entries(body.headers)
      .filter(([, value]) => value === SECRET_MASK)
      .map(([name]) => ({ field: `headers.${name}`, message: noStoredValue('value') })),
    ...Object.entries(body.query_params)
      .filter(([, value]) => value === SECRET_MASK)
      .map(([name]) => ({ field: `query_params.${name}`, message: noStoredValue('value') })),
  ];
  if (problems.length > 0) throw new ValidationError(problems);
}

const originOf = (url: string): string => new URL(url).origin;

/**
 * Credentials go only where they were given for: a patch that moves `url` to another origin must
 * send auth (or null) and every secret-looking header and query param again (or drop them), and
 * one that changes an OAuth2 `token_url` must send `client_secret` again. Throws a 400 otherwise.
 */
export function checkSecretsResent(stored: SyncDefinition, patch: UpdateSyncBody): void {
  const problems: ErrorDetail[] = [];
  if (patch.url !== undefined && originOf(patch.url) !== originOf(stored.url)) {
    const because = `the url moves to ${originOf(patch.url)}, so credentials given for ${originOf(stored.url)} must be sent again`;
    if (stored.auth !== null && (patch.auth === undefined || (patch.auth !== null && maskedAuthFields(patch.auth).length > 0))) {
      problems.push({ field: 'auth', message: `${because}: send auth with its secrets, or null to drop it` });
    }
    for (const [field, ignoreCase] of [
      ['headers', true],
      ['query_params', false],
    ] as const) {
      const sent: Record<string, Scalar> | undefined = patch[field];
      for (const name of Object.keys(stored[field]).filter(looksSecret)) {
        const carried = sent === undefined ? [name, SECRET_MASK] : storedEntry(sent, name, ignoreCase);
        if (carried?.[1] === SECRET_MASK)
          problems.push({ field: `${field}.${carried[0]}`, message: `${because}: send its value, or leave it out` });
      }
    }
  }
  if (
    stored.auth?.type === 'oauth2_client_credentials' &&
    patch.auth?.type === 'oauth2_client_credentials' &&
    patch.auth.token_url !== stored.auth.token_url &&
    patch.auth.client_secret === SECRET_MASK
  ) {
    problems.push({ field: 'auth', message: 'token_url changes, so the client_secret must be sent again' });
  }
  if (problems.length > 0) throw new ValidationError(problems);
}

/**
 * A PATCH may send back what it read, with secrets and secret-looking values shown as "***": those
 * keep the stored value instead of becoming the literal "***". Checks checkSecretsResent first;
 * a "***" with nothing stored to keep (say, for a new auth type or header) is a 400 naming it.
 */
export function withKeptSecrets(patch: UpdateSyncBody, stored: SyncDefinition, secrets: AuthSecrets | null): UpdateSyncBody {
  checkSecretsResent(stored, patch);
  const problems: ErrorDetail[] = [];
  const kept: UpdateSyncBody = { ...patch };
  if (patch.auth) {
    const auth: Record<string, unknown> = { ...patch.auth };
    const sameType = stored.auth?.type === patch.auth.type;
    for (const field of maskedAuthFields(patch.auth)) {
      const secret = sameType ? secrets?.[field] : undefined;
      if (secret === undefined) problems.push({ field: `auth.${field}`, message: noStoredValue('secret') });
      else auth[field] = secret;
    }
    kept.auth = auth as Auth;
  }
  if (patch.headers) kept.headers = keptEntries(patch.headers, stored.headers, 'headers', problems);
  if (patch.query_params) kept.query_params = keptEntries(patch.query_params, stored.query_params, 'query_params', problems);
  if (problems.length > 0) throw new ValidationError(problems);
  return kept;
}
