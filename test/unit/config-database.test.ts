import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ConfigError, DEFAULT_MAX_CACHED_WORKFLOWS, loadConfig } from '../../src/config/config.js';
import { maskPassword, withSslMode } from '../../src/storage/postgres/database-url.js';

const rootDir = fileURLToPath(new URL('../..', import.meta.url));
const SHARED_SECRETS = { SYNCD_SECRET_KEY: 'ab'.repeat(32), SYNCD_WEBHOOK_SECRET: 'a-webhook-secret-of-some-length' };

describe('database configuration', () => {
  it('without DATABASE_URL, storage is the SQLite file', () => {
    expect(loadConfig(rootDir, {}).database.postgres).toBeUndefined();
  });

  it('DATABASE_URL selects PostgreSQL, with PGSSLMODE and a pool of 10 unless SYNCD_PG_POOL_SIZE says otherwise', () => {
    const url = 'postgres://syncd:secret@db.internal:5432/syncd';
    expect(loadConfig(rootDir, { DATABASE_URL: url, ...SHARED_SECRETS }).database.postgres).toEqual({
      url,
      sslMode: undefined,
      poolSize: 10,
    });
    expect(
      loadConfig(rootDir, { DATABASE_URL: url, PGSSLMODE: 'require', SYNCD_PG_POOL_SIZE: '25', ...SHARED_SECRETS }).database.postgres,
    ).toEqual({
      url,
      sslMode: 'require',
      poolSize: 25,
    });
  });

  it('rejects a URL that is not PostgreSQL, an unknown PGSSLMODE and a pool of 0, naming each and never the password', () => {
    const load = () =>
      loadConfig(rootDir, { DATABASE_URL: 'mysql://root:hunter2@localhost/db', PGSSLMODE: 'sometimes', SYNCD_PG_POOL_SIZE: '0' });
    expect(load).toThrow(ConfigError);
    expect(load).toThrow(/DATABASE_URL: must be a PostgreSQL URL[\s\S]*PGSSLMODE[\s\S]*SYNCD_PG_POOL_SIZE/);
    expect(() => load()).not.toThrow(/hunter2/);
  });

  it('with DATABASE_URL, requires the secret key and webhook secret every process must share', () => {
    const url = 'postgres://syncd:secret@db.internal:5432/syncd';
    const load = (env: Record<string, string>) => () => loadConfig(rootDir, { DATABASE_URL: url, ...env });
    expect(load({})).toThrow(/SYNCD_SECRET_KEY: required with DATABASE_URL[\s\S]*SYNCD_WEBHOOK_SECRET: required with DATABASE_URL/);
    expect(load({ SYNCD_SECRET_KEY: SHARED_SECRETS.SYNCD_SECRET_KEY })).toThrow(/SYNCD_WEBHOOK_SECRET: required/);
    expect(load({ SYNCD_SECRET_KEY: SHARED_SECRETS.SYNCD_SECRET_KEY })).not.toThrow(/SYNCD_SECRET_KEY/);
    expect(load(SHARED_SECRETS)).not.toThrow();
  });
});

describe('database URLs', () => {
  it('masks the password whenever a URL is shown', () => {
    expect(maskPassword('postgres://syncd:s3cr%40t@db:5432/syncd?sslmode=require')).toBe(
      'postgres://syncd:***@db:5432/syncd?sslmode=require',
    );
    expect(maskPassword('postgres://syncd@db/syncd')).toBe('postgres://syncd@db/syncd');
  });

  it('adds PGSSLMODE to a URL without sslmode, and leaves the URL’s own sslmode alone', () => {
    expect(withSslMode('postgres://u:p@db/syncd', 'verify-full')).toBe('postgres://u:p@db/syncd?sslmode=verify-full');
    expect(withSslMode('postgres://u:p@db/syncd?sslmode=disable', 'require')).toBe('postgres://u:p@db/syncd?sslmode=disable');
    expect(withSslMode('postgres://u:p@db/syncd', undefined)).toBe('postgres://u:p@db/syncd');
  });
});

describe('worker configuration', () => {
  it('caches 250 workflows unless SYNCD_MAX_CACHED_WORKFLOWS says otherwise, and refuses a negative count', () => {
    expect(loadConfig(rootDir, {}).maxCachedWorkflows).toBe(DEFAULT_MAX_CACHED_WORKFLOWS);
    expect(DEFAULT_MAX_CACHED_WORKFLOWS).toBe(250);
    expect(loadConfig(rootDir, { SYNCD_MAX_CACHED_WORKFLOWS: '40' }).maxCachedWorkflows).toBe(40);
    expect(() => loadConfig(rootDir, { SYNCD_MAX_CACHED_WORKFLOWS: '-1' })).toThrow(/SYNCD_MAX_CACHED_WORKFLOWS/);
  });

  it('gives a fetch 20 s without a heartbeat unless SYNCD_FETCH_HEARTBEAT_TIMEOUT_MS says otherwise, between 3 s and 10 minutes', () => {
    expect(loadConfig(rootDir, {}).fetchTiming.heartbeatTimeoutMs).toBe(20_000);
    expect(loadConfig(rootDir, { SYNCD_FETCH_HEARTBEAT_TIMEOUT_MS: '8000' }).fetchTiming.heartbeatTimeoutMs).toBe(8_000);
    for (const bad of ['2999', '600001', 'soon']) {
      expect(() => loadConfig(rootDir, { SYNCD_FETCH_HEARTBEAT_TIMEOUT_MS: bad })).toThrow(/SYNCD_FETCH_HEARTBEAT_TIMEOUT_MS/);
    }
  });

  it('waits 1 s before a fetch retry unless SYNCD_FETCH_RETRY_INITIAL_MS says otherwise, between 1 ms and a minute', () => {
    expect(loadConfig(rootDir, {}).fetchTiming.retryInitialMs).toBe(1_000);
    expect(loadConfig(rootDir, { SYNCD_FETCH_RETRY_INITIAL_MS: '100' }).fetchTiming.retryInitialMs).toBe(100);
    for (const bad of ['0', '60001', 'soon']) {
      expect(() => loadConfig(rootDir, { SYNCD_FETCH_RETRY_INITIAL_MS: bad })).toThrow(/SYNCD_FETCH_RETRY_INITIAL_MS/);
    }
  });

  it('waits 1 s before a webhook retry unless SYNCD_WEBHOOK_RETRY_INITIAL_MS says otherwise, between 1 ms and a minute', () => {
    expect(loadConfig(rootDir, {}).webhooks.retryInitialMs).toBe(1_000);
    expect(loadConfig(rootDir, { SYNCD_WEBHOOK_RETRY_INITIAL_MS: '300' }).webhooks.retryInitialMs).toBe(300);
    expect(loadConfig(rootDir, { SYNCD_WEBHOOK_RETRY_INITIAL_MS: '60000' }).webhooks.retryInitialMs).toBe(60_000);
    for (const bad of ['0', '60001', '1.5', 'soon']) {
      expect(() => loadConfig(rootDir, { SYNCD_WEBHOOK_RETRY_INITIAL_MS: bad })).toThrow(/SYNCD_WEBHOOK_RETRY_INITIAL_MS/);
    }
  });
});
