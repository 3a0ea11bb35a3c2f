import { randomBytes } from 'node:crypto';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStorage } from '../../app/open-storage.js';
import { loadConfig } from '../../src/config/config.js';
import { SecretBox } from '../../src/storage/secret-box.js';
import type { Storage } from '../../src/storage/storage.js';
import { createDatabase, findPostgresBin, type PostgresCluster, startPostgresCluster } from '../helpers/postgres-cluster.js';
import { makeTestCertificates, type TestCertificates } from '../helpers/test-certificates.js';

// A cluster of this file's own that accepts TCP clients over TLS only (hostssl), with a server
// certificate for 127.0.0.1 signed by a test CA: DATABASE_URL's sslmode, sslrootcert and PGSSLMODE
// go through syncd's configuration and openStorage as in a deployment.
const root = path.resolve(import.meta.dirname, '..', '..');
const bin = findPostgresBin();
const secretKey = randomBytes(32).toString('hex');
let certificates: TestCertificates;
let otherCa: TestCertificates;
let cluster: PostgresCluster;
let databaseUrl: string;

beforeAll(async () => {
  if (bin === undefined) return;
  certificates = makeTestCertificates('localhost', '127.0.0.1');
  otherCa = makeTestCertificates('localhost', '127.0.0.1');
  cluster = await startPostgresCluster(bin, { certFile: certificates.serverCert, keyFile: certificates.serverKey });
  databaseUrl = await createDatabase(`${cluster.url}?sslmode=verify-full&sslrootcert=${certificates.caCert}`);
});

afterAll(async () => {
  await cluster?.stop();
  certificates?.remove();
  otherCa?.remove();
});

/** DATABASE_URL with its query replaced by `query`. */
function urlWith(query: string): string {
  const url = new URL(databaseUrl);
  url.search = query;
  return url.toString();
}

function open(env: Record<string, string>): Promise<Storage> {
  const config = loadConfig(root, { SYNCD_SECRET_KEY: secretKey, SYNCD_WEBHOOK_SECRET: 'webhook-secret-0123456789', ...env });
  return openStorage(config, { secretBox: new SecretBox(Buffer.from(secretKey, 'hex')) });
}

async function usesTls(connectionString: string): Promise<boolean> {
  const client = new pg.Client({ connectionString });
  await client.connect();
  try {
    const { rows } = await client.query<{ ssl: boolean }>('SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()');
    return rows[0]!.ssl;
  } finally {
    await client.end();
  }
}

describe.skipIf(bin === undefined && !process.env.CI)('PostgreSQL over TLS', () => {
  it('stores through a verified TLS connection with sslmode=verify-full and the CA in sslrootcert', async () => {
    const url = urlWith(`sslmode=verify-full&sslrootcert=${certificates.caCert}`);
    const storage = await open({ DATABASE_URL: url });
    try {
      await storage.ping();
      expect((await storage.countSyncsByStatus()).active).toBe(0);
    } finally {
      await storage.close();
    }
    expect(await usesTls(url)).toBe(true);
  });

  it('takes the mode from PGSSLMODE when the URL names none', async () => {
    const storage = await open({ DATABASE_URL: urlWith(`sslrootcert=${certificates.caCert}`), PGSSLMODE: 'verify-full' });
    await storage.ping();
    await storage.close();
    // The same URL without PGSSLMODE is a plain connection, which this server refuses.
    await expect(open({ DATABASE_URL: urlWith('') })).rejects.toThrow(/could not open the PostgreSQL database at DATABASE_URL=/);
  });

  it('refuses a server whose certificate the given CA did not sign, and a plain connection, naming DATABASE_URL', async () => {
    const untrusted = open({ DATABASE_URL: urlWith(`sslmode=verify-full&sslrootcert=${otherCa.caCert}`) });
    await expect(untrusted).rejects.toThrow(/could not open the PostgreSQL database at DATABASE_URL=/);
    await expect(untrusted.catch((error: Error) => String(error.cause))).resolves.toMatch(/certificate/i);

    const plain = open({ DATABASE_URL: urlWith('sslmode=disable') });
    await expect(plain.catch((error: Error) => String(error.cause))).resolves.toMatch(/no encryption|pg_hba/);
  });
});
