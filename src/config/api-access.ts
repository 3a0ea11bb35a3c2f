import { isIPv4 } from 'node:net';

/** Who may call the API and on which address it listens: SYNCD_API_KEYS, SYNCD_READ_API_KEYS, SYNCD_API_HOST, SYNCD_PUBLIC_HOSTS. */
export interface ApiAccess {
  /** The address the API listens on. */
  host: string;
  /** Keys that may make any request. */
  keys: string[];
  /** The name of each of `keys`, by position: the audit trail's actor. */
  keyNames: string[];
  /** Keys that may only read (GET and HEAD). */
  readKeys: string[];
  /** The name of each of `readKeys`, by position. */
  readKeyNames: string[];
  /** Host names besides localhost, 127.0.0.1 and [::1] that requests may name while the API listens on loopback. */
  publicHosts: string[];
}

export const DEFAULT_API_HOST = '127.0.0.1';
/** Shorter keys could be guessed; 32 characters of a random token are far beyond that. */
export const MIN_API_KEY_LENGTH = 32;

/** What a bearer token may hold (RFC 6750 b64token, plus the rest of visible ASCII but the comma that separates keys). */
const KEY_CHARACTERS = /^[\x21-\x2b\x2d-\x7e]+$/;
/** A host name or IPv4 address, or an IPv6 address in brackets; no scheme, no port. */
const HOST_NAME = /^(?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)*|\[[0-9a-f:.]+\])$/;

/** A key's optional name, before a colon: `ci:<key>`. */
const KEY_NAME = /^([A-Za-z0-9_.-]{1,64}):(.+)$/;

/**
 * Each `name:key` entry's name and key; a bare key is named by its position, `key-1`, `key-2`
 * (`read-key-1` among read keys), so keys configured before names existed keep working.
 */
function namedKeys(entries: string[], prefix: string): { keys: string[]; names: string[] } {
  const named = entries.map((entry, index) => {
    const match = KEY_NAME.exec(entry);
    return match ? { name: match[1] ?? '', key: match[2] ?? '' } : { name: `${prefix}-${index + 1}`, key: entry };
  });
  return { keys: named.map((entry) => entry.key), names: named.map((entry) => entry.name) };
}

function listOf(text: string | undefined): string[] {
  return (text ?? '')
    .split(',')
    .map((item) => item.trim())
    .filter((item) => item !== '');
}

/** True for an address that only this machine reaches: localhost, 127.0.0.0/8, ::1 and its IPv4-mapped forms. */
export function isLoopbackHost(host: string): boolean {
  const bare = host.toLowerCase().replace(/^\[(.*)\]$/, '$1');
  if (bare === 'localhost' || bare === '::1' || bare === '0:0:0:0:0:0:0:1') return true;
  const v4 = bare.replace(/^::ffff:/, '');
  return isIPv4(v4) && v4.startsWith('127.');
}

/** The problems of one list of keys, by position: a message must never carry a key, nor part of one. */
function keyProblems(name: string, keys: string[]): string[] {
  return keys.flatMap((key, index) => {
    const which = keys.length > 1 ? `key ${index + 1} of ${keys.length}` : 'the key';
    if (key.length < MIN_API_KEY_LENGTH) {
      return [`environment: ${name}: ${which} has ${key.length} characters; each key must have at least ${MIN_API_KEY_LENGTH}`];
    }
    if (!KEY_CHARACTERS.test(key))
      return [`environment: ${name}: ${which} holds characters a bearer token cannot carry (spaces, controls, non-ASCII)`];
    return [];
  });
}

/** Reads the API's access settings; `problems` lists what is wrong, in words that never repeat a key. */
export function apiAccessFromEnv(env: NodeJS.ProcessEnv): { access: ApiAccess; problems: string[] } {
  const { keys, names: keyNames } = namedKeys(listOf(env.SYNCD_API_KEYS), 'key');
  const { keys: readKeys, names: readKeyNames } = namedKeys(listOf(env.SYNCD_READ_API_KEYS), 'read-key');
  const publicHosts = listOf(env.SYNCD_PUBLIC_HOSTS).map((host) => host.toLowerCase());
  const host = env.SYNCD_API_HOST?.trim() || DEFAULT_API_HOST;
  const problems = [...keyProblems('SYNCD_API_KEYS', keys), ...keyProblems('SYNCD_READ_API_KEYS', readKeys)];
  if (readKeys.some((key) => keys.includes(key))) {
    problems.push('environment: SYNCD_READ_API_KEYS: a key is also in SYNCD_API_KEYS; give each key one role');
  }
  const allNames = [...keyNames, ...readKeyNames];
  const repeated = [...new Set(allNames.filter((name, index) => allNames.indexOf(name) !== index))];
  if (repeated.length > 0) {
    problems.push(`environment: SYNCD_API_KEYS, SYNCD_READ_API_KEYS: key names ${repeated.join(', ')} are given twice; name each key once`);
  }
  const badHosts = publicHosts.filter((name) => !HOST_NAME.test(name));
  if (badHosts.length > 0) {
    problems.push(
      `environment: SYNCD_PUBLIC_HOSTS: ${badHosts.map((name) => JSON.stringify(name)).join(', ')}: give host names only, such as syncd.internal (no scheme, no port)`,
    );
  }
  const access = { host, keys, keyNames, readKeys, readKeyNames, publicHosts };
  if (!isLoopbackHost(host) && !hasApiKeys(access)) {
    problems.push(
      `environment: SYNCD_API_HOST: ${host} is not a loopback address, so SYNCD_API_KEYS must be set: ` +
        'without keys anyone who reaches it could read every record and create, change or cancel syncs',
    );
  }
  return { access, problems };
}

export function hasApiKeys(access: ApiAccess): boolean {
  return access.keys.length + access.readKeys.length > 0;
}

/** Logged once when the API starts without keys (config refuses that on any address but loopback). */
export function unauthenticatedWarning(host: string): string {
  return `the API is unauthenticated (no SYNCD_API_KEYS): it listens on ${host} only, so only this machine can reach it`;
}
