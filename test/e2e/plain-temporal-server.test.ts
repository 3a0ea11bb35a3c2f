import { Connection } from '@temporalio/client';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { syncWorkflowId } from '../../src/contracts/ids.js';
import type { DevServer } from '../../src/temporal/dev-server.js';
import { numberedRecords } from '../helpers/fake-api.js';
import { type Harness, startHarness, waitFor } from '../helpers/harness.js';
import { startTestDevServer } from '../helpers/temporal-env.js';

const INT = 3;
const KEYWORD = 2;

/** A `temporal server start-dev` as an operator runs it: no `--search-attribute` flags of syncd's. */
async function plainServer(): Promise<DevServer> {
  return startTestDevServer({ searchAttributes: {} });
}

async function customAttributes(address: string): Promise<Record<string, number>> {
  const connection = await Connection.connect({ address });
  try {
    return { ...(await connection.operatorService.listSearchAttributes({ namespace: 'default' })).customAttributes };
  } finally {
    await connection.close();
  }
}

const harnessOn = (server: DevServer) => startHarness({ address: server.address, workflowBundlePath: inject('workflowBundlePath') });

describe('against a Temporal server syncd did not start', () => {
  let server: DevServer;
  const harnesses: Harness[] = [];
  beforeAll(async () => {
    server = await plainServer();
  });
  afterAll(async () => {
    for (const harness of harnesses) await harness.stop();
    await server.stop();
  });

  it('the worker adds SyncId and SyncStatus at start, and syncs are created, found by them and run', async () => {
    expect(await customAttributes(server.address)).toEqual({});
    const h = await harnessOn(server);
    harnesses.push(h);
    expect(await customAttributes(server.address)).toEqual({ SyncId: INT, SyncStatus: KEYWORD });

    h.fakeApi.reset(numberedRecords(4));
    const { sync_id: syncId } = await h.createSync({ url: h.fakeApi.url('/items'), paused: true });
    /** The workflow ids a visibility query finds, once it finds any (visibility trails the change a little). */
    const found = (query: string) =>
      waitFor(
        async () => {
          const ids: string[] = [];
          for await (const workflow of h.client.workflow.list({ query })) ids.push(workflow.workflowId);
          return ids;
        },
        (ids) => ids.length > 0,
      );
    expect(await found(`SyncId = ${syncId} AND SyncStatus = 'paused'`)).toEqual([syncWorkflowId(syncId)]);

    const job = await h.runJob(syncId);
    expect(job).toMatchObject({ status: 'succeeded', records: { created: 4, fetched: 4 } });

    expect((await h.act('resume', syncId)).status).toBe(200);
    expect(await found(`SyncId = ${syncId} AND SyncStatus = 'active'`)).toEqual([syncWorkflowId(syncId)]);
  });

  it('a second worker starting on the same namespace finds them there and runs jobs too', async () => {
    const h = await harnessOn(server);
    harnesses.push(h);
    expect(await customAttributes(server.address)).toEqual({ SyncId: INT, SyncStatus: KEYWORD });
    h.fakeApi.reset(numberedRecords(2));
    const { sync_id: syncId } = await h.createSync({ url: h.fakeApi.url('/items'), paused: true });
    expect(await h.runJob(syncId)).toMatchObject({ status: 'succeeded', records: { created: 2, fetched: 2 } });
  });
});

describe('several workers starting together on a server without the attributes', () => {
  it('all start, and the attributes exist once', async () => {
    const server = await plainServer();
    try {
      const started = await Promise.allSettled([harnessOn(server), harnessOn(server), harnessOn(server)]);
      for (const result of started) if (result.status === 'fulfilled') await result.value.stop();
      expect(started.map((result) => result.status)).toEqual(['fulfilled', 'fulfilled', 'fulfilled']);
      expect(await customAttributes(server.address)).toEqual({ SyncId: INT, SyncStatus: KEYWORD });
    } finally {
      await server.stop();
    }
  });
});
