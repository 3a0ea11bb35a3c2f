import { AUTH_SECRET_FIELDS, SECRET_MASK, type AuthSecrets } from '../contracts/auth.js';
import type { SyncDefinition, UpdateSyncBody } from '../contracts/sync-definition.js';

/**
 * A PATCH may send back the auth it read, secrets shown as "***": those keep the stored secret
 * instead of becoming the literal "***".
 */
export function withKeptSecrets(patch: UpdateSyncBody, stored: SyncDefinition, secrets: AuthSecrets | null): UpdateSyncBody {
  if (!patch.auth || !secrets || stored.auth?.type !== patch.auth.type) return patch;
  const auth: Record<string, unknown> = { ...patch.auth };
  for (const field of AUTH_SECRET_FIELDS[patch.auth.type]) {
    if (auth[field] === SECRET_MASK && secrets[field] !== undefined) auth[field] = secrets[field];
  }
  return { ...patch, auth: auth as UpdateSyncBody['auth'] };
}
