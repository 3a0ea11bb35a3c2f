import { createHash, timingSafeEqual } from 'node:crypto';
import type { Request, RequestHandler } from 'express';
import { ANONYMOUS_ACTOR } from '../contracts/sync-health.js';
import { ForbiddenError, UnauthorizedError } from './errors.js';

/** Methods a read-only key may use. */
const READ_METHODS = new Set(['GET', 'HEAD']);

type Role = 'write' | 'read';

interface KnownKey {
  digest: Buffer;
  role: Role;
  name: string;
}

/** Who made a request, for the audit trail: its key's name, or `anonymous` when no keys are configured. */
const actors = new WeakMap<Request, string>();

export function actorOf(req: Request): string {
  return actors.get(req) ?? ANONYMOUS_ACTOR;
}

const digestOf = (text: string): Buffer => createHash('sha256').update(text, 'utf8').digest();

/** The token of `Authorization: Bearer <token>`; undefined when the header is missing or of another scheme. */
function bearerToken(req: Request): string | undefined {
  const match = /^Bearer[ ]+(\S+)[ ]*$/i.exec(req.get('authorization') ?? '');
  return match?.[1];
}

/**
 * The role of `token`. Both sides are hashed to equal-length digests so timingSafeEqual applies,
 * and every known key is compared (no early exit), so the time taken says nothing about which
 * key, or how much of one, matched.
 */
function keyOf(token: string, known: readonly KnownKey[]): KnownKey | undefined {
  const digest = digestOf(token);
  let found: KnownKey | undefined;
  for (const key of known) {
    const equal = timingSafeEqual(digest, key.digest);
    if (equal) found = key;
  }
  return found;
}

/**
 * Requires `Authorization: Bearer <key>` on every request `isOpen` does not let through, once any key
 * is configured: 401 without a known key, 403 for a read-only key on anything but GET and HEAD.
 * The token is never put in an error message, so no log line can carry it.
 */
export function apiKeyCheck(
  keys: { keys: readonly string[]; keyNames: readonly string[]; readKeys: readonly string[]; readKeyNames: readonly string[] },
  isOpen: (req: Request) => boolean,
): RequestHandler {
  const known: KnownKey[] = [
    ...keys.keys.map(
      (key, index): KnownKey => ({ digest: digestOf(key), role: 'write', name: keys.keyNames[index] ?? `key-${index + 1}` }),
    ),
    ...keys.readKeys.map(
      (key, index): KnownKey => ({ digest: digestOf(key), role: 'read', name: keys.readKeyNames[index] ?? `read-key-${index + 1}` }),
    ),
  ];
  return (req, res, next) => {
    if (known.length === 0 || isOpen(req)) return next();
    const token = bearerToken(req);
    const key = token === undefined ? undefined : keyOf(token, known);
    if (key === undefined) {
      res.set('WWW-Authenticate', 'Bearer realm="syncd"');
      const problem = token === undefined ? 'no API key: send one as "Authorization: Bearer <key>"' : 'the API key is not one syncd knows';
      return next(new UnauthorizedError(problem));
    }
    if (key.role === 'read' && !READ_METHODS.has(req.method)) {
      return next(new ForbiddenError(`this API key may only read (GET); ${req.method} needs a key from SYNCD_API_KEYS`));
    }
    actors.set(req, key.name);
    next();
  };
}
