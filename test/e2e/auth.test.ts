import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { syncWorkflowId } from '../../src/contracts/ids.js';
import { numberedRecords } from '../helpers/fake-api.js';
import type { Harness } from '../helpers/harness.js';
import { rawRows } from '../helpers/raw-rows.js';
import { startTestHarness } from '../helpers/test-harness.js';

let h: Harness;
beforeAll(async () => {
  h = await startTestHarness();
});
afterAll(() => h.stop());
beforeEach(() => h.fakeApi.reset(numberedRecords(3)));

const createSync = (fields: Record<string, unknown>) => h.createSync({ paused: true, url: h.fakeApi.url('/items'), ...fields });

/** Everything stored for a sync, as raw text: secrets must not appear in it. */
async function rawSyncRow(syncId: number): Promise<string> {
  return JSON.stringify(await rawRows(h.workerEnv, 'SELECT * FROM syncs WHERE sync_id = $1', [syncId]));
}

type AuthCase = [
  name: string,
  auth: { type: string } & Record<string, unknown>,
  requireIt: () => void,
  secret: string,
  shown: Record<string, unknown>,
];

describe('auth', () => {
  it.each<AuthCase>([
    [
      'bearer',
      { type: 'bearer', token: 'tok-bearer-123' },
      () => {
        h.fakeApi.requiredAuthorization = 'Bearer tok-bearer-123';
      },
      'tok-bearer-123',
      { token: '***' },
    ],
    [
      'basic',
      { type: 'basic', username: 'ann', password: 'pw-basic-456' },
      () => {
        h.fakeApi.requiredAuthorization = `Basic ${Buffer.from('ann:pw-basic-456').toString('base64')}`;
      },
      'pw-basic-456',
      { username: 'ann', password: '***' },
    ],
    [
      'api_key in a header',
      { type: 'api_key', name: 'X-Key', value: 'key-header-789', in: 'header' },
      () => {
        h.fakeApi.requiredApiKey = { in: 'header', name: 'X-Key', value: 'key-header-789' };
      },
      'key-header-789',
      { name: 'X-Key', value: '***', in: 'header' },
    ],
    [
      'api_key in the query',
      { type: 'api_key', name: 'key', value: 'key-query-012', in: 'query' },
      () => {
        h.fakeApi.requiredApiKey = { in: 'query', name: 'key', value: 'key-query-012' };
      },
      'key-query-012',
      { name: 'key', value: '***', in: 'query' },
    ],
  ])('%s authenticates every request; the secret is encrypted at rest and never shown', async (_name, auth, requireIt, secret, shown) => {
    requireIt();
    const created = await createSync({ auth });
    expect(created.auth).toEqual({ type: auth.type, ...shown });
    expect(JSON.stringify(created)).not.toContain(secret);
    const job = await h.runJob(created.sync_id);
    expect(job).toMatchObject({ status: 'succeeded', records: { created: 3 } });
    const view = await h.api('GET', `/v1/syncs/${created.sync_id}`);
    expect(JSON.stringify(view.body)).not.toContain(secret);
    expect(await rawSyncRow(created.sync_id)).not.toContain(secret);
  });

  it('a wrong credential fails the job with the status and no secret in the error', async () => {
    h.fakeApi.requiredAuthorization = 'Bearer the-right-one';
    const created = await createSync({ auth: { type: 'bearer', token: 'wrong-token-345' } });
    const job = await h.runJob(created.sync_id);
    expect(job.status).toBe('failed');
    expect(job.error?.message).toMatch(/answered 401 Unauthorized/);
    expect(job.error?.message).not.toContain('wrong-token-345');
  });

  it('never shows a secret from query_params in a job error', async () => {
    const created = await createSync({ url: h.fakeApi.url('/status/404'), query_params: { api_key: 'plain-param-secret' } });
    const job = await h.runJob(created.sync_id);
    expect(job.status).toBe('failed');
    expect(job.error?.message).not.toContain('plain-param-secret');
    expect(job.error?.message).toContain('api_key=***');
  });
});

/** Every payload's bytes as text (raw bytes, or base64 in describe's answer): a secret would show verbatim. */
function payloadText(value: unknown): string {
  return JSON.stringify(value, (key, item: unknown) => {
    if (item instanceof Uint8Array) return Buffer.from(item).toString('utf8');
    return key === 'data' && typeof item === 'string' ? Buffer.from(item, 'base64').toString('utf8') : item;
  });
}

describe('secrets and Temporal', () => {
  // That heartbeat checkpoints drop the key is the fetch activity's own test (test/workflow/).
  it('no secret reaches a workflow history, even when the API echoes its key into next URLs', async () => {
    h.fakeApi.requiredApiKey = { in: 'query', name: 'key', value: 'echoed-key-901' };
    h.fakeApi.records = numberedRecords(7);
    const created = await createSync({
      url: h.fakeApi.url('/next-url'),
      response_path: 'items',
      paging: { type: 'next_url', next_url_path: 'links.next' },
      auth: { type: 'api_key', name: 'key', value: 'echoed-key-901', in: 'query' },
    });
    const job = await h.runJob(created.sync_id);
    expect(job).toMatchObject({ status: 'succeeded', pages: 3, records: { fetched: 7 } });
    for (const workflowId of [job.workflow_id, syncWorkflowId(created.sync_id)]) {
      const history = await h.client.workflow.getHandle(workflowId).fetchHistory();
      expect(payloadText(history)).not.toContain('echoed-key-901');
    }
  });
});

describe('OAuth2 client credentials', () => {
  const oauth = () => ({
    type: 'oauth2_client_credentials',
    token_url: h.fakeApi.url('/oauth/token'),
    client_id: h.fakeApi.oauthClient.id,
    client_secret: h.fakeApi.oauthClient.secret,
    scopes: ['read:items'],
  });

  it('fetches a token with a form-encoded request and reuses it until it stops working', async () => {
    const created = await createSync({ url: h.fakeApi.url('/oauth/items'), auth: oauth() });
    expect(created.auth).toMatchObject({ type: 'oauth2_client_credentials', client_secret: '***' });
    const issuedBefore = h.fakeApi.tokensIssued;
    const before = h.fakeApi.requests.length;
    expect((await h.runJob(created.sync_id)).status).toBe('succeeded');
    expect((await h.runJob(created.sync_id)).status).toBe('succeeded');
    expect(h.fakeApi.tokensIssued - issuedBefore).toBe(1);
    const tokenRequest = h.fakeApi.requests.slice(before).find((request) => request.path === '/oauth/token')!;
    expect(tokenRequest.headers['content-type']).toContain('application/x-www-form-urlencoded');
    expect(Object.fromEntries(new URLSearchParams(String(tokenRequest.body)))).toEqual({
      grant_type: 'client_credentials',
      client_id: 'client-1',
      client_secret: 'client-secret-1',
      scope: 'read:items',
    });
  });

  it('refreshes the token once on a 401 and the job succeeds', async () => {
    const created = await createSync({ url: h.fakeApi.url('/oauth/items'), auth: oauth() });
    expect((await h.runJob(created.sync_id)).status).toBe('succeeded');
    const issued = h.fakeApi.tokensIssued;
    h.fakeApi.validTokens.clear();
    const job = await h.runJob(created.sync_id);
    expect(job).toMatchObject({ status: 'succeeded', records: { fetched: 3 } });
    expect(h.fakeApi.tokensIssued).toBe(issued + 1);
  });

  it('a rejected client secret fails the job without retrying and without showing the secret', async () => {
    const created = await createSync({ url: h.fakeApi.url('/oauth/items'), auth: { ...oauth(), client_secret: 'not-the-secret-678' } });
    const job = await h.runJob(created.sync_id);
    expect(job.status).toBe('failed');
    expect(job.error?.message).toMatch(/401/);
    expect(job.error?.message).not.toContain('not-the-secret-678');
  });
});
