import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Readiness } from '../../src/contracts/readiness.js';
import { SyncClient } from '../../src/sdk/sync-client.js';
import { type ApiWithoutTemporal, startApiWithoutTemporal } from '../helpers/api-without-temporal.js';
import { type Harness, waitFor } from '../helpers/harness.js';
import { startTestHarness } from '../helpers/test-harness.js';

let h: Harness;

beforeAll(async () => {
  h = await startTestHarness();
});

afterAll(() => h?.stop());

async function readyz(baseUrl: string): Promise<{ status: number; body: Readiness }> {
  const response = await fetch(`${baseUrl}/readyz`);
  return { status: response.status, body: (await response.json()) as Readiness };
}

const ok = { ok: true };

describe('GET /readyz', () => {
  it('answers 200 with every check passed while the database and Temporal answer and a worker polls', async () => {
    // The harness's worker reaches Temporal's task queue a moment after it starts.
    const answer = await waitFor(
      () => readyz(h.baseUrl),
      (current) => current.status === 200,
    );
    expect(answer.body).toEqual({ ready: true, checks: { storage: ok, temporal: ok, worker: ok } });
    expect(await h.sdk.ready()).toEqual(answer.body);
  });

  it('answers 503 naming the worker check when no worker polls the task queue the API uses', async () => {
    const idleQueue = `idle-${randomUUID()}`;
    const api = await h.startApi({ SYNCD_TASK_QUEUE: idleQueue });
    try {
      const answer = await readyz(api.baseUrl);
      expect(answer.status).toBe(503);
      expect(answer.body).toEqual({
        ready: false,
        checks: {
          storage: ok,
          temporal: ok,
          worker: {
            ok: false,
            detail: expect.stringMatching(new RegExp(`^no worker polled task queue ${idleQueue} for workflow or activity tasks`)),
          },
        },
      });
      // Not ready is the SDK's answer too, not an error.
      expect(await new SyncClient({ baseUrl: api.baseUrl, retries: 0 }).ready()).toEqual(answer.body);
    } finally {
      await api.stop();
    }
  });
});

describe('GET /readyz without Temporal', () => {
  let api: ApiWithoutTemporal;

  beforeAll(async () => {
    api = await startApiWithoutTemporal({ timeoutMs: 2_000, maxResponseBytes: 1024 * 1024 });
  });

  afterAll(() => api?.stop());

  it('answers 503 naming the temporal and worker checks, while storage passes', async () => {
    const answer = await readyz(api.baseUrl);
    expect(answer.status).toBe(503);
    expect(answer.body).toEqual({
      ready: false,
      checks: {
        storage: ok,
        temporal: { ok: false, detail: expect.any(String) },
        worker: { ok: false, detail: expect.any(String) },
      },
    });
  });

  // A PostgreSQL server going away is database-gone.test.ts's; here this API's own storage is closed.
  it('answers 503 naming the storage check once the database is closed', async () => {
    await api.storage.close();
    const answer = await readyz(api.baseUrl);
    expect(answer.status).toBe(503);
    expect(answer.body.checks.storage).toEqual({ ok: false, detail: 'the database query failed' });
    expect(answer.body.ready).toBe(false);
  });
});
