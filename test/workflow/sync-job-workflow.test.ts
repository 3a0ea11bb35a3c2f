import { randomInt } from 'node:crypto';
import { Context } from '@temporalio/activity';
import { WorkflowFailedError, type WorkflowHandle } from '@temporalio/client';
import { ApplicationFailure, CancelledFailure } from '@temporalio/common';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { httpStatusError, jobFailure } from '../../activities/failure-class.js';
import { syncJobWorkflow } from '../../workflows/sync-job-workflow.js';
import { type webhookDeliveryWorkflow, webhookDeliveryWorkflowId } from '../../workflows/webhook-delivery-workflow.js';
import { FakeActivities } from '../helpers/fake-activities.js';
import { testWorkflowId, WorkflowTestEnv } from '../helpers/workflow-worker.js';

/** One job on its own: the job workflow with fake activities, so each outcome can be staged. */
let env: WorkflowTestEnv;
beforeAll(async () => {
  env = await WorkflowTestEnv.connect(inject('temporalAddress'), inject('workflowBundlePath'));
});
afterAll(() => env.close());

type JobHandle = WorkflowHandle<typeof syncJobWorkflow>;

const JOB_ID = 7;
const opened = { job_id: JOB_ID, trigger: 'manual', mode: 'full' } as const;

async function withJobWorkflow(fake: FakeActivities, body: (handle: JobHandle, syncId: number) => Promise<void>): Promise<void> {
  const syncId = randomInt(1, 1_000_000_000);
  await env.withWorker(fake, async (taskQueue) => {
    const handle = await env.client.workflow.start(syncJobWorkflow, {
      workflowId: testWorkflowId('job'),
      taskQueue,
      args: [{ sync_id: syncId }],
    });
    await body(handle, syncId);
  });
}

const failureOf = (result: Promise<unknown>): Promise<unknown> =>
  result.then(
    () => new Error('expected the workflow to fail'),
    (error: unknown) => error,
  );

describe('a job that runs', () => {
  it('opens the job, fetches, closes it as succeeded, then delivers its webhook in a child it does not wait for', async () => {
    const fake = new FakeActivities()
      .on('beginJob', async () => opened)
      .on('fetchAndStoreRecords', async () => ({ fetched: 5, pages: 2 }))
      .on('prepareWebhookDelivery', async () => ({ delivery_id: 3 }));
    await withJobWorkflow(fake, async (handle, syncId) => {
      expect(await handle.result()).toEqual({ job_id: JOB_ID, summary: { fetched: 5, pages: 2 } });
      const delivery = env.client.workflow.getHandle<typeof webhookDeliveryWorkflow>(webhookDeliveryWorkflowId(handle.workflowId, JOB_ID));
      expect(await delivery.result()).toEqual({ delivered: true });
      expect(fake.calls).toEqual([
        { name: 'beginJob', args: [syncId] },
        { name: 'fetchAndStoreRecords', args: [{ sync_id: syncId, job_id: JOB_ID }] },
        { name: 'finishJob', args: [{ job_id: JOB_ID, status: 'succeeded', error: null }] },
        { name: 'prepareWebhookDelivery', args: [JOB_ID] },
        { name: 'deliverWebhook', args: [{ delivery_id: 3, job_id: JOB_ID }] },
      ]);
    });
  });

  it('a fetch that fails for a transient reason is retried, and the job still succeeds', async () => {
    let attempts = 0;
    const fake = new FakeActivities()
      .on('beginJob', async () => opened)
      .on('fetchAndStoreRecords', async () => {
        attempts += 1;
        if (attempts === 1) throw new Error('GET http://api.test/items failed: connection reset');
        return { fetched: 3, pages: 1 };
      });
    await withJobWorkflow(fake, async (handle) => {
      expect(await handle.result()).toEqual({ job_id: JOB_ID, summary: { fetched: 3, pages: 1 } });
      expect(fake.argsOf('fetchAndStoreRecords')).toHaveLength(2);
      expect(fake.argsOf('finishJob')).toEqual([[{ job_id: JOB_ID, status: 'succeeded', error: null }]]);
    });
  });
});

describe('a job that fails', () => {
  it('is closed as failed with the classified error the activity carried, announced, put to the failure policy, and fails its workflow', async () => {
    const error = httpStatusError(404, 'GET http://api.test/items answered 404 Not Found: {"message":"no"}');
    const fake = new FakeActivities()
      .on('beginJob', async () => opened)
      .on('fetchAndStoreRecords', async () => {
        throw jobFailure(error, { nonRetryable: true });
      });
    await withJobWorkflow(fake, async (handle, syncId) => {
      const failure = await failureOf(handle.result());
      expect(failure).toBeInstanceOf(WorkflowFailedError);
      const cause = (failure as WorkflowFailedError).cause;
      expect(cause).toBeInstanceOf(ApplicationFailure);
      expect(cause).toMatchObject({ type: 'SyncJobFailed', message: `job ${JOB_ID} failed: ${error.message}`, details: [error] });
      expect(fake.names()).toEqual(['beginJob', 'fetchAndStoreRecords', 'finishJob', 'prepareWebhookDelivery', 'applyFailurePolicy']);
      expect(fake.argsOf('finishJob')).toEqual([[{ job_id: JOB_ID, status: 'failed', error }]]);
      expect(fake.argsOf('applyFailurePolicy')).toEqual([[{ sync_id: syncId, job_id: JOB_ID }]]);
    });
  });

  it('calls a failure nobody classified internal, with its message', async () => {
    const fake = new FakeActivities()
      .on('beginJob', async () => opened)
      .on('fetchAndStoreRecords', async () => {
        throw ApplicationFailure.nonRetryable('cannot read properties of undefined', 'TypeError');
      });
    await withJobWorkflow(fake, async (handle) => {
      await failureOf(handle.result());
      expect(fake.argsOf('finishJob')).toEqual([
        [
          {
            job_id: JOB_ID,
            status: 'failed',
            error: { class: 'internal', code: 'internal_error', message: 'cannot read properties of undefined' },
          },
        ],
      ]);
    });
  });
});

describe('a job whose sync is cancelled or gone', () => {
  it('is skipped without fetching anything', async () => {
    const fake = new FakeActivities().on('beginJob', async () => null);
    await withJobWorkflow(fake, async (handle, syncId) => {
      expect(await handle.result()).toEqual({ job_id: null, skipped: `sync ${syncId} is cancelled or gone` });
      expect(fake.names()).toEqual(['beginJob']);
    });
  });
});

describe('a job that is cancelled', () => {
  it('stops its fetch, closes the job as cancelled without an error, and ends as Canceled', async () => {
    const fake = new FakeActivities()
      .on('beginJob', async () => opened)
      .on('fetchAndStoreRecords', async () => {
        // Like the real fetch: heartbeats, through which Temporal delivers the cancellation.
        const context = Context.current();
        for (;;) {
          context.heartbeat();
          await context.sleep(100);
        }
      });
    await withJobWorkflow(fake, async (handle) => {
      await fake.called('fetchAndStoreRecords');
      await handle.cancel();
      const ended = await failureOf(handle.result());
      expect(ended).toBeInstanceOf(WorkflowFailedError);
      expect((ended as WorkflowFailedError).cause).toBeInstanceOf(CancelledFailure);
      expect(fake.names()).toEqual(['beginJob', 'fetchAndStoreRecords', 'finishJob', 'prepareWebhookDelivery']);
      expect(fake.argsOf('finishJob')).toEqual([[{ job_id: JOB_ID, status: 'cancelled', error: null }]]);
    });
  });
});
