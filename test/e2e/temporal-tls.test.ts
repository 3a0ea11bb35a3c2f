import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { Connection } from '@temporalio/client';
import { NativeConnection } from '@temporalio/worker';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { loadConfig } from '../../src/config/config.js';
import { temporalConnectionOptions } from '../../src/temporal/connection-options.js';
import { jobThroughTemporal } from '../helpers/job-through-temporal.js';
import { makeTestCertificates, type TestCertificates } from '../helpers/test-certificates.js';
import { startTlsProxy, type TlsProxy } from '../helpers/tls-proxy.js';
import { causeMessages, workerStartFailure } from '../helpers/worker-start-failure.js';

const root = path.resolve(import.meta.dirname, '..', '..');
let certs: TestCertificates;
let proxy: TlsProxy;

beforeAll(async () => {
  certs = makeTestCertificates();
  const [cert, key, clientCa] = await Promise.all([readFile(certs.serverCert), readFile(certs.serverKey), readFile(certs.caCert)]);
  proxy = await startTlsProxy({ target: inject('temporalAddress'), cert, key, clientCa });
});
afterAll(async () => {
  await proxy?.stop();
  certs?.remove();
});

/** Everything a client of the proxy needs; each test leaves one part out. */
const fullTls = () => ({
  TEMPORAL_TLS_CERT: certs.clientCert,
  TEMPORAL_TLS_KEY: certs.clientKey,
  TEMPORAL_TLS_CA: certs.caCert,
  TEMPORAL_TLS_SERVER_NAME: certs.serverName,
});

/** Connects the client's Connection and the worker's NativeConnection as syncd would; each settles on its own. */
async function connectBoth(env: Record<string, string>) {
  const options = temporalConnectionOptions(loadConfig(root, { TEMPORAL_ADDRESS: proxy.address, ...env }).temporal);
  const probe = async (connect: () => Promise<{ close(): Promise<void> }>) => {
    const connection = await connect();
    await connection.close();
  };
  const [client, worker] = await Promise.allSettled([
    probe(async () => {
      const connection = await Connection.connect({ ...options, connectTimeout: '5s' });
      await connection.workflowService.getSystemInfo({});
      return connection;
    }),
    probe(() => NativeConnection.connect(options)),
  ]);
  return { client, worker };
}

describe('syncd behind mutual TLS', () => {
  it('with the CA, a client certificate and the server name, the API and the worker connect through TLS and a job runs', async () => {
    const before = proxy.clients.length;
    const job = await jobThroughTemporal({ address: proxy.address, workflowBundlePath: inject('workflowBundlePath'), env: fullTls() });
    expect(job).toMatchObject({ status: 'succeeded', records: { created: 3, fetched: 3 } });
    // The client (grpc-js) and the worker (Rust core) each opened their own connection through the proxy.
    expect(proxy.clients.slice(before).length).toBeGreaterThanOrEqual(2);
    expect(new Set(proxy.clients.slice(before))).toEqual(new Set(['syncd-worker']));
  });

  it('the same options connect the client and the worker alike', async () => {
    const { client, worker } = await connectBoth(fullTls());
    expect([client.status, worker.status]).toEqual(['fulfilled', 'fulfilled']);
  });

  it('without the CA, neither trusts the server, and the worker does not start, saying how it connected', async () => {
    const { TEMPORAL_TLS_CA: _, ...noCa } = fullTls();
    const { client, worker } = await connectBoth(noCa);
    expect([client.status, worker.status]).toEqual(['rejected', 'rejected']);
    const error = await workerStartFailure(proxy.address, noCa);
    expect(causeMessages(error)).toMatch(
      /could not connect to Temporal at 127\.0\.0\.1:\d+ \(TLS trusting the system's CAs, client certificate from TEMPORAL_TLS_CERT and TEMPORAL_TLS_KEY, server name temporal\.test\)/,
    );
    expect(causeMessages(error)).toContain('UnknownIssuer');
  });

  it('without a client certificate, the server refuses the handshake', async () => {
    const { TEMPORAL_TLS_CERT: _c, TEMPORAL_TLS_KEY: _k, ...noClientCert } = fullTls();
    const refusedBefore = proxy.refusals.length;
    const { client, worker } = await connectBoth(noClientCert);
    expect([client.status, worker.status]).toEqual(['rejected', 'rejected']);
    const error = await workerStartFailure(proxy.address, noClientCert);
    expect(causeMessages(error)).toMatch(
      /could not connect to Temporal at .* \(TLS trusting CA from TEMPORAL_TLS_CA, server name temporal\.test\)/,
    );
    // With TLS 1.3 the client may see the server's alert or only the connection closing; the server saw why.
    const refusals = proxy.refusals.slice(refusedBefore);
    expect(refusals).toContainEqual(expect.stringMatching(/peer did not return a certificate/));
  });

  it('without the server name, the address does not match the certificate and neither connects', async () => {
    const { TEMPORAL_TLS_SERVER_NAME: _, ...noName } = fullTls();
    const { client, worker } = await connectBoth(noName);
    expect([client.status, worker.status]).toEqual(['rejected', 'rejected']);
    expect(causeMessages((worker as PromiseRejectedResult).reason)).toContain('NotValidForName');
  });
});
