import { execFile } from 'node:child_process';
import { setTimeout as sleep } from 'node:timers/promises';
import { promisify } from 'node:util';
import { ScheduleNotFoundError } from '@temporalio/client';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { syncScheduleId, syncWorkflowId } from '../../src/contracts/ids.js';
import type { Job } from '../../src/contracts/job.js';
import { pauseUpdate } from '../../src/temporal/messages.js';
import { numberedRecords } from '../helpers/fake-api.js';
import { type Harness, waitFor } from '../helpers/harness.js';
import { startTestHarness } from '../helpers/test-harness.js';

let h: Harness;
beforeAll(async () => {
  h = await startTestHarness();
  h.fakeApi.records = numberedRecords(3);
});
afterAll(() => h.stop());

const createSync = async (fields: Record<string, unknown>): Promise<number> =>
  (await h.createSync({ url: h.fakeApi.url('/items'), ...fields })).sync_id;
const settled = (jobs: Job[]) => jobs.every((job) => job.status !== 'running');

describe('pause', () => {
  it('a paused sync runs no job over several intervals', async () => {
    const syncId = await createSync({ frequency: '1 second' });
    await waitFor(
      () => h.jobsOf(syncId),
      (jobs) => jobs.filter((job) => job.trigger === 'schedule').length >= 1,
    );
    const paused = await h.act('pause', syncId);
    expect(paused.status).toBe(200);
    expect(paused.body).toMatchObject({ sync_id: syncId, status: 'paused', next_run_at: null });
    const before = await waitFor(() => h.jobsOf(syncId), settled);
    await sleep(4_000);
    const after = await h.jobsOf(syncId);
    expect(after.map((job) => job.job_id)).toEqual(before.map((job) => job.job_id));
  });
});

describe('no-op changes', () => {
  // That they call no activity (so start no job) is the entity workflow's own test (test/workflow/).
  it.each([
    ['pausing a paused sync', 'pause', { paused: true }, 'paused'],
    ['resuming an active sync', 'resume', {}, 'active'],
  ])('%s answers 200 with its status', async (_name, action, fields, status) => {
    const syncId = await createSync({ frequency: '1 hour', ...fields });
    const again = await h.act(action, syncId);
    expect(again.status).toBe(200);
    expect(again.body).toMatchObject({ sync_id: syncId, status });
  });
});

describe('resume', () => {
  it('starts a job at once and phases the next run one interval after the resume', async () => {
    const syncId = await createSync({ frequency: '1 hour', paused: true });
    const resumedAt = Date.now();
    const resumed = await h.act('resume', syncId);
    expect(resumed.status).toBe(200);
    expect(resumed.body.status).toBe('active');
    const nextRun = Date.parse(resumed.body.next_run_at);
    expect(nextRun).toBeGreaterThanOrEqual(Math.floor(resumedAt / 1000) * 1000 + 3_600_000);
    expect(nextRun).toBeLessThanOrEqual(Date.now() + 3_600_000);
    const jobs = await waitFor(
      () => h.jobsOf(syncId),
      (list) => list[0]?.status === 'succeeded',
      5_000,
    );
    expect(jobs).toHaveLength(1);
    expect(jobs[0]!.trigger).toBe('resume');
    expect(Date.parse(jobs[0]!.started_at) - resumedAt).toBeLessThan(5_000);
  });
});

describe('trigger', () => {
  it('runs a job now on a paused sync, which stays paused', async () => {
    const syncId = await createSync({ paused: true });
    const triggered = await h.act('trigger', syncId);
    expect(triggered.status).toBe(200);
    expect(triggered.body.status).toBe('paused');
    const jobs = await waitFor(
      () => h.jobsOf(syncId),
      (list) => list[0]?.status === 'succeeded',
    );
    expect(jobs[0]).toMatchObject({ trigger: 'manual', records: { fetched: 3 } });
    expect((await h.api('GET', `/v1/syncs/${syncId}`)).body.status).toBe('paused');
  });

  it('during a running job queues exactly one follow-up, never two jobs at once', async () => {
    h.fakeApi.delayMs = 1_500;
    try {
      const syncId = await createSync({ paused: true });
      await h.act('trigger', syncId);
      await waitFor(
        () => h.jobsOf(syncId),
        (jobs) => jobs[0]?.status === 'running',
      );
      for (let i = 0; i < 3; i += 1) expect((await h.act('trigger', syncId)).status).toBe(200);
      await waitFor(
        () => h.jobsOf(syncId),
        (jobs) => jobs.length === 2 && settled(jobs),
      );
      await sleep(2_500);
      const jobs = (await h.jobsOf(syncId)).reverse();
      expect(jobs).toHaveLength(2);
      expect(jobs.map((job) => job.status)).toEqual(['succeeded', 'succeeded']);
      expect(Date.parse(jobs[1]!.started_at)).toBeGreaterThanOrEqual(Date.parse(jobs[0]!.ended_at!));
    } finally {
      h.fakeApi.delayMs = 0;
    }
  });
});

describe('cancel', () => {
  it('stops a running job promptly, marks it cancelled and removes the schedule', async () => {
    h.fakeApi.delayMs = 8_000;
    try {
      const syncId = await createSync({ paused: true });
      await h.act('trigger', syncId);
      await waitFor(
        () => h.jobsOf(syncId),
        (jobs) => jobs[0]?.status === 'running',
      );
      const cancelStarted = Date.now();
      const cancelled = await h.act('cancel', syncId);
      expect(cancelled.status).toBe(200);
      expect(Date.now() - cancelStarted).toBeLessThan(6_000);
      expect(cancelled.body).toMatchObject({ status: 'cancelled', next_run_at: null, last_job: { status: 'cancelled', error: null } });
      expect(cancelled.body.last_job.ended_at).not.toBeNull();
      await expect(h.client.schedule.getHandle(syncScheduleId(syncId)).describe()).rejects.toBeInstanceOf(ScheduleNotFoundError);
      const workflow = await h.client.workflow.getHandle(syncWorkflowId(syncId)).describe();
      expect(workflow.status.name).toBe('COMPLETED');
    } finally {
      h.fakeApi.delayMs = 0;
    }
  });

  // That no activity runs once cancelled is the entity workflow's own test (test/workflow/).
  it('is permanent: resume, trigger and pause answer 409, cancel again answers 200', async () => {
    const syncId = await createSync({ frequency: '1 hour' });
    expect((await h.act('cancel', syncId)).status).toBe(200);
    for (const action of ['resume', 'trigger', 'pause']) {
      const response = await h.act(action, syncId);
      expect(response.status, action).toBe(409);
      expect(response.body.error.code).toBe('sync_cancelled');
      expect(response.body.error.message).toContain(`sync ${syncId} is cancelled`);
    }
    const again = await h.act('cancel', syncId);
    expect(again.status).toBe(200);
    expect(again.body.status).toBe('cancelled');
  });
});

describe('the seed contract and its aliases', () => {
  it('PUT /v1/syncs takes exactly {"action", "sync_id"} and POST /v1/syncs/:id/:action does the same', async () => {
    const syncId = await createSync({ frequency: '1 hour', paused: true });
    const raw = (body: string) =>
      fetch(`${h.baseUrl}/v1/syncs`, { method: 'PUT', headers: { 'content-type': 'application/json' }, body }).then(async (r) => ({
        status: r.status,
        body: await r.json(),
      }));
    expect(await raw(`{"action": "resume", "sync_id": ${syncId}}`)).toMatchObject({ status: 200, body: { status: 'active' } });
    expect(await raw(`{"action": "pause", "sync_id": ${syncId}}`)).toMatchObject({ status: 200, body: { status: 'paused' } });
    const viaPath = await h.api('POST', `/v1/syncs/${syncId}/resume`);
    expect(viaPath).toMatchObject({ status: 200, body: { status: 'active' } });
    const viaPathPause = await h.api('POST', `/v1/syncs/${syncId}/pause`);
    expect(viaPathPause).toMatchObject({ status: 200, body: { status: 'paused' } });
    const badPathAction = await h.api('POST', `/v1/syncs/${syncId}/explode`);
    expect(badPathAction.status).toBe(400);
    expect(badPathAction.body.error.details[0].field).toBe('action');
  });
});

describe('operators with the Temporal CLI', () => {
  const temporal = (...args: string[]) =>
    promisify(execFile)(inject('temporalCliPath'), [...args, '--address', inject('temporalAddress'), '--namespace', 'default']);

  it("a schedule deleted behind the workflow's back makes pause answer 409 naming it, and cancel still works", async () => {
    const syncId = await createSync({ frequency: '1 hour' });
    await temporal('schedule', 'delete', '--schedule-id', syncScheduleId(syncId));
    const paused = await h.act('pause', syncId);
    expect(paused.status).toBe(409);
    expect(paused.body.error).toMatchObject({ code: 'sync_workflow_closed' });
    expect(paused.body.error.message).toContain(`the schedule of sync ${syncId} was deleted outside syncd`);
    expect((await h.api('GET', `/v1/syncs/${syncId}`)).body.status).toBe('active');
    expect((await h.act('cancel', syncId)).body.status).toBe('cancelled');
  });

  it('a pause through `temporal workflow update execute` shows in the API, as does a cancel', async () => {
    const syncId = await createSync({ frequency: '1 hour' });
    await temporal('workflow', 'update', 'execute', '--workflow-id', syncWorkflowId(syncId), '--name', pauseUpdate.name);
    const view = await h.api('GET', `/v1/syncs/${syncId}`);
    expect(view.body).toMatchObject({ status: 'paused', next_run_at: null });
    const { stdout } = await temporal('schedule', 'describe', '--schedule-id', syncScheduleId(syncId), '--output', 'json');
    expect(JSON.parse(stdout).schedule.state.paused).toBe(true);

    await temporal('workflow', 'cancel', '--workflow-id', syncWorkflowId(syncId));
    const cancelled = await waitFor(
      () => h.api('GET', `/v1/syncs/${syncId}`),
      (response) => response.body.status === 'cancelled',
    );
    expect(cancelled.body.next_run_at).toBeNull();
    expect((await h.act('resume', syncId)).status).toBe(409);
  });
});
