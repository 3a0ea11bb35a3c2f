// TEMPORAL_API_KEY against a server that checks it: a TLS gRPC front that, like Temporal Cloud,
// answers UNAUTHENTICATED to any call without the right bearer key (the dev server checks none).
import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { type ApiKeyProxy, startApiKeyProxy } from '../helpers/api-key-proxy.js';
import { jobThroughTemporal } from '../helpers/job-through-temporal.js';
import { makeTestCertificates, type TestCertificates } from '../helpers/test-certificates.js';
import { causeMessages, workerStartFailure } from '../helpers/worker-start-failure.js';

const API_KEY = 'test-temporal-api-key-0123456789abcdef';
let certs: TestCertificates;
let proxy: ApiKeyProxy;

beforeAll(async () => {
  certs = makeTestCertificates();
  const [cert, key] = await Promise.all([readFile(certs.serverCert), readFile(certs.serverKey)]);
  proxy = await startApiKeyProxy({ target: inject('temporalAddress'), apiKey: API_KEY, cert, key });
});
afterAll(async () => {
  await proxy?.stop();
  certs?.remove();
});

/** TLS trusting the test CA, as a Cloud client trusts the system's, plus the given key settings. */
const withKey = (key: Record<string, string>) => ({ TEMPORAL_TLS_CA: certs.caCert, TEMPORAL_TLS_SERVER_NAME: certs.serverName, ...key });

describe('syncd with TEMPORAL_API_KEY against a server that checks it', () => {
  it('with the right key, the API and the worker send it on every call, and a job runs', async () => {
    const [acceptedBefore, refusedBefore] = [proxy.accepted, proxy.refused.length];
    const job = await jobThroughTemporal({
      address: proxy.address,
      workflowBundlePath: inject('workflowBundlePath'),
      env: withKey({ TEMPORAL_API_KEY: API_KEY }),
    });
    expect(job).toMatchObject({ status: 'succeeded', records: { created: 3, fetched: 3 } });
    expect(proxy.accepted - acceptedBefore).toBeGreaterThan(10);
    expect(proxy.refused.slice(refusedBefore)).toEqual([]);
  });

  it('with a wrong key the worker does not start, saying how it connected and what the server answered', async () => {
    const refusedBefore = proxy.refused.length;
    const error = await workerStartFailure(proxy.address, withKey({ TEMPORAL_API_KEY: 'not-the-key' }));
    expect(causeMessages(error)).toMatch(
      /could not connect to Temporal at 127\.0\.0\.1:\d+ \(TLS trusting CA from TEMPORAL_TLS_CA, server name temporal\.test; API key from TEMPORAL_API_KEY\)/,
    );
    expect(causeMessages(error)).toContain('API key missing or invalid');
    expect(proxy.refused.slice(refusedBefore)).toContain('Bearer not-the-key');
    expect(causeMessages(error)).not.toContain('not-the-key');
  });

  it('without a key the server refuses the worker too', async () => {
    const refusedBefore = proxy.refused.length;
    const error = await workerStartFailure(proxy.address, withKey({}));
    expect(causeMessages(error)).toContain('API key missing or invalid');
    expect(proxy.refused.slice(refusedBefore)).toContain(undefined);
  });
});
