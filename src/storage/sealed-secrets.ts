import type { AuthSecrets } from '../contracts/auth.js';
import type { SecretBox } from './secret-box.js';

/** A sync's auth secrets as stored: sealed JSON, or null when the sync has none. */
export function sealSecrets(box: SecretBox, secrets: AuthSecrets | null): string | null {
  return secrets === null ? null : box.seal(JSON.stringify(secrets));
}

/** Throws when the sealed text was tampered with or sealed with another key. */
export function openSecrets(box: SecretBox, sealed: string | null): AuthSecrets | null {
  return sealed === null ? null : (JSON.parse(box.open(sealed)) as AuthSecrets);
}
