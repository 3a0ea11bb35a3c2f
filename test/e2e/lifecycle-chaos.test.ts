import { randomInt } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { syncScheduleId, syncWorkflowId } from '../../src/contracts/ids.js';
import type { Job } from '../../src/contracts/job.js';
import { lifecycleQuery } from '../../src/temporal/messages.js';
import { numberedRecords } from '../helpers/fake-api.js';
import { type Harness, waitFor } from '../helpers/harness.js';
import { allEnded, expectNoOverlap, oldestFirst } from '../helpers/job-timeline.js';
import { seededRandom } from '../helpers/seeded-random.js';
import { startTestHarness } from '../helpers/test-harness.js';

type Action = 'pause' | 'resume' | 'trigger' | 'resync';
const ACTIONS: Action[] = ['pause', 'resume', 'trigger', 'resync'];
const ACTION_COUNT = 36;

interface Sent {
  action: Action;
  sentAt: number;
  answeredAt: number;
  status: number;
}

let h: Harness;
beforeAll(async () => {
  h = await startTestHarness();
  // Three pages of 400 ms: jobs of about 1.2 s, so actions land before, during and between them.
  h.fakeApi.reset(numberedRecords(9));
  h.fakeApi.delayMs = 400;
});
afterAll(() => h.stop());

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function send(syncId: number, action: Action): Promise<Sent> {
  const sentAt = Date.now();
  const response = action === 'resync' ? await h.api('POST', `/v1/syncs/${syncId}/resync`, {}) : await h.act(action, syncId);
  return { action, sentAt, answeredAt: Date.now(), status: response.status };
}

/** What was sent and what ran, in time order, for a failure message that explains itself. */
function timeline(sent: Sent[], jobs: Job[]): string {
  const events = [
    ...sent.map((entry) => ({ at: entry.sentAt, text: `${entry.action} sent (answered +${entry.answeredAt - entry.sentAt} ms)` })),
    ...jobs.map((job) => ({ at: Date.parse(job.started_at), text: `job ${job.job_id} (${job.trigger}) ran until ${job.ended_at}` })),
  ];
  return events
    .sort((a, b) => a.at - b.at)
    .map((event) => `${new Date(event.at).toISOString()} ${event.text}`)
    .join('\n');
}

/**
 * Settled: the schedule runs nothing and buffers nothing, every job has ended, and nothing changed
 * over a short while. Schedule operations reach Temporal's scheduler as messages it applies a
 * moment later, so on a loaded machine a buffered job can start seconds after the one before.
 */
async function settledJobs(syncId: number): Promise<Job[]> {
  const schedule = h.client.schedule.getHandle(syncScheduleId(syncId));
  let previous = '';
  return waitFor(
    async () => {
      const [jobs, description] = await Promise.all([h.jobsOf(syncId), schedule.describe()]);
      const idle = description.info.runningActions.length === 0 && Number(description.raw.info?.bufferSize ?? 0) === 0;
      const fingerprint = JSON.stringify(jobs.map((job) => [job.job_id, job.status]));
      const stable = idle && fingerprint === previous && allEnded(jobs);
      previous = fingerprint;
      if (!stable) await sleep(1_000);
      return { jobs, stable };
    },
    (probe) => probe.stable,
    90_000,
  ).then((probe) => probe.jobs);
}

describe('random lifecycle actions around running jobs', () => {
  it('keep every invariant: no overlap, every accepted start served, at most one queued, one status everywhere', async () => {
    const seed = Number(process.env.SYNCD_CHAOS_SEED ?? randomInt(1, 2 ** 31));
    console.log(`lifecycle chaos seed: ${seed} (replay with SYNCD_CHAOS_SEED=${seed})`);
    // Reproducible: the seed is printed, and SYNCD_CHAOS_SEED replays a run.
    const random = seededRandom(seed);
    const createdAt = Date.now();
    const { sync_id: syncId } = await h.createSync({
      url: h.fakeApi.url('/offset'),
      paging: { type: 'offset', limit: 3 },
      frequency: '1 hour',
    });
    const sent: Sent[] = [];
    let fired = 0;
    while (fired < ACTION_COUNT) {
      // Sometimes two or three at once, racing each other through the API.
      const burst = Math.min(ACTION_COUNT - fired, random() < 0.3 ? 2 + Math.floor(random() * 2) : 1);
      const actions = Array.from({ length: burst }, () => ACTIONS[Math.floor(random() * ACTIONS.length)]!);
      sent.push(...(await Promise.all(actions.map((action) => send(syncId, action)))));
      fired += burst;
      await sleep(Math.floor(random() * 700));
    }
    expect(
      sent.map((entry) => entry.status).filter((status) => status !== 200),
      `seed ${seed}`,
    ).toEqual([]);

    const jobs = oldestFirst(await settledJobs(syncId));
    expectNoOverlap(jobs);
    expect(
      jobs.every((job) => job.status === 'succeeded'),
      `seed ${seed}: ${JSON.stringify(jobs)}`,
    ).toBe(true);

    // Every accepted trigger or resync led to a job that started after it was sent (maybe one it was absorbed into).
    for (const start of sent.filter((entry) => entry.action === 'trigger' || entry.action === 'resync')) {
      const served = jobs.some((job) => Date.parse(job.started_at) >= start.sentAt - 1);
      expect(
        served,
        `seed ${seed}: ${start.action} sent at ${new Date(start.sentAt).toISOString()} led to no job; ${timeline(sent, jobs)}`,
      ).toBe(true);
    }
    // At most one queued: each job after the first was asked for by a start answered after the previous job began.
    const starts = [createdAt, ...sent.filter((entry) => entry.action !== 'pause').map((entry) => entry.answeredAt)];
    for (let index = 1; index < jobs.length; index += 1) {
      const previousStart = Date.parse(jobs[index - 1]!.started_at);
      expect(
        starts.some((at) => at >= previousStart),
        `seed ${seed}: job ${jobs[index]!.job_id} was queued by nothing`,
      ).toBe(true);
    }

    // The scheduler applies a pause a moment after accepting it: agreement is awaited, not assumed.
    const agreed = await waitFor(
      async () => {
        const view = (await h.api('GET', `/v1/syncs/${syncId}`)).body;
        const lifecycle = await h.client.workflow.getHandle(syncWorkflowId(syncId)).query(lifecycleQuery);
        const schedule = await h.client.schedule.getHandle(syncScheduleId(syncId)).describe();
        const scheduled = schedule.state.paused ? null : (schedule.info.nextActionTimes[0]?.toISOString() ?? null);
        return {
          api: view.status,
          workflow: lifecycle.status,
          schedulePaused: schedule.state.paused,
          nextRunAt: view.next_run_at,
          scheduled,
        };
      },
      (state) => state.api === state.workflow && state.schedulePaused === (state.api === 'paused') && state.nextRunAt === state.scheduled,
      15_000,
    ).catch((error: unknown) => error);
    expect(agreed instanceof Error ? agreed.message : 'agreed', `seed ${seed}`).toBe('agreed');
  });
});
