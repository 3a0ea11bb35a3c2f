import { looksSecret } from '../../src/contracts/auth.js';
import type { SyncDefinition } from '../../src/contracts/sync-definition.js';

/**
 * The origins a sync's credentials may go to: its `url`'s and its `allowed_origins`. Anything else
 * (a next URL, a Link or a redirect to another host) is fetched without them.
 */
export function credentialOrigins(definition: Pick<SyncDefinition, 'url' | 'allowed_origins'>): ReadonlySet<string> {
  // Definitions stored before allowed_origins existed have none.
  return new Set([new URL(definition.url).origin, ...(definition.allowed_origins ?? [])]);
}

/** The headers without those whose names look like credentials (Authorization, X-Api-Key...). */
export function withoutSecretHeaders(headers: Headers): Headers {
  const kept = new Headers();
  headers.forEach((value, name) => {
    if (!looksSecret(name)) kept.set(name, value);
  });
  return kept;
}

/** The URL without query params whose value is one of `secrets` (an API may echo its key into next links). */
export function withoutSecretParams(url: URL, secrets: readonly string[]): URL {
  const kept = new URL(url);
  if (secrets.length === 0) return kept;
  for (const [name, value] of [...kept.searchParams]) if (secrets.includes(value)) kept.searchParams.delete(name);
  return kept;
}

/** Values of the definition's headers and query params whose names look like credentials. */
export function definitionSecrets(definition: Pick<SyncDefinition, 'headers' | 'query_params'>): string[] {
  const named = [...Object.entries(definition.headers), ...Object.entries(definition.query_params)];
  return named.filter(([name, value]) => looksSecret(name) && String(value) !== '').map(([, value]) => String(value));
}
