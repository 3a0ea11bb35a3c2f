import { randomInt } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { SyncStatus } from '../../src/contracts/sync.js';
import { operatorOrigin } from '../../src/temporal/change-origin.js';
import type { DevServer } from '../../src/temporal/dev-server.js';
import { cancelUpdate, lifecycleQuery, pauseUpdate, rescheduleUpdate, resumeUpdate } from '../../src/temporal/messages.js';
import { syncWorkflow } from '../../workflows/sync-workflow.js';
import { FakeActivities } from '../helpers/fake-activities.js';
import { startTestDevServer } from '../helpers/temporal-env.js';
import { testWorkflowId, WorkflowTestEnv } from '../helpers/workflow-worker.js';

// A dev server of its own that suggests continue-as-new after a few events, so the entity
// workflow continues as new after a couple of updates.
let server: DevServer;
let env: WorkflowTestEnv;
beforeAll(async () => {
  server = await startTestDevServer({ dynamicConfig: { 'limit.historyCount.suggestContinueAsNew': 25 } });
  env = await WorkflowTestEnv.connect(server.address, inject('workflowBundlePath'));
});
afterAll(async () => {
  await env?.close();
  await server?.stop();
});

describe('a long-lived sync workflow', () => {
  it('continues as new carrying its status and its rescheduled schedule, and never sets up the schedule again', async () => {
    const syncId = randomInt(1, 1_000_000_000);
    const stored = { type: 'interval', every_seconds: 7200 } as const;
    const fake = new FakeActivities().on('rescheduleSync', async () => stored);
    await env.withWorker(fake, async (taskQueue) => {
      const handle = await env.client.workflow.start(syncWorkflow, {
        workflowId: testWorkflowId('sync'),
        taskQueue,
        args: [{ sync_id: syncId, schedule: { type: 'interval', every_seconds: 3600 }, status: 'paused', schedule_ready: true }],
      });
      await handle.executeUpdate(rescheduleUpdate, { args: [stored] });
      let status: SyncStatus = 'paused';
      for (let round = 0; (await handle.describe()).runId === handle.firstExecutionRunId; round += 1) {
        if (round === 20) throw new Error('the workflow never continued as new');
        status = (await handle.executeUpdate(status === 'paused' ? resumeUpdate : pauseUpdate, { args: [null] })).status;
      }
      const firstRun = await env.client.workflow.getHandle(handle.workflowId, handle.firstExecutionRunId).describe();
      expect(firstRun.status.name).toBe('CONTINUED_AS_NEW');

      expect(await handle.query(lifecycleQuery)).toEqual({ sync_id: syncId, status });
      if (status === 'active') await handle.executeUpdate(pauseUpdate, { args: [null] });
      const resumesBefore = fake.argsOf('resumeSync').length;
      expect(await handle.executeUpdate(resumeUpdate, { args: [null] })).toEqual({ sync_id: syncId, status: 'active' });
      // The new run resumes with the schedule the old one was rescheduled to, not its first input's.
      expect(fake.argsOf('resumeSync').slice(resumesBefore)).toEqual([[{ sync_id: syncId, schedule: stored, origin: operatorOrigin }]]);
      expect(fake.names()).not.toContain('createSyncSchedule');

      expect(await handle.executeUpdate(cancelUpdate, { args: [null] })).toEqual({ sync_id: syncId, status: 'cancelled' });
      expect(await handle.result()).toEqual({ sync_id: syncId, status: 'cancelled' });
    });
  });
});
