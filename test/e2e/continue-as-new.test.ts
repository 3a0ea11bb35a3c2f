import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { syncScheduleId, syncWorkflowId } from '../../src/contracts/ids.js';
import { lifecycleQuery } from '../../src/contracts/messages.js';
import type { DevServer } from '../../src/temporal/dev-server.js';
import { numberedRecords } from '../helpers/fake-api.js';
import { startHarness, waitFor, type Harness } from '../helpers/harness.js';
import { startTestDevServer } from '../helpers/temporal-env.js';

// A dev server of its own that suggests continue-as-new after a few events, so a sync's entity
// workflow continues as new many times in one test.
let server: DevServer;
let h: Harness;
beforeAll(async () => {
  server = await startTestDevServer({ dynamicConfig: { 'limit.historyCount.suggestContinueAsNew': 25 } });
  h = await startHarness({ address: server.address, workflowBundlePath: inject('workflowBundlePath') });
  h.fakeApi.records = numberedRecords(2);
});
afterAll(async () => {
  await h?.stop();
  await server?.stop();
});

describe('a long-lived sync', () => {
  it('continues as new, keeping its state, schedule and every answer the API gives', async () => {
    const { sync_id: syncId } = await h.createSync({ url: h.fakeApi.url('/items'), frequency: '1 hour', paused: true });
    const handle = h.client.workflow.getHandle(syncWorkflowId(syncId));
    const firstRunId = (await handle.describe()).runId;
    for (let round = 0; round < 4; round += 1) {
      expect((await h.act('resume', syncId)).body.status).toBe('active');
      expect((await h.act('pause', syncId)).body.status).toBe('paused');
    }
    await h.api('PATCH', `/v1/syncs/${syncId}`, { frequency: '2 hours' });
    expect((await h.act('resume', syncId)).body).toMatchObject({ status: 'active', frequency: '2 hours' });

    const described = await waitFor(() => handle.describe(), (description) => description.runId !== firstRunId);
    expect(described.status.name).toBe('RUNNING');
    expect(await handle.query(lifecycleQuery)).toEqual({ sync_id: syncId, status: 'active' });
    // The schedule kept the new interval across runs: a resume re-phases it with the schedule the workflow carried over.
    const schedule = await h.client.schedule.getHandle(syncScheduleId(syncId)).describe();
    expect(schedule.spec.intervals?.[0]?.every).toBe(7_200_000);
    expect(schedule.state.paused).toBe(false);
    await waitFor(() => h.jobsOf(syncId), (jobs) => jobs.length === 5 && jobs.every((job) => job.status === 'succeeded'));
    expect((await h.act('cancel', syncId)).body.status).toBe('cancelled');
  });
});
