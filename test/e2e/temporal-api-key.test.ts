// TEMPORAL_API_KEY against a server that checks it: a TLS gRPC front that, like Temporal Cloud,
// answers UNAUTHENTICATED to any call without the right bearer key (the dev server checks none).
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { buildSystem } from '../../app/build-system.js';
import { loadConfig } from '../../src/config/config.js';
import { type ApiKeyProxy, startApiKeyProxy } from '../helpers/api-key-proxy.js';
import { numberedRecords } from '../helpers/fake-api.js';
import { startHarness } from '../helpers/harness.js';
import { makeTestCertificates, type TestCertificates } from '../helpers/test-certificates.js';
import { TEST_OVERRIDES } from '../helpers/test-overrides.js';
import { rejectionOf } from '../helpers/thrown-by.js';

const root = path.resolve(import.meta.dirname, '..', '..');
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

/** The messages of an error and its causes, outermost first. */
function messages(error: unknown): string {
  const found: string[] = [];
  for (let cause = error; cause instanceof Error; cause = cause.cause) found.push(cause.message);
  return found.join(' <- ');
}

/** What starting a worker-only syncd with `env` throws. */
async function workerStartFailure(env: Record<string, string>): Promise<unknown> {
  const dir = await mkdtemp(path.join(tmpdir(), 'syncd-api-key-'));
  try {
    const config = loadConfig(root, {
      TEMPORAL_ADDRESS: proxy.address,
      SYNCD_DB_PATH: path.join(dir, 'syncd.db'),
      SYNCD_WORKER_METRICS_PORT: '0',
      ...env,
    });
    return await rejectionOf(buildSystem(config, { ...TEST_OVERRIDES, api: false, orphanSweep: false }));
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

describe('syncd with TEMPORAL_API_KEY against a server that checks it', () => {
  it('with the right key, the API and the worker send it on every call, and a job runs', async () => {
    const [acceptedBefore, refusedBefore] = [proxy.accepted, proxy.refused.length];
    const h = await startHarness({
      address: proxy.address,
      workflowBundlePath: inject('workflowBundlePath'),
      env: withKey({ TEMPORAL_API_KEY: API_KEY }),
    });
    try {
      h.fakeApi.reset(numberedRecords(3));
      const { sync_id: syncId } = await h.createSync({ url: h.fakeApi.url('/items'), paused: true });
      expect(await h.runJob(syncId)).toMatchObject({ status: 'succeeded', records: { created: 3, fetched: 3 } });
    } finally {
      await h.stop();
    }
    expect(proxy.accepted - acceptedBefore).toBeGreaterThan(10);
    expect(proxy.refused.slice(refusedBefore)).toEqual([]);
  });

  it('with a wrong key the worker does not start, saying how it connected and what the server answered', async () => {
    const refusedBefore = proxy.refused.length;
    const error = await workerStartFailure(withKey({ TEMPORAL_API_KEY: 'not-the-key' }));
    expect(messages(error)).toMatch(
      /could not connect to Temporal at 127\.0\.0\.1:\d+ \(TLS trusting CA from TEMPORAL_TLS_CA, server name temporal\.test; API key from TEMPORAL_API_KEY\)/,
    );
    expect(messages(error)).toContain('API key missing or invalid');
    expect(proxy.refused.slice(refusedBefore)).toContain('Bearer not-the-key');
    expect(messages(error)).not.toContain('not-the-key');
  });

  it('without a key the server refuses the worker too', async () => {
    const refusedBefore = proxy.refused.length;
    const error = await workerStartFailure(withKey({}));
    expect(messages(error)).toContain('API key missing or invalid');
    expect(proxy.refused.slice(refusedBefore)).toContain(undefined);
  });
});
