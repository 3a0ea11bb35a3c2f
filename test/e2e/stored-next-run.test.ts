import { afterAll, beforeAll, expect, it } from 'vitest';
import { syncScheduleId } from '../../src/contracts/ids.js';
import type { Sync } from '../../src/contracts/sync-definition.js';
import { numberedRecords } from '../helpers/fake-api.js';
import { type Harness, waitFor } from '../helpers/harness.js';
import { startTestHarness } from '../helpers/test-harness.js';

let h: Harness;
beforeAll(async () => {
  h = await startTestHarness();
  h.fakeApi.records = numberedRecords(2);
});
afterAll(() => h.stop());

/** The sync as the list shows it: from the database only. */
const listed = async (syncId: number): Promise<Sync | undefined> =>
  ((await h.api('GET', '/v1/syncs?limit=100')).body.data as Sync[]).find((sync) => sync.sync_id === syncId);

it('the worker stores next_run_at as the schedule changes, so the list shows what Temporal says', async () => {
  const created = await h.createSync({ url: h.fakeApi.url('/items'), frequency: '1 hour' });
  const syncId = created.sync_id;
  await h.waitForNewJob(syncId, 0);
  const fresh = (await h.api('GET', `/v1/syncs/${syncId}`)).body as Sync;
  expect(fresh).toMatchObject({ next_run_at: expect.any(String), next_run_at_stale: false });
  await waitFor(
    () => listed(syncId),
    (sync) => sync?.next_run_at === fresh.next_run_at,
  );
  expect(await listed(syncId)).toMatchObject({ next_run_at_stale: false });

  expect((await h.act('pause', syncId)).status).toBe(200);
  expect((await h.storage.getSync(syncId))?.next_run_at).toBeNull();

  expect((await h.act('resume', syncId)).status).toBe(200);
  const resumed = (await h.api('GET', `/v1/syncs/${syncId}`)).body as Sync;
  await waitFor(
    () => listed(syncId),
    (sync) => sync?.next_run_at === resumed.next_run_at,
  );

  // A PATCH of the frequency moves the next run; the list must show the new one at once.
  expect((await h.api('PATCH', `/v1/syncs/${syncId}`, { frequency: '2 hours' })).status).toBe(200);
  const rescheduled = (await h.api('GET', `/v1/syncs/${syncId}`)).body as Sync;
  expect(rescheduled.next_run_at).not.toBe(resumed.next_run_at);
  expect(await listed(syncId)).toMatchObject({ next_run_at: rescheduled.next_run_at });

  expect((await h.act('cancel', syncId)).status).toBe(200);
  expect((await h.storage.getSync(syncId))?.next_run_at).toBeNull();
});

it("job after job, an interval sync's stored next run stays on its schedule's own fire times", async () => {
  const everyMs = 2_000;
  const { sync_id: syncId } = await h.createSync({ url: h.fakeApi.url('/items'), frequency: '2 seconds' });
  // The first job is the one creation starts; the next ones are fire times of the schedule.
  await waitFor(
    () => h.jobsOf(syncId),
    (jobs) => jobs.filter((job) => job.status !== 'running').length >= 4,
    30_000,
  );
  const description = await h.client.schedule.getHandle(syncScheduleId(syncId)).describe();
  const stored = (await h.storage.getSync(syncId))?.next_run_at ?? null;
  expect(stored).not.toBeNull();
  const fromSchedule = Date.parse(stored!) - description.info.nextActionTimes[0]!.getTime();
  // On the schedule's grid, and its next fire time or a neighbour (a fire may fall between the reads).
  expect(Math.abs(fromSchedule % everyMs)).toBe(0);
  expect(Math.abs(fromSchedule)).toBeLessThanOrEqual(everyMs);
  expect((await h.act('cancel', syncId)).status).toBe(200);
});
