import { randomBytes } from 'node:crypto';
import { existsSync, linkSync, mkdirSync, readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { type Config, secretKeyBytes } from './config.js';

export interface Secrets {
  /** Encrypts auth secrets at rest (AES-256-GCM). */
  key: Buffer;
  /** Signs webhook bodies (HMAC-SHA256); receivers verify with it. */
  webhookSecret: string;
}

function readOrCreate(file: string, create: () => string): string {
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  // Written aside, then linked into place, which fails when the file exists: processes starting
  // together on a fresh machine (an API and workers) all read the one value that got there first,
  // never a half-written file.
  const draft = `${file}.${process.pid}.${randomBytes(6).toString('hex')}`;
  writeFileSync(draft, `${create()}\n`, { mode: 0o600, flag: 'wx' });
  try {
    linkSync(draft, file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  } finally {
    unlinkSync(draft);
  }
  return readFileSync(file, 'utf8').trim();
}

/**
 * The secrets from the environment, or else from files beside the database, generated on first
 * start so that `npm start` works on a fresh machine. Production sets SYNCD_SECRET_KEY and
 * SYNCD_WEBHOOK_SECRET; losing the key makes stored auth secrets unreadable.
 */
export function resolveSecrets(config: Config): Secrets {
  const key = config.secrets.key ?? secretKeyBytes(readOrCreate(config.secrets.keyFile, () => randomBytes(32).toString('hex')));
  if (!key) throw new Error(`${config.secrets.keyFile} does not hold a 32-byte key`);
  const webhookSecret =
    config.secrets.webhookSecret ?? readOrCreate(config.secrets.webhookSecretFile, () => randomBytes(24).toString('base64url'));
  return { key, webhookSecret };
}
