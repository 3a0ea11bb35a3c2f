import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { isLoopbackHost } from '../../src/config/api-access.js';
import { ConfigError, loadConfig } from '../../src/config/config.js';
import { thrownBy } from '../helpers/thrown-by.js';

const root = path.resolve(import.meta.dirname, '..', '..');
const KEY = 'k'.repeat(40);
const READ_KEY = 'r'.repeat(40);

const accessOf = (env: Record<string, string>) => loadConfig(root, env).api.access;

/** The ConfigError `env` fails with, as its message. */
function refusal(env: Record<string, string>): string {
  const error = thrownBy(() => loadConfig(root, env));
  expect(error).toBeInstanceOf(ConfigError);
  return (error as Error).message;
}

describe('the API access settings', () => {
  it('default to loopback, no keys and no public host names', () => {
    expect(accessOf({})).toEqual({ host: '127.0.0.1', keys: [], keyNames: [], readKeys: [], readKeyNames: [], publicHosts: [] });
  });

  it('read comma-separated keys, read keys and host names, trimming blanks', () => {
    expect(
      accessOf({
        SYNCD_API_KEYS: ` ${KEY}, ${KEY.toUpperCase()} ,`,
        SYNCD_READ_API_KEYS: READ_KEY,
        SYNCD_API_HOST: '0.0.0.0',
        SYNCD_PUBLIC_HOSTS: 'Syncd.Example, dash.internal',
      }),
    ).toEqual({
      host: '0.0.0.0',
      keys: [KEY, KEY.toUpperCase()],
      keyNames: ['key-1', 'key-2'],
      readKeys: [READ_KEY],
      readKeyNames: ['read-key-1'],
      publicHosts: ['syncd.example', 'dash.internal'],
    });
  });

  it('read an optional name before a colon, naming bare keys by position', () => {
    const access = accessOf({ SYNCD_API_KEYS: `ci:${KEY},${KEY.toUpperCase()}`, SYNCD_READ_API_KEYS: `grafana.ro:${READ_KEY}` });
    expect(access.keys).toEqual([KEY, KEY.toUpperCase()]);
    expect(access.keyNames).toEqual(['ci', 'key-2']);
    expect(access.readKeys).toEqual([READ_KEY]);
    expect(access.readKeyNames).toEqual(['grafana.ro']);
  });

  it('refuse a key name given twice, without repeating a key', () => {
    const message = refusal({ SYNCD_API_KEYS: `ci:${KEY}`, SYNCD_READ_API_KEYS: `ci:${READ_KEY}` });
    expect(message).toContain('key names ci are given twice');
    expect(message).not.toContain(KEY);
  });

  it.each(['0.0.0.0', '::', '192.168.1.10', 'syncd.example'])('refuse to bind %s without a key, saying why', (host) => {
    const message = refusal({ SYNCD_API_HOST: host });
    expect(message).toContain(`SYNCD_API_HOST: ${host} is not a loopback address, so SYNCD_API_KEYS must be set`);
    expect(message).toContain('anyone who reaches it');
  });

  it('bind beyond loopback once any key is set, a read-only one included', () => {
    expect(accessOf({ SYNCD_API_HOST: '0.0.0.0', SYNCD_API_KEYS: KEY }).host).toBe('0.0.0.0');
    expect(accessOf({ SYNCD_API_HOST: '0.0.0.0', SYNCD_READ_API_KEYS: READ_KEY }).host).toBe('0.0.0.0');
  });

  it('refuse a short key by its position and length, never repeating it', () => {
    const short = 'short-secret-123';
    const message = refusal({ SYNCD_API_KEYS: `${KEY},${short}`, SYNCD_READ_API_KEYS: 'tiny-read-key' });
    expect(message).toContain('SYNCD_API_KEYS: key 2 of 2 has 16 characters; each key must have at least 32');
    expect(message).toContain('SYNCD_READ_API_KEYS: the key has 13 characters');
    expect(message).not.toContain(short);
    expect(message).not.toContain('tiny-read-key');
    expect(message).not.toContain(KEY);
  });

  it('refuse a key a bearer header cannot carry, and one given both roles, without repeating either', () => {
    const spaced = `${'s'.repeat(20)} ${'t'.repeat(20)}`;
    const message = refusal({ SYNCD_API_KEYS: `${spaced},${KEY}`, SYNCD_READ_API_KEYS: KEY });
    expect(message).toContain('SYNCD_API_KEYS: key 1 of 2 holds characters a bearer token cannot carry');
    expect(message).toContain('SYNCD_READ_API_KEYS: a key is also in SYNCD_API_KEYS');
    expect(message).not.toContain('s'.repeat(20));
    expect(message).not.toContain(KEY);
  });

  it('refuse a public host given with a scheme or port', () => {
    expect(refusal({ SYNCD_PUBLIC_HOSTS: 'ok.example,https://syncd.example,syncd.example:3003' })).toContain(
      'SYNCD_PUBLIC_HOSTS: "https://syncd.example", "syncd.example:3003": give host names only',
    );
  });
});

describe('isLoopbackHost', () => {
  it.each(['127.0.0.1', '127.8.9.10', 'localhost', 'LOCALHOST', '::1', '[::1]', '::ffff:127.0.0.1'])('%s is loopback', (host) => {
    expect(isLoopbackHost(host)).toBe(true);
  });

  it.each(['0.0.0.0', '::', '10.0.0.1', '128.0.0.1', 'localhost.example', '::ffff:10.0.0.1', '127.example'])('%s is not', (host) => {
    expect(isLoopbackHost(host)).toBe(false);
  });
});
