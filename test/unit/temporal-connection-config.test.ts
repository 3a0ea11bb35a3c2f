import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config/config.js';
import { describeTemporalConnection, needsOwnServer, temporalConnectionOptions } from '../../src/temporal/connection-options.js';
import { thrownBy } from '../helpers/thrown-by.js';

const root = path.resolve(import.meta.dirname, '..', '..');
const dir = mkdtempSync(path.join(tmpdir(), 'syncd-tls-config-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The config only checks the PEM markers; the TLS e2e test uses real certificates. */
function pemFile(name: string, text: string): string {
  const file = path.join(dir, name);
  writeFileSync(file, text);
  return file;
}
const CERT = '-----BEGIN CERTIFICATE-----\nY2VydA==\n-----END CERTIFICATE-----\n';
const KEY = '-----BEGIN PRIVATE KEY-----\na2V5\n-----END PRIVATE KEY-----\n';
const CA = '-----BEGIN CERTIFICATE-----\nY2E=\n-----END CERTIFICATE-----\n';
const certFile = pemFile('client.pem', CERT);
const keyFile = pemFile('client.key', KEY);
const caFile = pemFile('ca.pem', CA);

const temporalOf = (env: Record<string, string>) => loadConfig(root, env).temporal;
const problemsOf = (env: Record<string, string>): string => {
  const error = thrownBy(() => loadConfig(root, env));
  expect(error).toBeInstanceOf(ConfigError);
  return (error as ConfigError).message;
};

describe('Temporal connection settings', () => {
  it('without TLS variables connect in plaintext, with no API key, to the configured address', () => {
    const temporal = temporalOf({ TEMPORAL_ADDRESS: 'temporal.internal:7233' });
    expect(temporalConnectionOptions(temporal)).toEqual({ address: 'temporal.internal:7233', tls: false });
    expect(needsOwnServer(temporal)).toBe(false);
    expect(describeTemporalConnection(temporal)).toBe('temporal.internal:7233 (plaintext)');
  });

  it('read the client certificate, key and CA files and the server name into the TLS options', () => {
    const temporal = temporalOf({
      TEMPORAL_ADDRESS: '10.0.0.5:7233',
      TEMPORAL_TLS_CERT: certFile,
      TEMPORAL_TLS_KEY: keyFile,
      TEMPORAL_TLS_CA: caFile,
      TEMPORAL_TLS_SERVER_NAME: 'temporal.example.com',
    });
    const options = temporalConnectionOptions(temporal);
    expect(options).toEqual({
      address: '10.0.0.5:7233',
      tls: {
        serverNameOverride: 'temporal.example.com',
        serverRootCACertificate: Buffer.from(CA),
        clientCertPair: { crt: Buffer.from(CERT), key: Buffer.from(KEY) },
      },
    });
    expect(needsOwnServer(temporal)).toBe(true);
    expect(describeTemporalConnection(temporal)).toBe(
      '10.0.0.5:7233 (TLS trusting CA from TEMPORAL_TLS_CA, client certificate from TEMPORAL_TLS_CERT and TEMPORAL_TLS_KEY, server name temporal.example.com)',
    );
  });

  it("take the temporal CLI's own names too, file paths and inline PEM alike", () => {
    const byPath = temporalOf({
      TEMPORAL_TLS_CLIENT_CERT_PATH: certFile,
      TEMPORAL_TLS_CLIENT_KEY_PATH: keyFile,
      TEMPORAL_TLS_SERVER_CA_CERT_PATH: caFile,
    });
    const inline = temporalOf({
      TEMPORAL_TLS_CLIENT_CERT_DATA: CERT,
      TEMPORAL_TLS_CLIENT_KEY_DATA: KEY,
      TEMPORAL_TLS_SERVER_CA_CERT_DATA: CA,
    });
    const expected = { serverRootCACertificate: Buffer.from(CA), clientCertPair: { crt: Buffer.from(CERT), key: Buffer.from(KEY) } };
    expect(temporalConnectionOptions(byPath).tls).toEqual(expected);
    expect(temporalConnectionOptions(inline).tls).toEqual(expected);
    expect(byPath.security.tls?.clientCert?.cert).toMatchObject({ variable: 'TEMPORAL_TLS_CLIENT_CERT_PATH', path: certFile });
    expect(inline.security.tls?.clientCert?.cert).toMatchObject({ variable: 'TEMPORAL_TLS_CLIENT_CERT_DATA', path: undefined });
  });

  it('an API key turns TLS on with the system CAs (Temporal Cloud), and goes to the connection as apiKey', () => {
    const temporal = temporalOf({ TEMPORAL_ADDRESS: 'eu-west-1.aws.api.temporal.io:7233', TEMPORAL_API_KEY: 'secret-key' });
    expect(temporalConnectionOptions(temporal)).toEqual({ address: 'eu-west-1.aws.api.temporal.io:7233', tls: {}, apiKey: 'secret-key' });
    expect(needsOwnServer(temporal)).toBe(true);
    const described = describeTemporalConnection(temporal);
    expect(described).toBe("eu-west-1.aws.api.temporal.io:7233 (TLS trusting the system's CAs; API key from TEMPORAL_API_KEY)");
    expect(described).not.toContain('secret-key');
  });

  it('TEMPORAL_TLS turns TLS on alone, or off for an API key sent in plaintext (a local proxy)', () => {
    expect(temporalConnectionOptions(temporalOf({ TEMPORAL_TLS: 'true' })).tls).toEqual({});
    expect(temporalConnectionOptions(temporalOf({ TEMPORAL_TLS: 'false', TEMPORAL_API_KEY: 'k' }))).toMatchObject({
      tls: false,
      apiKey: 'k',
    });
  });
});

describe('Temporal connection settings that make no sense', () => {
  it('a client certificate without its key names both variables', () => {
    expect(problemsOf({ TEMPORAL_TLS_CERT: certFile })).toContain(
      'environment: TEMPORAL_TLS_CERT: a client certificate needs its private key: set TEMPORAL_TLS_KEY too, or neither',
    );
  });

  it("a key without its certificate names both variables, in the CLI's spelling when it was used", () => {
    expect(problemsOf({ TEMPORAL_TLS_CLIENT_KEY_PATH: keyFile })).toContain(
      'environment: TEMPORAL_TLS_CLIENT_KEY_PATH: a client private key needs its certificate: set TEMPORAL_TLS_CLIENT_CERT_PATH too, or neither',
    );
  });

  it('a file that cannot be read names the variable and the path', () => {
    const missing = path.join(dir, 'no-such.pem');
    const message = problemsOf({ TEMPORAL_TLS_CERT: certFile, TEMPORAL_TLS_KEY: missing });
    expect(message).toContain(`environment: TEMPORAL_TLS_KEY: cannot read ${missing}: ENOENT`);
  });

  it('a file that holds no PEM names the variable and the path', () => {
    const notPem = pemFile('ca.der', 'not a certificate');
    expect(problemsOf({ TEMPORAL_TLS_CA: notPem })).toContain(`environment: TEMPORAL_TLS_CA: ${notPem} holds no PEM certificate`);
    expect(problemsOf({ TEMPORAL_TLS_CERT: certFile, TEMPORAL_TLS_KEY: certFile })).toContain(
      `environment: TEMPORAL_TLS_KEY: ${certFile} holds no PEM private key`,
    );
  });

  it('the same file given twice, differently, names both variables', () => {
    expect(problemsOf({ TEMPORAL_TLS_CA: caFile, TEMPORAL_TLS_SERVER_CA_CERT_PATH: certFile })).toContain(
      'environment: TEMPORAL_TLS_CA, TEMPORAL_TLS_SERVER_CA_CERT_PATH: give the PEM certificate once',
    );
  });

  it('TEMPORAL_TLS false beside TLS settings, or not a boolean, is refused', () => {
    expect(problemsOf({ TEMPORAL_TLS: 'false', TEMPORAL_TLS_CA: caFile })).toContain(
      'environment: TEMPORAL_TLS: false, yet TEMPORAL_TLS_CA set TLS up',
    );
    expect(problemsOf({ TEMPORAL_TLS: 'maybe' })).toContain('environment: TEMPORAL_TLS:');
    expect(problemsOf({ TEMPORAL_API_KEY: '' })).toContain('environment: TEMPORAL_API_KEY:');
  });

  it("the CLI's TEMPORAL_TLS_DISABLE_HOST_VERIFICATION is refused with what to do instead, not ignored", () => {
    expect(problemsOf({ TEMPORAL_TLS_DISABLE_HOST_VERIFICATION: 'true' })).toContain(
      'environment: TEMPORAL_TLS_DISABLE_HOST_VERIFICATION: is not supported by syncd: set TEMPORAL_TLS_SERVER_NAME',
    );
    expect(temporalOf({ TEMPORAL_TLS_DISABLE_HOST_VERIFICATION: 'false' }).security.tls).toBeUndefined();
  });

  it('are listed with every other configuration problem at once', () => {
    const message = problemsOf({ TEMPORAL_TLS_CERT: certFile, SYNCD_API_PORT: 'eighty' });
    expect(message).toContain('environment: SYNCD_API_PORT');
    expect(message).toContain('environment: TEMPORAL_TLS_CERT');
  });
});
